package io.vigil.activities.detection;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.infra.persistence.DropScan;
import io.vigil.infra.persistence.HolidayDays;
import io.vigil.infra.persistence.Sql;
import io.vigil.infra.persistence.UsageStore;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The detection ({@link UsageStore#scanDrops}: {@link io.vigil.infra.persistence.DropArithmetic} on the
 * maintained windows) answers what the statement it replaced ({@link DropStatement}) answers, on
 * a generated portfolio made to reach every branch of it: customers of 1 to 200 users with drops of
 * every size, days without a rollup (missing rows, a missing evaluated day or baseline week end),
 * short histories, zero days after active ones (data gaps), everyone's and customers' own holidays,
 * login figures with a zero login WAU, features used some weeks only or with zero-use rows; judged
 * on two weeks of days (weekends included) with 1 to 5 baseline weeks, everything reported
 * (threshold -1000) and at the usual thresholds.
 */
class DropArithmeticTest {
  private static final LocalDate FIRST = LocalDate.of(2026, 9, 1);
  private static final LocalDate LAST = LocalDate.of(2026, 11, 30);
  private static TestDatabase db;
  private static UsageStore usage;

  @BeforeAll
  static void startDatabase() {
    db = new TestDatabase();
    usage = new UsageStore(new Sql(db.dataSource()));
    db.resetUsage();
    db.execute("INSERT INTO users (id, name, email, role) VALUES ('sarah', 'Sarah Chen', 'sarah@example.com', 'csm')");
    generate(new Random(20261201), 80);
  }

  @AfterAll
  static void stopDatabase() throws Exception {
    db.close();
  }

  @Test
  void everyDayAndBaselineLength_theArithmeticAnswersWhatTheStatementAnswers() {
    LocalDate everyonesDayOff = LocalDate.of(2026, 11, 11);
    List<LocalDate> customerDays = new ArrayList<>();
    List<String> customerIds = new ArrayList<>();
    // some customers off on a Thursday in the recent weeks and on a baseline Monday
    for (int c = 0; c < 80; c += 3) {
      customerIds.add(id(c));
      customerDays.add(LocalDate.of(2026, 11, 19));
      customerIds.add(id(c));
      customerDays.add(LocalDate.of(2026, 10, 12));
    }
    HolidayDays holidays = new HolidayDays(List.of(everyonesDayOff), customerIds, customerDays);
    List<io.vigil.infra.persistence.DetectedDrop> drops = new ArrayList<>();
    java.util.Set<String> skipReasons = new java.util.HashSet<>();
    for (LocalDate asOf = LocalDate.of(2026, 11, 13); !asOf.isAfter(LocalDate.of(2026, 11, 26)); asOf = asOf.plusDays(1)) {
      for (int weeks = 1; weeks <= 5; weeks++) {
        DropScan all = DropArithmeticCheck.assertSameAsStatement(new Sql(db.dataSource()), usage, asOf, weeks, holidays, -1000, 3, 10);
        drops.addAll(all.drops());
        skipReasons.addAll(all.skipped().values());
        DropArithmeticCheck.assertSameAsStatement(new Sql(db.dataSource()), usage, asOf, weeks, HolidayDays.NONE, 30, 3, 10);
        // a page of customers, as the sweep asks
        DropArithmeticCheck.assertSameAsStatement(new Sql(db.dataSource()), usage,
            io.vigil.infra.persistence.CustomerScope.range("c019", "c047"), asOf, weeks, holidays, -1000, 3, 10);
      }
    }
    // the comparison had rows to compare: many drops, and customers skipped for both reasons
    assertThat(drops).hasSizeGreaterThan(1000);
    assertThat(skipReasons).contains(DropScan.NOT_ENOUGH_HISTORY, DropScan.BASELINE_TOO_SMALL);
    assertThat(drops).anySatisfy(d -> assertThat(d.dataGap()).isTrue());
    assertThat(drops).anySatisfy(d -> assertThat(d.recentDays()).isNotNull());
    assertThat(drops).anySatisfy(d -> assertThat(d.metricType()).isEqualTo("feature_usage"));
    assertThat(drops).anySatisfy(d -> assertThat(d.metricType()).isEqualTo("login_frequency"));
  }

  private static String id(int c) {
    return "c%03d".formatted(c);
  }

  private static void generate(Random random, int customers) {
    StringBuilder usageRows = new StringBuilder();
    StringBuilder featureRows = new StringBuilder();
    StringBuilder customerRows = new StringBuilder();
    for (int c = 0; c < customers; c++) {
      String id = id(c);
      customerRows.append("('%s', 'Customer %d', %d, '%s', 'na', 'sarah', 'Jo', 'jo@example.com'),"
          .formatted(id, c, 1000 * (c + 1), c % 2 == 0 ? "smb" : "enterprise"));
      int seats = switch (c % 5) {
        case 0 -> 1 + random.nextInt(4);
        case 1 -> 5 + random.nextInt(10);
        default -> 20 + random.nextInt(180);
      };
      LocalDate first = c % 11 == 0 ? LAST.minusDays(10 + random.nextInt(40)) : FIRST;
      LocalDate dropStart = LocalDate.of(2026, 11, 5 + random.nextInt(20));
      double dropTo = c % 4 == 0 ? random.nextDouble() : 1;
      double missing = c % 7 == 0 ? 0.15 : 0.01;
      int features = random.nextInt(4);
      for (LocalDate day = first; !day.isAfter(LAST); day = day.plusDays(1)) {
        if (random.nextDouble() < missing) {
          continue;
        }
        boolean weekend = day.getDayOfWeek() == DayOfWeek.SATURDAY || day.getDayOfWeek() == DayOfWeek.SUNDAY;
        double level = seats * (weekend ? 0.2 : 0.8) * (day.isBefore(dropStart) ? 1 : dropTo);
        int dau = random.nextInt(20) == 0 ? 0 : (int) Math.round(level * (0.8 + 0.4 * random.nextDouble()));
        int wau = Math.max(dau, (int) Math.round(seats * 0.9 * (day.isBefore(dropStart) ? 1 : dropTo)));
        int mau = Math.max(wau, seats);
        int loginUsers = (int) Math.round(dau * random.nextDouble());
        int loginWau = c % 13 == 0 ? 0 : Math.max(loginUsers, (int) Math.round(wau * 0.7));
        usageRows.append("('%s', '%s', %d, %d, %d, %d, %d, %d, %d, %d),"
            .formatted(id, day, dau, wau, mau, loginUsers, loginUsers, loginWau, dau, dau * 5));
        for (int f = 0; f < features; f++) {
          // feature 0 every day, 1 on weekdays only and not at all some weeks, 2 sparse with zero-use rows
          boolean row = switch (f) {
            case 0 -> true;
            case 1 -> !weekend && (day.toEpochDay() / 7) % 3 != 0;
            default -> random.nextInt(3) == 0;
          };
          if (row) {
            int uses = (int) Math.round(level * (f + 1) * random.nextDouble());
            featureRows.append("('%s', '%s', 'f%d', %d, %d),".formatted(id, day, f, uses, Math.min(uses, seats)));
          }
        }
      }
    }
    db.execute("INSERT INTO customers (id, name, arr, segment, region, csm_id, champion_name, champion_email) VALUES "
        + chop(customerRows));
    db.execute("INSERT INTO usage_metrics (customer_id, metric_date, dau, wau, mau, logins, login_users, login_wau, "
        + "sessions, events) VALUES " + chop(usageRows));
    db.execute("INSERT INTO feature_usage_metrics (customer_id, metric_date, feature_id, uses, users) VALUES "
        + chop(featureRows));
  }

  private static String chop(StringBuilder rows) {
    return rows.substring(0, rows.length() - 1);
  }
}
