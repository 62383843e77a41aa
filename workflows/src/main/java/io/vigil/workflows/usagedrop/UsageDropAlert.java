package io.vigil.workflows.usagedrop;

import io.vigil.workflows.common.Severity;
import java.time.LocalDate;
import java.util.List;

/**
 * A customer's usage drop as one sweep found it: the worst drop sets the severity, the others ride
 * along. {@code asOf} (the evaluated day) makes the alert's business key with the workflow id.
 */
public record UsageDropAlert(
    String customerId,
    String customerName,
    String csmId,
    String triggerId,
    LocalDate asOf,
    Severity severity,
    List<MetricDrop> drops,
    CheckinPolicy policy) {

  public MetricDrop primaryDrop() {
    return drops.get(0);
  }

  /** The business key every side effect of this alert is keyed under. */
  public String alertKey() {
    return UsageDropCheckinWorkflow.workflowId(customerId) + "@" + asOf;
  }
}
