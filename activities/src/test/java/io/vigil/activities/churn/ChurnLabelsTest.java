package io.vigil.activities.churn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.activities.detection.TestDatabase;
import io.vigil.infra.persistence.ChurnHistory;
import io.vigil.infra.persistence.Sql;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The label's window (D, D + lead] at both of its edges, in UTC days, and who is not an example at all. */
class ChurnLabelsTest {
  private static final LocalDate D = LocalDate.of(2026, 6, 1);
  private static TestDatabase db;
  private static ChurnHistory history;

  @BeforeAll
  static void customers() {
    db = new TestDatabase();
    history = new ChurnHistory(new Sql(db.dataSource()));
    db.execute("INSERT INTO users (id, name, email, role) VALUES ('sarah', 'Sarah', 's@example.com', 'csm')");
    Map<String, String> churnedAt = Map.of(
        "on-d", D + " 12:00+00",                   // churned on D: not in D's population
        "first-day", D.plusDays(1) + " 00:00+00",  // the first moment of the window
        "day-30", D.plusDays(30) + " 23:59:59+00", // the last moment of the window
        "day-31", D.plusDays(31) + " 00:00+00",    // just past it
        "long-ago", D.minusDays(90) + " 09:00+00");
    for (String id : new String[] {"on-d", "first-day", "day-30", "day-31", "long-ago", "stays"}) {
      db.execute("INSERT INTO customers (id, name, arr, segment, region, csm_id, champion_name, champion_email, start_date) "
          + "VALUES ('" + id + "', 'x', 1000, 'smb', 'na', 'sarah', 'C', 'c@example.com', '2025-01-01')");
      if (churnedAt.containsKey(id)) {
        db.execute("INSERT INTO customer_events (customer_id, type, at) VALUES ('" + id + "', 'churned', '" + churnedAt.get(id) + "')");
      }
    }
    // a renewal is no churn
    db.execute("INSERT INTO customer_events (customer_id, type, at) VALUES ('stays', 'renewal', '" + D.plusDays(5) + " 10:00+00')");
  }

  @AfterAll
  static void close() throws Exception {
    db.close();
  }

  @Test
  void churnWithinTheLeadDaysIsOneAndChurnedBeforeIsNoExample() {
    Map<String, Float> labels = labels(30);
    assertThat(labels).containsOnlyKeys("first-day", "day-30", "day-31", "stays");
    assertThat(labels.get("first-day")).isEqualTo(1f);
    assertThat(labels.get("day-30")).isEqualTo(1f);
    assertThat(labels.get("day-31")).isEqualTo(0f);
    assertThat(labels.get("stays")).isEqualTo(0f);
  }

  @Test
  void theLeadIsASetting() {
    assertThat(labels(31).get("day-31")).isEqualTo(1f);
    assertThat(labels(29).get("day-30")).isEqualTo(0f);
    assertThatThrownBy(() -> new ChurnLabels(history, 0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theProductWiresItsBeansWithTheDefaultLead() {
    assertThat(db.beans().getBean(ChurnLabels.class).leadDays()).isEqualTo(ChurnLabels.DEFAULT_LEAD_DAYS);
    assertThat(db.beans().getBean(ChurnFeatures.class).asOf(D)).containsOnlyKeys("first-day", "day-30", "day-31", "stays");
  }

  @Test
  void aDayWhoseLeadWindowIsNotYetObservedIsRefused() {
    ChurnFeatures features = new ChurnFeatures(history);
    ChurnLabels labels = new ChurnLabels(history, 30);
    assertThatThrownBy(() -> ChurnDataset.build(features, labels, D, D, 7, D.plusDays(29)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lead days");
  }

  private static Map<String, Float> labels(int leadDays) {
    ChurnDataset set = ChurnDataset.build(new ChurnFeatures(history), new ChurnLabels(history, leadDays), D, D, 7,
        D.plusDays(leadDays));
    Map<String, Float> byCustomer = new HashMap<>();
    for (int i = 0; i < set.size(); i++) {
      assertThat(set.asOf()[i]).isEqualTo(D);
      byCustomer.put(set.customerIds()[i], set.labels()[i]);
    }
    return byCustomer;
  }
}
