package io.vigil.workflows.silence;

import static io.vigil.workflows.silence.SilenceHarness.APPROVAL_ID;
import static io.vigil.workflows.silence.SilenceHarness.COOLDOWN;
import static io.vigil.workflows.silence.SilenceHarness.CSM_ID;
import static io.vigil.workflows.silence.SilenceHarness.CUSTOMER_ID;
import static io.vigil.workflows.silence.SilenceHarness.KEY;
import static io.vigil.workflows.silence.SilenceHarness.WORKFLOW_ID;
import static io.vigil.workflows.silence.SilenceHarness.alert;
import static io.vigil.workflows.silence.SilenceHarness.touchpoint;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.vigil.workflows.common.DecisionRefusal;
import io.vigil.workflows.common.DecisionResult;
import io.vigil.workflows.common.HoldsDrafts;
import io.vigil.workflows.testing.Decisions;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The check-in after silence against a time-skipping test server, every activity mocked. */
@Timeout(value = 30, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SilenceCheckinWorkflowTest {
  private static final Duration SLACK = Duration.ofMinutes(1);

  private SilenceHarness h;

  @BeforeEach
  void startTestServer() {
    h = new SilenceHarness();
  }

  @AfterEach
  void stopTestServer() {
    h.close();
  }

  @Test
  void givenASilentYellowCustomer_itLogsTheSilenceDraftsTheCheckInTellsTheCsmAndWaitsForApproval() {
    SilenceAlert alert = alert();
    h.start(alert);
    SilenceState waiting = h.awaitStage("waiting for approval by Robin Csm");

    assertThat(h.callNames()).containsExactly("log:silence_detected", "findSilenceContact", "suggestMeetingSlots",
        "draftSilenceCheckin", "notifyCsmOfSilence");
    verify(h.silence).draftSilenceCheckin(KEY + "/draft", alert, SilenceHarness.SLOTS);
    verify(h.silence).notifyCsmOfSilence(KEY + "/notify-csm", alert, APPROVAL_ID);
    assertThat(h.logged.get(0).idempotencyKey()).isEqualTo(KEY + "/silence-detected");
    assertThat(h.logged.get(0).details()).containsEntry("silentDays", 30).containsEntry("silentSince", "2026-02-01");
    assertThat(waiting.approvalId()).isEqualTo(APPROVAL_ID);
    assertThat(waiting.approvalStatus()).isEqualTo("pending");
  }

  @Test
  void givenApproval_itSendsOnceRefusesASecondDecisionAndClosesAfterTheCooldown() {
    h.start(alert());
    h.awaitStage("waiting for approval");
    Instant startedAt = h.startedAt();

    DecisionResult answer = h.decide(Decisions.approval(APPROVAL_ID, CSM_ID));
    h.awaitStage("cooling down");
    DecisionRefusal second = Decisions.refusalOf(h.client, WORKFLOW_ID, Decisions.approval(APPROVAL_ID, CSM_ID));
    SilenceState done = h.result();

    assertThat(answer).isEqualTo(new DecisionResult(APPROVAL_ID, "approved"));
    assertThat(second.type()).isEqualTo(HoldsDrafts.ALREADY_DECIDED);
    verify(h.approvals, times(1)).sendApprovedDraft(KEY + "/send-approved", APPROVAL_ID, false);
    assertThat(done.approvalStatus()).isEqualTo("approved");
    assertThat(done.stage()).isEqualTo("done");
    assertThat(h.onlyCallTime("log:silence_checkin_closed"))
        .isBetween(startedAt.plus(COOLDOWN), startedAt.plus(COOLDOWN).plus(SLACK));
  }

  @Test
  void givenATouchpointWhileTheDraftWaits_itWithdrawsTheDraftSendsNothingAndRefusesALaterApproval() {
    h.start(alert());
    h.awaitStage("waiting for approval");

    h.running().recordContact(touchpoint());
    SilenceState closed = h.awaitState("withdrawn", s -> "withdrawn".equals(s.approvalStatus()));
    DecisionRefusal late = Decisions.refusalOf(h.client, WORKFLOW_ID, Decisions.approval(APPROVAL_ID, CSM_ID));

    verify(h.approvals).withdrawApproval(eq(APPROVAL_ID), eq("no longer needed: contact resumed with a call on "
        + "2026-03-04T16:00:00Z by Robin Csm"));
    verify(h.approvals, never()).sendApprovedDraft(anyString(), anyString(), anyBoolean());
    verify(h.approvals, never()).remindApprover(anyString(), anyString());
    assertThat(closed.contact()).isEqualTo(touchpoint());
    assertThat(late.type()).isEqualTo(HoldsDrafts.ALREADY_DECIDED);
    assertThat(h.callNames()).contains("log:approval_withdrawn");
  }

  @Test
  void givenAContactMadeBetweenTheSweepAndTheRun_itDraftsNothing() {
    h.answerContactWith(touchpoint());
    h.start(alert());

    SilenceState done = h.result();

    verify(h.silence, never()).draftSilenceCheckin(anyString(), any(), any());
    verify(h.silence, never()).notifyCsmOfSilence(anyString(), any(), anyString());
    assertThat(done.approvalStatus()).isNull();
    assertThat(done.contact()).isEqualTo(touchpoint());
  }

  @Test
  void givenNoDecision_itRemindsAfter24HoursAndExpiresAfter7Days() {
    h.start(alert());
    h.awaitStage("waiting for approval");
    Instant startedAt = h.startedAt();

    SilenceState done = h.result();

    assertThat(h.onlyCallTime("remindApprover")).isBetween(startedAt.plus(Duration.ofHours(24)),
        startedAt.plus(Duration.ofHours(24)).plus(SLACK));
    assertThat(h.onlyCallTime("expireApproval")).isBetween(startedAt.plus(Duration.ofDays(7)),
        startedAt.plus(Duration.ofDays(7)).plus(SLACK));
    assertThat(done.approvalStatus()).isEqualTo("expired");
    verify(h.approvals, never()).sendApprovedDraft(anyString(), anyString(), anyBoolean());
  }

  @Test
  void givenTheSameSilenceFoundAgainDuringTheCooldown_itIsNotCheckedInOnTwice() {
    h.start(alert());
    h.awaitStage("waiting for approval");
    h.decide(Decisions.rejection(APPROVAL_ID, CSM_ID, "spoke to them at the conference"));
    h.awaitStage("cooling down");
    h.env.sleep(Duration.ofDays(10));

    SilenceCheckinWorkflow again = SilenceCheckinWorkflow.starting(h.client, alert(), null);
    assertThatThrownBy(() -> WorkflowClient.start(again::run, alert())).isInstanceOf(WorkflowExecutionAlreadyStarted.class);
    h.result();

    verify(h.silence, times(1)).draftSilenceCheckin(anyString(), any(), any());
    assertThat(CUSTOMER_ID).isEqualTo(SilenceCheckinWorkflow.customerIdOf(WORKFLOW_ID));
  }
}
