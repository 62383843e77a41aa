package io.vigil.bench;

import io.temporal.activity.ActivityInterface;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import io.vigil.workflows.common.ActivityProfiles;
import java.time.Duration;

/**
 * The floor of {@link ParkingBenchmarkIT}: a check-in's shape with nothing in it. As many activities
 * as a check-in runs before it waits, each doing nothing, then a wait bounded by a timer for one
 * signal, then one activity that does nothing. What this costs is what Temporal and the dev server
 * cost; a check-in's time beyond it is Vigil's own.
 */
@WorkflowInterface
public interface ParkingFloorWorkflow {
  String TYPE = "ParkingFloor";

  /** {@code payload}: what the workflow's input and its first four steps carry (the bench's -Dvigil.bench.floor-payload). */
  @WorkflowMethod(name = TYPE)
  void run(int activities, String payload);

  @SignalMethod
  void approve();

  @ActivityInterface
  interface Steps {
    void step(int number, String payload);

    void send();
  }

  class Impl implements ParkingFloorWorkflow {
    /** The check-in's approval waits three days for a reminder; the floor's timer is as far off. */
    private static final Duration WAIT = Duration.ofDays(3);
    private boolean approved;

    @Override
    public void run(int activities, String payload) {
      Steps steps = Workflow.newActivityStub(Steps.class, ActivityProfiles.DATABASE);
      for (int i = 1; i <= activities; i++) {
        // a check-in hands its alert to four of its activities
        steps.step(i, i <= 4 ? payload : "");
      }
      if (Workflow.await(WAIT, () -> approved)) {
        steps.send();
      }
    }

    @Override
    public void approve() {
      approved = true;
    }
  }
}
