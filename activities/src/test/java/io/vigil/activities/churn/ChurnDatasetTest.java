package io.vigil.activities.churn;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.activities.churn.ChurnHistoryGenerator.History;
import io.vigil.activities.churn.ChurnHistoryGenerator.Planned;
import io.vigil.activities.detection.TestDatabase;
import io.vigil.infra.persistence.ChurnHistory;
import io.vigil.infra.persistence.Sql;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The generated history end to end: both classes in the counts its plan implies, the precursors
 * visible in the features, and no feature of a day reaching past it (everything dated later
 * deleted, the day's rows are the same).
 */
class ChurnDatasetTest {
  private static final LocalDate TO = LocalDate.of(2026, 11, 1);
  private static final int CUSTOMERS = 300;
  private static TestDatabase db;
  private static History history;
  private static ChurnFeatures features;
  private static ChurnLabels labels;

  @BeforeAll
  static void generated() {
    db = new TestDatabase();
    history = ChurnHistoryGenerator.write(db.dataSource(), 13, CUSTOMERS, TO);
    ChurnHistory rows = new ChurnHistory(new Sql(db.dataSource()));
    features = new ChurnFeatures(rows);
    labels = new ChurnLabels(rows, ChurnLabels.DEFAULT_LEAD_DAYS);
  }

  @AfterAll
  static void close() throws Exception {
    db.close();
  }

  @Test
  void theGeneratorWritesBothClassesInThePlannedCounts() {
    assertThat(history.customers()).hasSize(CUSTOMERS);
    assertThat(history.churners()).isBetween(30L, 60L);
    assertThat(db.query("SELECT count(*) FROM customer_events WHERE type = 'churned'"))
        .containsExactly(String.valueOf(history.churners()));
    assertThat(Long.parseLong(db.query("SELECT count(*) FROM customer_events WHERE type = 'renewal'").get(0))).isPositive();

    LocalDate from = history.from().plusDays(84);
    LocalDate to = TO.minusDays(30);
    ChurnDataset set = ChurnDataset.build(features, labels, from, to, 7, TO);
    Map<String, Float> expected = new HashMap<>();
    for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(7)) {
      for (Planned p : history.customers()) {
        if (p.activeOn(day)) {
          boolean churns = p.churnedOn() != null && p.churnedOn().isAfter(day) && !p.churnedOn().isAfter(day.plusDays(30));
          expected.put(p.customerId() + "@" + day, churns ? 1f : 0f);
        }
      }
    }
    assertThat(set.size()).isEqualTo(expected.size());
    Map<String, Float> actual = new HashMap<>();
    for (int i = 0; i < set.size(); i++) {
      actual.put(set.customerIds()[i] + "@" + set.asOf()[i], set.labels()[i]);
      assertThat(set.features()[i]).hasSize(set.featureNames().length);
      assertThat(set.arr()[i]).isPositive();
    }
    assertThat(actual).isEqualTo(expected);
    long positives = expected.values().stream().filter(y -> y == 1f).count();
    assertThat(positives).isGreaterThan(40);
    assertThat(expected.size() - positives).isGreaterThan(10 * positives);
  }

  @Test
  void theChurnersPrecursorsShowInTheirFeatures() {
    ChurnDataset set = ChurnDataset.build(features, labels, history.from().plusDays(84), TO.minusDays(30), 7, TO);
    List<String> names = List.of(set.featureNames());
    for (String feature : List.of("dau_slope_8w", "logins_per_user_change_4w", "seat_utilization", "nps_latest")) {
      assertThat(mean(set, names.indexOf(feature), 1f)).as(feature)
          .isLessThan(mean(set, names.indexOf(feature), 0f));
    }
    assertThat(mean(set, names.indexOf("tickets_30d"), 1f)).isGreaterThan(mean(set, names.indexOf("tickets_30d"), 0f));
    assertThat(mean(set, names.indexOf("days_to_renewal"), 1f)).isLessThan(mean(set, names.indexOf("days_to_renewal"), 0f));
  }

  @Test
  void everythingDatedAfterTheDayCanGoWithoutChangingItsRows() {
    LocalDate day = TO.minusDays(120);
    Map<String, double[]> before = features.asOf(day);
    String cutoff = "'" + day.plusDays(1) + " 00:00+00'";
    long deleted = 0;
    for (String delete : List.of(
        "DELETE FROM usage_metrics WHERE metric_date > '" + day + "'",
        "DELETE FROM feature_usage_metrics WHERE metric_date > '" + day + "'",
        "DELETE FROM customer_account_history WHERE effective_on > '" + day + "'",
        "DELETE FROM support_tickets WHERE opened_at >= " + cutoff,
        "DELETE FROM survey_responses WHERE responded_at >= " + cutoff,
        "DELETE FROM customer_events WHERE at >= " + cutoff)) {
      deleted += Long.parseLong(db.query("WITH gone AS (" + delete + " RETURNING 1) SELECT count(*) FROM gone").get(0));
    }
    assertThat(deleted).isGreaterThan(10_000);
    Map<String, double[]> after = features.asOf(day);
    assertThat(after.keySet()).isEqualTo(before.keySet());
    for (String id : before.keySet()) {
      assertThat(Arrays.equals(before.get(id), after.get(id))).as(id).isTrue();
    }
  }

  private static double mean(ChurnDataset set, int column, float label) {
    double sum = 0;
    int n = 0;
    float[][] x = set.features();
    float[] y = set.labels();
    for (int i = 0; i < y.length; i++) {
      if (y[i] == label && !Float.isNaN(x[i][column])) {
        sum += x[i][column];
        n++;
      }
    }
    return sum / n;
  }
}
