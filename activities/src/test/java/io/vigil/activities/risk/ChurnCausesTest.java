package io.vigil.activities.risk;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.activities.detection.TestDatabase;
import io.vigil.infra.persistence.EscalationFacts;
import io.vigil.infra.persistence.Sql;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A churn cause counts on the day its data is about, not the day it was written: a usage drop as of
 * Friday recorded on Monday morning happened on Friday, and scoring an earlier day (a backfill) does not
 * see causes that came after it.
 */
class ChurnCausesTest {
  private static final LocalDate AS_OF = LocalDate.of(2026, 11, 18);
  private static final LocalDate FROM = AS_OF.minusDays(29);
  private static TestDatabase db;
  private static EscalationFacts facts;

  @BeforeAll
  static void causes() {
    db = new TestDatabase();
    db.execute("INSERT INTO users (id, name, email, role) VALUES ('sarah', 'Sarah Chen', 'sarah@example.com', 'csm')");
    for (String id : List.of("c-friday-drop", "c-later-drop", "c-old-drop-written-late", "c-later-cancel", "c-cancel")) {
      db.execute("INSERT INTO customers (id, name, arr, segment, region, csm_id, champion_name, champion_email) VALUES ('"
          + id + "', '" + id + "', 100000, 'smb', 'na', 'sarah', 'Champ', 'champ@example.com')");
    }
    db.execute("INSERT INTO risk_signals (idempotency_key, customer_id, type, severity, metadata, created_at) VALUES"
        + " ('u1', 'c-friday-drop', 'usage_anomaly', 'high', '{\"asOf\": \"2026-11-13\"}', '2026-11-16T06:00:00Z'),"
        + " ('u2', 'c-later-drop', 'usage_anomaly', 'critical', '{\"asOf\": \"2026-11-19\"}', '2026-11-20T06:00:00Z'),"
        + " ('u3', 'c-old-drop-written-late', 'usage_anomaly', 'high', '{\"asOf\": \"2026-10-02\"}', '2026-11-02T06:00:00Z')");
    db.execute("INSERT INTO customer_events (customer_id, type, at) VALUES"
        + " ('c-later-cancel', 'cancellation_request', '2026-11-19T09:00:00Z'),"
        + " ('c-cancel', 'cancellation_request', '2026-11-18T23:00:00Z')");
    facts = new EscalationFacts(new Sql(db.dataSource()));
  }

  @AfterAll
  static void stop() throws Exception {
    db.close();
  }

  @Test
  void aUsageDropCountsOnItsDataDay_andNothingAfterTheDayScoredOrBeforeTheWindowCounts() {
    Map<String, EscalationFacts.ChurnCause> causes = facts.churnCauses(
        List.of("c-friday-drop", "c-later-drop", "c-old-drop-written-late", "c-later-cancel", "c-cancel"), FROM, AS_OF);

    assertThat(causes).containsOnlyKeys("c-friday-drop", "c-cancel");
    assertThat(causes.get("c-friday-drop").cause()).isEqualTo("usage_drop");
    assertThat(causes.get("c-friday-drop").at()).isEqualTo(Instant.parse("2026-11-13T00:00:00Z"));
    assertThat(causes.get("c-cancel").at()).isEqualTo(Instant.parse("2026-11-18T23:00:00Z"));
  }
}
