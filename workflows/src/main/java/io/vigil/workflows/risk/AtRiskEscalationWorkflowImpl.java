package io.vigil.workflows.risk;

import java.time.Duration;
import java.util.List;

public class AtRiskEscalationWorkflowImpl extends HealthEscalationImpl implements AtRiskEscalationWorkflow {
  /** The CSM has three days to write the retention plan the manager was told about. */
  static final Duration RETENTION_PLAN_DUE_IN = Duration.ofDays(3);

  @Override
  protected List<EscalationRecipient> recipients() {
    return List.of(EscalationRecipient.MANAGER);
  }

  @Override
  protected Duration retentionPlanDueIn() {
    return RETENTION_PLAN_DUE_IN;
  }
}
