package io.vigil.workflows.detractor;

import static io.vigil.workflows.detractor.DetractorHarness.APPROVAL_ID;
import static io.vigil.workflows.detractor.DetractorHarness.CSM_ID;
import static io.vigil.workflows.detractor.DetractorHarness.CUSTOMER_ID;
import static io.vigil.workflows.detractor.DetractorHarness.DUE;
import static io.vigil.workflows.detractor.DetractorHarness.T0;
import static io.vigil.workflows.detractor.DetractorHarness.WORKFLOW_ID;
import static io.vigil.workflows.detractor.DetractorHarness.response;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowStub;
import io.vigil.workflows.common.NewTask;
import io.vigil.workflows.common.SearchAttributes;
import io.vigil.workflows.common.TaskPriority;
import io.vigil.workflows.testing.Decisions;
import io.vigil.workflows.testing.StepFailures;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.mockito.ArgumentCaptor;

/** The detractor follow-up against a time-skipping test server, every activity mocked. */
@Timeout(value = 30, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class DetractorFollowUpWorkflowTest {
  private DetractorHarness h;

  @BeforeEach
  void startTestServer() {
    h = new DetractorHarness();
  }

  @AfterEach
  void stopTestServer() {
    h.close();
  }

  @Test
  void givenADetractor_theCsmIsToldATaskIsDueInTwoBusinessDaysAndTheApprovedReplyIsSentAndRecorded() {
    h.start(response(2));
    h.awaitStage("waiting for approval by Jordan Csm");
    h.decide(Decisions.approval(APPROVAL_ID, CSM_ID));
    DetractorState result = h.result();

    assertThat(result.outcome()).isEqualTo(DetractorOutcome.REPLY_SENT);
    assertThat(result.approvalStatus()).isEqualTo("approved");
    assertThat(result.taskDueAt()).isEqualTo(DUE);
    assertThat(result.severity()).isEqualTo("high");
    assertThat(h.callNames()).containsSubsequence("recordFollowUpStarted", "businessDaysAfter", "createTask", "notifyCsm",
        "draftReply", "recordDecision", "sendApprovedDraft", "recordOutcome");
    // counted from the workflow's start (the test server's clock runs at wall speed until time is skipped)
    ArgumentCaptor<java.time.Instant> from = ArgumentCaptor.forClass(java.time.Instant.class);
    verify(h.detractor).businessDaysAfter(eq(CUSTOMER_ID), from.capture(), eq(2));
    assertThat(from.getValue()).isBetween(T0, T0.plus(Duration.ofMinutes(1)));
    ArgumentCaptor<NewTask> task = ArgumentCaptor.forClass(NewTask.class);
    verify(h.tasks).createTask(task.capture());
    assertThat(task.getValue().dueAt()).isEqualTo(DUE);
    assertThat(task.getValue().assigneeId()).isEqualTo(CSM_ID);
    assertThat(task.getValue().priority()).isEqualTo(TaskPriority.of(io.vigil.workflows.common.Severity.HIGH));
    assertThat(task.getValue().idempotencyKey()).isEqualTo(WORKFLOW_ID + "/task");
    verify(h.detractor).notifyCsm(WORKFLOW_ID + "/notify-csm", response(2), DUE);
    verify(h.detractor).recordOutcome(WORKFLOW_ID + "/outcome", response(2), DetractorOutcome.REPLY_SENT, APPROVAL_ID);
  }

  @Test
  void givenARejectedReply_theOutcomeIsRecordedAsRejectedAndNothingIsSent() {
    h.start(response(5));
    h.awaitStage("waiting for approval");
    h.decide(Decisions.rejection(APPROVAL_ID, CSM_ID, "I called them instead"));

    assertThat(h.result().outcome()).isEqualTo(DetractorOutcome.REPLY_REJECTED);
    verify(h.approvals, never()).sendApprovedDraft(anyString(), anyString(), org.mockito.ArgumentMatchers.anyBoolean());
    verify(h.detractor).recordOutcome(anyString(), any(), eq(DetractorOutcome.REPLY_REJECTED), eq(APPROVAL_ID));
  }

  @Test
  void givenNoDecision_theReplyExpiresAfterSevenDaysAndTheOutcomeSaysSo() {
    h.start(response(6));
    DetractorState result = h.result();

    assertThat(result.outcome()).isEqualTo(DetractorOutcome.REPLY_EXPIRED);
    assertThat(result.severity()).isEqualTo("medium");
    assertThat(h.onlyCallTime("recordOutcome")).isAfterOrEqualTo(T0.plus(Duration.ofDays(7)));
    assertThat(h.callNames()).contains("remindApprover", "expireApproval");
  }

  @Test
  void givenSlackAndEmailFailing_theFailureIsRecordedAndTheReplyStillWaitsForTheCsm() {
    doThrow(StepFailures.permanent("Slack chat.postMessage failed: invalid_auth")).when(h.detractor).notifyCsm(any(), any(), any());
    h.start(response(1));
    h.awaitStage("waiting for approval");
    h.decide(Decisions.approval(APPROVAL_ID, CSM_ID));

    assertThat(h.result().outcome()).isEqualTo(DetractorOutcome.REPLY_SENT);
    assertThat(StepFailures.of(h.activityLog, "notify-csm").consequence()).contains("the draft still wait");
  }

  @Test
  void givenTheSameResponseStartedTwice_theSecondStartIsRefusedEvenAfterTheFirstRunClosed() {
    h.start(response(3));
    h.awaitStage("waiting for approval");
    Throwable whileRunning = catchThrowable(() -> h.start(response(3)));
    assertThat(whileRunning).isInstanceOf(WorkflowExecutionAlreadyStarted.class);
    h.decide(Decisions.rejection(APPROVAL_ID, CSM_ID, "duplicate"));
    h.result();

    Throwable afterClosing = catchThrowable(() -> h.start(response(3)));
    assertThat(afterClosing).isInstanceOf(WorkflowExecutionAlreadyStarted.class);
    verify(h.detractor, times(1)).recordFollowUpStarted(anyString(), any());
  }

  @Test
  void theRunCarriesTheCustomerCsmAndSeverityAsSearchAttributesAndNamesItsSteps() {
    h.start(response(0));
    h.awaitStage("waiting for approval");
    var attributes = WorkflowStub.fromTyped(h.running()).describe().getTypedSearchAttributes();

    assertThat(attributes.get(SearchAttributes.CUSTOMER_ID)).isEqualTo(CUSTOMER_ID);
    assertThat(attributes.get(SearchAttributes.CSM_ID)).isEqualTo(CSM_ID);
    assertThat(attributes.get(SearchAttributes.SEVERITY)).isEqualTo("high");
    String summaries = io.vigil.workflows.testing.Summaries.of(h.client.fetchHistory(WORKFLOW_ID)).toString();
    assertThat(summaries).contains("Slack DM to CSM csm-4 with the comment", "Create task: Follow up with the detractor at Initrode");
    assertThat(DetractorFollowUpWorkflow.responseIdOf(WORKFLOW_ID)).isEqualTo("resp-310");
    h.decide(Decisions.rejection(APPROVAL_ID, CSM_ID, "done"));
    h.result();
  }
}
