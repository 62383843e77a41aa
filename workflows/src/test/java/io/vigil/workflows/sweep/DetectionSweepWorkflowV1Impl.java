package io.vigil.workflows.sweep;

import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * Test only: the sweep as it ran before it ran in steps (one activity rolled up, detected and
 * dispatched everything), to record the histories such sweeps left. Its commands are the old
 * implementation's exactly; only the signature follows today's interface.
 */
public class DetectionSweepWorkflowV1Impl implements DetectionSweepWorkflow {
  private static final ActivityOptions SWEEP = ActivityOptions.newBuilder()
      .setStartToCloseTimeout(Duration.ofMinutes(10))
      .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(5).build())
      .build();

  @Override
  public SweepState run(SweepInput input) {
    LocalDate asOf = Instant.ofEpochMilli(Workflow.currentTimeMillis()).atZone(ZoneOffset.UTC).toLocalDate().minusDays(1);
    Workflow.setCurrentDetails("Sweeping usage as of " + asOf);
    SweepSummary summary = Workflow.newActivityStub(SweepActivities.class,
            ActivityOptions.newBuilder(SWEEP).setSummary("Detect usage drops as of " + asOf).build())
        .sweep(asOf);
    return SweepState.ofLegacy(Workflow.getInfo().getWorkflowId(), summary);
  }

  @Override
  public SweepState getState() {
    return null;
  }
}
