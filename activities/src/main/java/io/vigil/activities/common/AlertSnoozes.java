package io.vigil.activities.common;

import io.vigil.infra.persistence.RiskSignalLifecycle;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import io.vigil.workflows.common.Delivery;
import jakarta.inject.Singleton;

/**
 * Whether a snooze (Slack's "Snooze alert" on an earlier alert) holds the DM about a new one: same
 * customer, same kind of alert, snoozed until later than now. The new alert is still recorded, listed
 * and counted; only the DM waits, so a CSM who said "not now" is not told again each day.
 */
@Singleton
public class AlertSnoozes {
  private final RiskSignalLifecycle lifecycle;
  private final ActivityLog log;
  private final Clock clock;

  public AlertSnoozes(RiskSignalLifecycle lifecycle, ActivityLog log, Clock clock) {
    this.lifecycle = lifecycle;
    this.log = log;
    this.clock = clock;
  }

  /**
   * The DM step {@code dmStepKey} held by a snooze (its run's alert, see {@link DmButtons#alert}): logged,
   * and answered as a delivery with status {@code snoozed} that nothing was sent for; empty when no
   * snooze holds it.
   */
  public Optional<Delivery> held(String dmStepKey, String workflowId) {
    return lifecycle.snoozeOf(DmButtons.riskSignalKey(dmStepKey), clock.instant()).map(snooze -> {
      log.append(dmStepKey, snooze.customerId(), workflowId, "csm_notification_snoozed",
          Map.of("riskSignalId", snooze.riskSignalId(), "type", snooze.type(), "snoozedUntil", snooze.until().toString()));
      return new Delivery(0, "none", "snoozed", null);
    });
  }
}
