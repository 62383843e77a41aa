package io.vigil.workflows.sweep;

/** The sweep in slices but without the {@code sweep-fan-out} version gate: must not replay older sweeps. */
public class UngatedFanOutSweepWorkflowImpl extends DetectionSweepWorkflowImpl {
  @Override
  int fanOutVersion() {
    return 1;
  }
}
