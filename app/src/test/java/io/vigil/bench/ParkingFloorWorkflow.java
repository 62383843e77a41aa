package io.vigil.bench;

import io.temporal.activity.ActivityInterface;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import io.temporal.activity.ActivityOptions;
import io.vigil.workflows.common.ActivityProfiles;
import java.time.Duration;
import java.util.List;

/**
 * The floor of {@link ParkingBenchmarkIT}: a check-in's shape with nothing in it. As many activities
 * as a check-in runs before it waits, each doing nothing, then a wait bounded by a timer for one
 * signal, then one activity that does nothing. What this costs is what Temporal and the dev server
 * cost; a check-in's time beyond it is Vigil's own. With {@code checkinOptions} each step has the
 * activity options of the check-in's step of the same number (the Slack steps' heartbeat timeouts
 * are timers the server keeps too); without, every step has {@link ActivityProfiles#DATABASE}'s.
 */
@WorkflowInterface
public interface ParkingFloorWorkflow {
  String TYPE = "ParkingFloor";

  /**
   * The activity options of a medium check-in's steps before its wait, in order (the risk signal, the
   * trigger event, the health score, the Slack DM, the task, the meeting slots, the draft, the DM's
   * buttons), and of the email sent after the approval.
   */
  List<ActivityOptions> CHECKIN_STEPS = List.of(ActivityProfiles.DATABASE, ActivityProfiles.DATABASE,
      ActivityProfiles.DATABASE, ActivityProfiles.NOTIFICATION, ActivityProfiles.DATABASE, ActivityProfiles.EXTERNAL_READ,
      ActivityProfiles.DATABASE, ActivityProfiles.NOTIFICATION);
  ActivityOptions CHECKIN_SEND = ActivityProfiles.NOTIFICATION;

  /**
   * {@code payload}: what the workflow's input and its first four steps carry (the bench's
   * -Dvigil.bench.floor-payload); {@code checkinOptions}: the steps' options are the check-in's
   * (-Dvigil.bench.floor-options=checkin).
   */
  @WorkflowMethod(name = TYPE)
  void run(int activities, String payload, boolean checkinOptions);

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
    public void run(int activities, String payload, boolean checkinOptions) {
      for (int i = 1; i <= activities; i++) {
        // a check-in hands its alert to four of its activities
        steps(checkinOptions && i <= CHECKIN_STEPS.size() ? CHECKIN_STEPS.get(i - 1) : ActivityProfiles.DATABASE)
            .step(i, i <= 4 ? payload : "");
      }
      if (Workflow.await(WAIT, () -> approved)) {
        steps(checkinOptions ? CHECKIN_SEND : ActivityProfiles.DATABASE).send();
      }
    }

    private static Steps steps(ActivityOptions options) {
      return Workflow.newActivityStub(Steps.class, options);
    }

    @Override
    public void approve() {
      approved = true;
    }
  }
}
