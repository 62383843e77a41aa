package io.vigil.workflows.detractor;

import static io.vigil.workflows.common.BestEffort.bestEffort;

import io.temporal.activity.ActivityOptions;
import io.temporal.workflow.Workflow;
import io.vigil.workflows.common.ActivityProfiles;
import io.vigil.workflows.common.ApprovalOutcome;
import io.vigil.workflows.common.BestEffort.Step;
import io.vigil.workflows.common.DraftRef;
import io.vigil.workflows.common.NewTask;
import io.vigil.workflows.common.PlaybookWorkflow;
import io.vigil.workflows.common.TaskActivities;
import io.vigil.workflows.common.TaskPriority;
import io.vigil.workflows.common.TemporalLimits;
import java.time.Instant;

public class DetractorFollowUpWorkflowImpl extends PlaybookWorkflow implements DetractorFollowUpWorkflow {
  /** Issue 10: the follow-up task is due in 2 business days. */
  static final int TASK_DUE_IN_BUSINESS_DAYS = 2;

  private DetractorResponse response;
  private String stage = "starting";
  private DraftRef draft;
  private String approvalStatus;
  private Instant taskDueAt;
  private DetractorOutcome outcome;

  @Override
  public DetractorState run(DetractorResponse response) {
    this.response = response;
    String key = response.key();
    Instant startedAt = now();

    stage("recording the detractor answer");
    detractor(ActivityProfiles.DATABASE, "Record the NPS " + response.score() + " answer on the customer's activity")
        .recordFollowUpStarted(key + "/started", response);

    stage("creating the follow-up task");
    taskDueAt = detractor(ActivityProfiles.DATABASE, "Two business days from now in the customer's calendar")
        .businessDaysAfter(response.customerId(), startedAt, TASK_DUE_IN_BUSINESS_DAYS);
    String title = "Follow up with the detractor at " + response.customerName() + " (NPS " + response.score() + ")";
    Workflow.newActivityStub(TaskActivities.class, ActivityProfiles.withSummary(ActivityProfiles.DATABASE, "Create task: " + title))
        .createTask(new NewTask(key + "/task", title, "NPS answer " + response.responseId() + " of " + response.respondedAt()
            + ". Read the comment, review the drafted reply and call them.", response.csmId(), response.customerId(),
            TaskPriority.of(response.severity()), taskDueAt, Workflow.getInfo().getWorkflowId()));

    stage("telling the CSM");
    bestEffort(Step.of(key + "/notify-csm", response.customerId(), "notify-csm",
            "the CSM was told neither by Slack nor by email; the task and the draft still wait for them"),
        () -> detractor(ActivityProfiles.NOTIFICATION, "Slack DM to CSM " + response.csmId() + " with the comment "
            + "(email if Slack is not connected)").notifyCsm(key + "/notify-csm", response, taskDueAt));

    stage("drafting the reply");
    draft = detractor(ActivityProfiles.DATABASE, "Draft the reply to the detractor at " + response.customerName())
        .draftReply(key + "/draft", response);
    approvalGate.offerInDm(draft, key, response.customerId());
    stage("waiting for approval by " + draft.approverName());
    approvalStatus = "pending";
    ApprovalOutcome decided = approvalGate.awaitDecision(draft, response.approval(), key, response.customerId());
    approvalStatus = decided.status().name().toLowerCase();

    outcome = DetractorOutcome.of(decided.status());
    stage("recording the outcome: " + outcome.label());
    detractor(ActivityProfiles.DATABASE, "Record the outcome: " + outcome.label())
        .recordOutcome(key + "/outcome", response, outcome, draft.approvalId());
    stage("done");
    return getState();
  }

  @Override
  public DetractorState getState() {
    return new DetractorState(stage, response == null ? null : response.severity().label(),
        draft == null ? null : draft.approvalId(), approvalStatus, taskDueAt, outcome);
  }

  private void stage(String stage) {
    this.stage = stage;
    Workflow.setCurrentDetails(TemporalLimits.details(response.customerName() + ": " + stage));
  }

  private static DetractorActivities detractor(ActivityOptions profile, String summary) {
    return Workflow.newActivityStub(DetractorActivities.class, ActivityProfiles.withSummary(profile, summary));
  }
}
