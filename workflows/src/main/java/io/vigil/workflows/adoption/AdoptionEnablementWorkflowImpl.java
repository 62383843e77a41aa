package io.vigil.workflows.adoption;

import static io.vigil.workflows.common.BestEffort.bestEffort;

import io.temporal.activity.ActivityOptions;
import io.temporal.workflow.Workflow;
import io.vigil.workflows.common.ActivityProfiles;
import io.vigil.workflows.common.TriggerOutcome;
import io.vigil.workflows.common.TaskPriority;
import io.vigil.workflows.common.ApprovalOutcome;
import io.vigil.workflows.common.BestEffort.Step;
import io.vigil.workflows.common.Continuation;
import io.vigil.workflows.common.DraftRef;
import io.vigil.workflows.common.HistoryBudget;
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

public class AdoptionEnablementWorkflowImpl extends PlaybookWorkflow implements AdoptionEnablementWorkflow {
  /** PRD-090 4.4: the enablement task is due in 72 hours. */
  static final Duration TASK_DUE_IN = Duration.ofHours(72);
  /** Adoption is measured this long after the enablement email went out (or after the alert, when none did). */
  static final Duration FOLLOW_UP_AFTER = Duration.ofDays(14);
  static final String INTERVENTION_TYPE = "email";
  /**
   * Version 1: the wait for the follow-up ends early when the run's history passed its budget (a
   * flood of detections), and the enablement continues as new in that wait ({@link EnablementResume}).
   */
  static final String CONTINUE_IN_FOLLOW_UP_WAIT = "continue-as-new-in-follow-up-wait";

  private final SuppressedDetections<AdoptionAlert> suppressed = new SuppressedDetections<>(AdoptionAlert::alertKey);
  private AdoptionAlert alert;
  private String stage = "starting";
  private DraftRef draft;
  private String approvalStatus;
  private boolean interventionRecorded;
  private Instant followUpAt;
  private List<AdoptionChange> changes = List.of();

  @Override
  public AdoptionState run(AdoptionAlert alert, EnablementResume resume) {
    this.alert = alert;
    String key = alert.alertKey();
    if (resume != null) {
      // a run continued while waiting for the follow-up: every step before it is done
      draft = resume.draft();
      approvalStatus = resume.approvalStatus();
      interventionRecorded = resume.interventionRecorded();
      followUpAt = resume.followUpAt();
      if (draft != null && approvalStatus != null) {
        approvalGate.rememberOutcome(draft.approvalId(), approvalStatus);
      }
      suppressed.resume(resume.suppressed());
      suppressed.startRecording(this::recordSuppressedDetection);
      return followUp(key);
    }
    Instant startedAt = now();
    suppressed.startRecording(this::recordSuppressedDetection);

    stage("recording the risk signal");
    adoption(ActivityProfiles.DATABASE, "Record adoption_stalled risk signal (" + alert.severity().label() + ")")
        .recordRiskSignal(key + "/risk-signal", alert);
    adoption(ActivityProfiles.DATABASE, "Record the alert's firing")
        .recordDetection(key + "/trigger-event", alert, TriggerOutcome.FIRED, alert.summary());

    stage("analysing the adoption gap");
    List<FeatureGap> gaps = adoption(ActivityProfiles.DATABASE, "Gap analysis of " + alert.featureNames())
        .analyzeGaps(key + "/gap-analysis", alert);

    stage("notifying the CSM");
    bestEffort(Step.of(key + "/notify-csm", alert.customerId(), "notify-csm",
            "the CSM was told neither by Slack nor by email; the task and the draft still wait for them"),
        () -> adoption(ActivityProfiles.NOTIFICATION, "Slack DM to CSM " + alert.csmId() + " (email if Slack is not connected)")
            .notifyCsm(key + "/notify-csm", alert, gaps));

    stage("creating the enablement task");
    createTask(key + "/task", "Enable " + alert.customerName() + " on " + alert.featureNames(),
        "Adoption stalled as of " + alert.asOf() + ". Review the drafted enablement email and share the resources.",
        TaskPriority.of(alert.severity()), startedAt.plus(TASK_DUE_IN));

    stage("drafting the enablement email");
    draft = SuggestedSlots.thenDraft(key, alert.customerId(), (profile, slots) ->
        adoption(profile, "Draft enablement email to " + alert.customerName()).draftEnablementEmail(key + "/draft", alert, slots));
    approvalGate.offerInDm(draft, key, alert.customerId());
    stage("waiting for approval by " + draft.approverName());
    approvalStatus = "pending";
    ApprovalOutcome outcome = approvalGate.awaitDecision(draft, alert.approval(), key, alert.customerId());
    approvalStatus = outcome.status().name().toLowerCase();

    Instant measureFrom = startedAt;
    if (outcome.status() == ApprovalOutcome.Status.APPROVED) {
      adoption(ActivityProfiles.DATABASE, "Record the enablement email as an intervention")
          .recordInterventions(key + "/intervention", alert, INTERVENTION_TYPE, draft.approvalId());
      interventionRecorded = true;
      measureFrom = now();
    }

    followUpAt = measureFrom.plus(FOLLOW_UP_AFTER);
    return followUp(key);
  }

  /** Waits for the follow-up (continuing as new when detections flood the history), then measures. */
  private AdoptionState followUp(String key) {
    stage("following up on " + followUpAt);
    if (Workflow.getVersion(CONTINUE_IN_FOLLOW_UP_WAIT, Workflow.DEFAULT_VERSION, 1) >= 1) {
      if (!suppressed.awaitUntil(followUpAt)) {
        Workflow.setCurrentDetails(TemporalLimits.details(alert.customerName() + ": " + stage
            + "; continuing as a new run (history of " + HistoryBudget.events() + " events)"));
        Continuation.continueAsNew(alert,
            new EnablementResume(draft, approvalStatus, interventionRecorded, followUpAt, suppressed.carry()));
      }
    } else {
      Duration remaining = Duration.between(now(), followUpAt);
      if (!remaining.isNegative() && !remaining.isZero()) {
        Workflow.sleep(remaining);
      }
    }
    stage("measuring the adoption change");
    changes = adoption(ActivityProfiles.DATABASE, "Measure adoption 14 days on")
        .measureFollowUp(key + "/follow-up", alert);
    List<String> stillStalled = changes.stream().filter(AdoptionChange::stillStalled).map(AdoptionChange::featureName).toList();
    if (!stillStalled.isEmpty()) {
      createTask(key + "/follow-up-task",
          "Check " + String.join(", ", stillStalled) + " adoption for " + alert.customerName(),
          "Still stalled 14 days after the enablement of " + alert.asOf() + ". Consider a training call.",
          TaskPriority.LOW, now().plus(TASK_DUE_IN));
    }
    // detections signalled until now are recorded before the workflow closes: the sweep counted them as suppressed
    suppressed.drain();
    stage("done");
    return getState();
  }

  @Override
  public void reportDetection(AdoptionAlert detection) {
    suppressed.add(detection);
  }

  @Override
  public boolean hasDetection(String alertKey) {
    return suppressed.holds(alertKey);
  }

  @Override
  public AdoptionState getState() {
    return new AdoptionState(stage, alert == null ? null : alert.severity().label(),
        draft == null ? null : draft.approvalId(), approvalStatus, interventionRecorded, followUpAt,
        suppressed.recorded(), changes);
  }

  /** Detections that arrive while this enablement runs are recorded, in order, as suppressed. */
  private void recordSuppressedDetection(AdoptionAlert detection) {
    String reason = "an enablement for this customer is still running (" + Workflow.getInfo().getWorkflowId()
        + " since " + alert.asOf() + ")";
    adoption(ActivityProfiles.DATABASE, "Record suppressed detection of " + detection.asOf())
        .recordDetection(detection.alertKey() + "/suppressed", detection, TriggerOutcome.SUPPRESSED, reason);
  }


  private void createTask(String key, String title, String description, TaskPriority priority, Instant dueAt) {
    NewTask task = new NewTask(key, title, description, alert.csmId(), alert.customerId(), priority, dueAt,
        Workflow.getInfo().getWorkflowId());
    Workflow.newActivityStub(TaskActivities.class,
            ActivityProfiles.withSummary(ActivityProfiles.DATABASE, "Create task: " + title))
        .createTask(task);
  }

  private void stage(String stage) {
    this.stage = stage;
    Workflow.setCurrentDetails(TemporalLimits.details(alert.customerName() + ": " + stage));
  }


  private static AdoptionActivities adoption(ActivityOptions profile, String summary) {
    return Workflow.newActivityStub(AdoptionActivities.class, ActivityProfiles.withSummary(profile, summary));
  }
}
