package io.vigil.workflows.sweep;

import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

public class DetectionSweepWorkflowImpl implements DetectionSweepWorkflow {
  /** A full sweep over 100k customers takes seconds; minutes leave room for a busy database. */
  private static final ActivityOptions SWEEP = ActivityOptions.newBuilder()
      .setStartToCloseTimeout(Duration.ofMinutes(10))
      .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(5).build())
      .build();

  @Override
  public SweepSummary run() {
    LocalDate asOf = Instant.ofEpochMilli(Workflow.currentTimeMillis()).atZone(ZoneOffset.UTC).toLocalDate().minusDays(1);
    Workflow.setCurrentDetails("Sweeping usage as of " + asOf);
    return Workflow.newActivityStub(SweepActivities.class,
            ActivityOptions.newBuilder(SWEEP).setSummary("Detect usage drops as of " + asOf).build())
        .sweep(asOf);
  }
}
