package io.vigil.workflows.sweep;

/** The sweep with its health step but without the {@code health-step} version gate: must not replay older sweeps. */
public class UngatedHealthSweepWorkflowImpl extends DetectionSweepWorkflowImpl {
  @Override
  int healthVersion() {
    return 1;
  }
}
