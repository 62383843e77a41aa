package io.vigil.workflows.usagedrop;

import io.temporal.activity.ActivityOptions;
import io.temporal.workflow.Workflow;
import static io.vigil.workflows.common.BestEffort.bestEffort;

import io.vigil.workflows.common.ActivityLogActivities;
import io.vigil.workflows.common.TriggerOutcome;
import io.vigil.workflows.common.TaskPriority;
import io.vigil.workflows.common.ActivityProfiles;
import io.vigil.workflows.common.ApprovalOutcome;
import io.vigil.workflows.common.BestEffort.Step;
import io.vigil.workflows.common.Continuation;
import io.vigil.workflows.common.DraftRef;
import io.vigil.workflows.common.HealthActivities;
import io.vigil.workflows.common.HistoryBudget;
import io.vigil.workflows.common.LogEntry;
import io.vigil.workflows.common.NewTask;
import io.vigil.workflows.common.PlaybookWorkflow;
import io.vigil.workflows.common.Severity;
import io.vigil.workflows.common.SuggestedSlots;
import io.vigil.workflows.common.SuppressedDetections;
import io.vigil.workflows.common.TaskActivities;
import io.vigil.workflows.common.TemporalLimits;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

public class UsageDropCheckinWorkflowImpl extends PlaybookWorkflow implements UsageDropCheckinWorkflow {
  /**
   * Version 1: the cooldown ends early when the run's history passed its budget (a flood of
   * detections), and the check-in continues as new in its cooldown ({@link CheckinResume}).
   */
  static final String CONTINUE_IN_COOLDOWN = "continue-as-new-in-cooldown";

  private final SuppressedDetections<UsageDropAlert> suppressed = new SuppressedDetections<>(UsageDropAlert::alertKey);
  private UsageDropAlert alert;
  private String stage = "starting";
  private DraftRef draft;
  private String approvalStatus;
  private Instant cooldownUntil;

  @Override
  public CheckinState run(UsageDropAlert alert, CheckinResume resume) {
    this.alert = alert;
    String key = alert.alertKey();
    if (resume != null) {
      // a run continued in its cooldown: every step before it is done
      draft = resume.draft();
      approvalStatus = resume.approvalStatus();
      cooldownUntil = resume.cooldownUntil();
      if (draft != null && approvalStatus != null) {
        approvalGate.rememberOutcome(draft.approvalId(), approvalStatus);
      }
      suppressed.resume(resume.suppressed());
      suppressed.startRecording(this::recordSuppressedDetection);
      return coolDown(key);
    }
    Instant startedAt = Instant.ofEpochMilli(Workflow.currentTimeMillis());
    cooldownUntil = startedAt.plus(alert.policy().cooldown());
    suppressed.startRecording(this::recordSuppressedDetection);

    stage("recording the risk signal");
    usageDrop(ActivityProfiles.DATABASE, "Record usage_anomaly risk signal (" + alert.severity().label() + ")")
        .recordRiskSignal(key + "/risk-signal", alert);
    usageDrop(ActivityProfiles.DATABASE, "Record the trigger event")
        .recordTriggerEvent(key + "/trigger-event", alert, TriggerOutcome.FIRED, alert.primaryDrop().summary());

    if (alert.policy().does(CheckinPolicy.UPDATE_HEALTH_SCORE)) {
      stage("lowering the health score");
      Workflow.newActivityStub(HealthActivities.class,
              ActivityProfiles.withSummary(ActivityProfiles.DATABASE, "Lower health score by " + alert.severity().healthPenalty()))
          .adjustHealthScore(key + "/health-score", alert.customerId(), -alert.severity().healthPenalty(),
              "usage drop: " + alert.primaryDrop().summary());
    }
    if (alert.policy().does(CheckinPolicy.SLACK_NOTIFY)) {
      stage("notifying the CSM");
      bestEffort(Step.of(key + "/notify-csm", alert.customerId(), "notify-csm",
              "the CSM was told neither by Slack nor by email; the task and the draft still wait for them"),
          () -> usageDrop(ActivityProfiles.NOTIFICATION, "Slack DM to CSM " + alert.csmId() + " (email if Slack is not connected)")
              .notifyCsm(key + "/notify-csm", alert));
    }
    if (alert.policy().does(CheckinPolicy.CREATE_TASK)) {
      stage("creating the check-in task");
      createCheckinTask(key, startedAt);
    }
    if (alert.severity() == Severity.CRITICAL) {
      bestEffort(Step.of(key + "/urgent-email", alert.customerId(), "urgent-email",
              "no immediate email; the urgent task and the DM stand"),
          () -> usageDrop(ActivityProfiles.NOTIFICATION, "Immediate email to CSM " + alert.csmId() + " (critical drop)")
              .emailCsmUrgently(key + "/urgent-email", alert));
    }
    if (alert.policy().does(CheckinPolicy.DRAFT_EMAIL)) {
      stage("drafting the check-in email");
      draft = SuggestedSlots.thenDraft(key, alert.customerId(), (profile, slots) ->
          usageDrop(profile, "Draft check-in email to " + alert.customerName()).draftCheckinEmail(key + "/draft", alert, slots));
      approvalGate.offerInDm(draft, key, alert.customerId());
      stage("waiting for approval by " + draft.approverName());
      approvalStatus = "pending";
      ApprovalOutcome outcome = approvalGate.awaitDecision(draft, alert.policy().approval(), key, alert.customerId());
      approvalStatus = outcome.status().name().toLowerCase();
    }
    return coolDown(key);
  }

  /** Sleeps out the cooldown, recording detections as suppressed; continues as new when they flood the history. */
  private CheckinState coolDown(String key) {
    stage("cooling down until " + cooldownUntil);
    if (Workflow.getVersion(CONTINUE_IN_COOLDOWN, Workflow.DEFAULT_VERSION, 1) >= 1) {
      if (!suppressed.awaitUntil(cooldownUntil)) {
        Workflow.setCurrentDetails(TemporalLimits.details(alert.customerName() + ": " + stage
            + "; continuing as a new run (history of " + HistoryBudget.events() + " events)"));
        Continuation.continueAsNew(alert, new CheckinResume(draft, approvalStatus, cooldownUntil, suppressed.carry()));
      }
    } else {
      Duration remaining = Duration.between(Instant.ofEpochMilli(Workflow.currentTimeMillis()), cooldownUntil);
      if (!remaining.isNegative() && !remaining.isZero()) {
        Workflow.sleep(remaining);
      }
    }
    suppressed.drain();
    log(key + "/cooldown-ended", "cooldown_ended", Map.of("suppressedDetections", suppressed.recorded()));
    // a detection signalled while that log line was written is recorded too before the workflow closes
    suppressed.drain();
    stage("done");
    return getState();
  }

  @Override
  public void reportDetection(UsageDropAlert detection) {
    suppressed.add(detection);
  }

  @Override
  public boolean hasDetection(String alertKey) {
    return suppressed.holds(alertKey);
  }

  @Override
  public CheckinState getState() {
    return new CheckinState(
        stage,
        alert == null ? null : alert.severity().label(),
        draft == null ? null : draft.approvalId(),
        approvalStatus,
        cooldownUntil,
        suppressed.recorded());
  }

  private void createCheckinTask(String key, Instant now) {
    Severity severity = alert.severity();
    NewTask task = new NewTask(
        key + "/task",
        "Check in on " + alert.customerName() + " - " + alert.primaryDrop().summary(),
        "Usage drop detected as of " + alert.asOf() + ". Review the drafted check-in email and reach out.",
        alert.csmId(),
        alert.customerId(),
        TaskPriority.of(severity),
        now.plus(severity.taskDueIn()),
        Workflow.getInfo().getWorkflowId());
    Workflow.newActivityStub(TaskActivities.class,
            ActivityProfiles.withSummary(ActivityProfiles.DATABASE, "Create task due in " + severity.taskDueIn().toHours() + " h"))
        .createTask(task);
  }

  /** Detections that arrive while this alert runs or cools down are recorded, in order, as suppressed. */
  private void recordSuppressedDetection(UsageDropAlert detection) {
    String reason = "an alert for this customer is " + (stage.startsWith("cooling") ? "in its cooldown until " + cooldownUntil : "still in progress")
        + " (" + Workflow.getInfo().getWorkflowId() + " since " + alert.asOf() + ")";
    usageDrop(ActivityProfiles.DATABASE, "Record suppressed detection of " + detection.asOf())
        .recordTriggerEvent(detection.alertKey() + "/suppressed", detection, TriggerOutcome.SUPPRESSED, reason);
  }


  private void stage(String stage) {
    this.stage = stage;
    Workflow.setCurrentDetails(TemporalLimits.details(alert.customerName() + ": " + stage));
  }

  private void log(String key, String action, Map<String, Object> details) {
    Workflow.newActivityStub(ActivityLogActivities.class, ActivityProfiles.withSummary(ActivityProfiles.DATABASE, "Log " + action))
        .log(new LogEntry(key, alert.customerId(), Workflow.getInfo().getWorkflowId(), action, details));
  }

  private static UsageDropActivities usageDrop(ActivityOptions profile, String summary) {
    return Workflow.newActivityStub(UsageDropActivities.class, ActivityProfiles.withSummary(profile, summary));
  }
}
