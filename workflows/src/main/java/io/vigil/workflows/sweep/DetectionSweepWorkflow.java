package io.vigil.workflows.sweep;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Started by the daily Temporal Schedule (no input: as of the day that just ended, UTC): rolls up
 * what the day's evaluation needs, detects usage drops page by page of customers, dispatches the
 * alerts batch by batch, runs the adoption detector, then scores every customer's health page by page. Continues as new with its progress when
 * its history grows long.
 */
@WorkflowInterface
public interface DetectionSweepWorkflow {
  String TYPE = "DetectionSweep";
  String SCHEDULE_ID = "vigil-detection-sweep";

  /** {@code input} is null from the schedule; a continued run gets its predecessor's progress. */
  @WorkflowMethod(name = TYPE)
  SweepState run(SweepInput input);

  /** Where the sweep is, with its counts so far; the finished sweep's state is its result. */
  @QueryMethod
  SweepState getState();
}
