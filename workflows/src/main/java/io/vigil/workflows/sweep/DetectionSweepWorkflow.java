package io.vigil.workflows.sweep;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/** Started by the daily Temporal Schedule; sweeps as of the day that just ended (UTC). */
@WorkflowInterface
public interface DetectionSweepWorkflow {
  String TYPE = "DetectionSweep";
  String SCHEDULE_ID = "vigil-detection-sweep";

  @WorkflowMethod(name = TYPE)
  SweepSummary run();
}
