package io.vigil.activities.common;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.ApplicationContext;
import io.vigil.activities.detection.TestDatabase;
import io.vigil.infra.persistence.RiskSignalLifecycle;
import io.vigil.infra.persistence.RiskSignalRepository;
import io.vigil.workflows.common.Delivery;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Slack's Snooze against a real PostgreSQL: it acknowledges the alert, and holds the DM about the next
 * alert of the same kind for the same customer until the chosen time, and nothing else.
 */
class AlertSnoozesTest {
  private static TestDatabase db;
  private static ApplicationContext context;
  private static AlertSnoozes snoozes;
  private static RiskSignalLifecycle lifecycle;
  private static RiskSignalRepository riskSignals;

  @BeforeAll
  static void startDatabaseAndBeans() {
    db = new TestDatabase();
    context = db.beans();
    snoozes = context.getBean(AlertSnoozes.class);
    lifecycle = context.getBean(RiskSignalLifecycle.class);
    riskSignals = context.getBean(RiskSignalRepository.class);
  }

  @AfterAll
  static void stop() throws Exception {
    db.close();
  }

  @BeforeEach
  void customers() throws Exception {
    try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
      s.execute("TRUNCATE risk_signals, agent_activity_log CASCADE");
      s.execute("INSERT INTO users (id, name, email, role) VALUES ('csm-1', 'Casey', 'casey@example.com', 'csm')"
          + " ON CONFLICT DO NOTHING");
      for (String customer : new String[] {"acme", "globex"}) {
        s.execute("INSERT INTO customers (id, name, arr, segment, region, csm_id, champion_name, champion_email)"
            + " VALUES ('" + customer + "', '" + customer + "', 1000, 'smb', 'na', 'csm-1', 'Dana', 'dana@example.com')"
            + " ON CONFLICT DO NOTHING");
      }
    }
  }

  @Test
  void givenASnoozedAlert_theNextDmOfTheSameKindForTheSameCustomerIsHeld_andOthersAreNot() {
    long first = riskSignals.insertOnce("usage-drop/acme@2026-11-18/risk-signal", "acme", "usage_anomaly", "high", "{}");
    Instant now = Instant.now();
    RiskSignalLifecycle.Result snoozed = lifecycle.snooze(first, "csm-1", now.plus(Duration.ofDays(3)), now);
    assertThat(snoozed.kind()).isEqualTo(RiskSignalLifecycle.Result.Kind.CHANGED);
    assertThat(snoozed.signal().status()).isEqualTo("acknowledged");
    assertThat(snoozed.signal().ownerId()).isEqualTo("csm-1");

    riskSignals.insertOnce("usage-drop/acme@2026-11-19/risk-signal", "acme", "usage_anomaly", "high", "{}");
    Optional<Delivery> held = snoozes.held("usage-drop/acme@2026-11-19/notify-csm", "usage-drop/acme");
    assertThat(held).hasValueSatisfying(d -> assertThat(d.status()).isEqualTo("snoozed"));

    riskSignals.insertOnce("adoption/acme@2026-11-19/risk-signal", "acme", "adoption_stalled", "medium", "{}");
    assertThat(snoozes.held("adoption/acme@2026-11-19/notify-csm", "adoption/acme")).isEmpty();
    riskSignals.insertOnce("usage-drop/globex@2026-11-19/risk-signal", "globex", "usage_anomaly", "high", "{}");
    assertThat(snoozes.held("usage-drop/globex@2026-11-19/notify-csm", "usage-drop/globex")).isEmpty();
  }

  @Test
  void givenASnoozeThatEnded_orADismissedAlert_nothingIsHeldAndADismissedAlertCannotBeSnoozed() {
    long first = riskSignals.insertOnce("usage-drop/acme@2026-11-01/risk-signal", "acme", "usage_anomaly", "high", "{}");
    Instant now = Instant.now();
    lifecycle.snooze(first, "csm-1", now.minusSeconds(1), now.minus(Duration.ofDays(1)));
    riskSignals.insertOnce("usage-drop/acme@2026-11-19/risk-signal", "acme", "usage_anomaly", "high", "{}");
    assertThat(snoozes.held("usage-drop/acme@2026-11-19/notify-csm", "usage-drop/acme")).isEmpty();

    long dismissed = riskSignals.insertOnce("usage-drop/globex@2026-11-01/risk-signal", "globex", "usage_anomaly",
        "high", "{}");
    lifecycle.move(dismissed, RiskSignalLifecycle.Move.DISMISS, "csm-1", "a holiday", now);
    assertThat(lifecycle.snooze(dismissed, "csm-1", now.plus(Duration.ofDays(1)), now).kind())
        .isEqualTo(RiskSignalLifecycle.Result.Kind.CONFLICT);
  }
}
