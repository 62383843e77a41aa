package io.vigil.workflows.risk;

import java.time.Duration;
import java.util.List;

public class ChurnRiskEscalationWorkflowImpl extends HealthEscalationImpl implements ChurnRiskEscalationWorkflow {
  /** A cancellation or downgrade request is answered within a working day. */
  static final Duration RETENTION_PLAN_DUE_IN = Duration.ofDays(1);

  @Override
  protected List<EscalationRecipient> recipients() {
    return List.of(EscalationRecipient.CSM, EscalationRecipient.MANAGER);
  }

  @Override
  protected Duration retentionPlanDueIn() {
    return RETENTION_PLAN_DUE_IN;
  }
}
