package io.vigil.workflows.incident;

import static io.vigil.workflows.incident.IncidentHarness.ACME;
import static io.vigil.workflows.incident.IncidentHarness.CHANNEL;
import static io.vigil.workflows.incident.IncidentHarness.DANA;
import static io.vigil.workflows.incident.IncidentHarness.FOLLOW_UP_AFTER;
import static io.vigil.workflows.incident.IncidentHarness.GLOBEX;
import static io.vigil.workflows.incident.IncidentHarness.HIGH_IMPACT;
import static io.vigil.workflows.incident.IncidentHarness.INCIDENT_ID;
import static io.vigil.workflows.incident.IncidentHarness.INITECH;
import static io.vigil.workflows.incident.IncidentHarness.LEE;
import static io.vigil.workflows.incident.IncidentHarness.SAM;
import static io.vigil.workflows.incident.IncidentHarness.TITLE;
import static io.vigil.workflows.incident.IncidentHarness.WORKFLOW_ID;
import static io.vigil.workflows.incident.IncidentHarness.approvalId;
import static io.vigil.workflows.incident.IncidentHarness.episode;
import static io.vigil.workflows.incident.IncidentHarness.update;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.Mockito.atLeastOnce;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.verifyNoMoreInteractions;

import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowExecutionDescription;
import io.temporal.failure.ApplicationFailure;
import io.vigil.workflows.common.ApprovalKind;
import io.vigil.workflows.common.TaskPriority;
import io.vigil.workflows.common.DecisionResult;
import io.vigil.workflows.common.DraftDecision;
import io.vigil.workflows.common.HoldsDrafts;
import io.vigil.workflows.common.LogEntry;
import io.vigil.workflows.common.NewTask;
import io.vigil.workflows.common.SearchAttributes;
import io.vigil.workflows.common.StepFailure;
import io.vigil.workflows.testing.StepFailures;
import io.vigil.workflows.common.TemporalLimits;
import io.vigil.workflows.testing.Summaries;
import io.vigil.workflows.testing.Decisions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.mockito.ArgumentCaptor;
import org.mockito.InOrder;

/**
 * The incident response against a time-skipping test server, every activity mocked and
 * {@code applyUpdate} answering like the store ({@link FakeIncidentStore}). Each update is posted
 * by signal-with-start and the test waits, without skipping time, until the workflow has handled it.
 * Customers: on the api ACME (Dana, high), GLOBEX (Lee, high) and INITECH (Lee, medium); on the
 * dashboard UMBRELLA (Sam, low).
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class IncidentResponseWorkflowTest {
  /** Activities run in wall-clock milliseconds; this bounds how late a step may be after its due time. */
  private static final Duration SLACK = Duration.ofMinutes(1);
  private static final String EPISODE = episode("pd-1");

  private IncidentHarness h;

  @BeforeEach
  void startTestServer() {
    h = new IncidentHarness();
  }

  @AfterEach
  void stopTestServer() {
    h.close();
  }

  // ---------------------------------------------------------------- first alert

  @Test
  void aP1AffectingCustomersOfTwoCsmsOpensTheCoordinationChannelAndThenDmsEachCsmExactlyOnce() {
    IncidentState state = h.postAndSettle(update("pd-1", Duration.ZERO, "P1", "investigating", "api"));

    verify(h.incidents, times(1)).openCoordinationChannel(INCIDENT_ID, List.of(DANA, LEE));
    verify(h.incidents, times(1)).notifyCsmOfIncident(EPISODE + "/notify/csm-dana/1", INCIDENT_ID, DANA, null);
    verify(h.incidents, times(1)).notifyCsmOfIncident(EPISODE + "/notify/csm-lee/1", INCIDENT_ID, LEE, null);
    verify(h.incidents, times(1)).openCoordinationChannel(anyString(), anyList());
    verify(h.incidents, times(2)).notifyCsmOfIncident(anyString(), anyString(), anyString(), any());
    // the DMs go out in parallel; each one only after the channel exists, so that it can link to it
    for (String csm : List.of(DANA, LEE)) {
      InOrder order = inOrder(h.incidents);
      order.verify(h.incidents).applyUpdate(any());
      order.verify(h.incidents).assessImpact(INCIDENT_ID);
      order.verify(h.incidents).openCoordinationChannel(anyString(), anyList());
      order.verify(h.incidents).notifyCsmOfIncident(anyString(), anyString(), eq(csm), any());
    }
    assertThat(state.incidentId()).isEqualTo(INCIDENT_ID);
    assertThat(state.severity()).isEqualTo("P1");
    assertThat(state.status()).isEqualTo("investigating");
    assertThat(state.affectedCustomers()).isEqualTo(3);
    assertThat(state.notifiedCsms()).containsExactly(DANA, LEE);
    assertThat(state.notificationRounds()).isEqualTo(1);
    assertThat(state.ignoredUpdates()).isZero();
    assertThat(state.coordinationChannel()).isEqualTo(CHANNEL);
    assertThat(state.stage()).isEqualTo("investigating P1: 3 customers affected");
    io.temporal.common.SearchAttributes attributes = h.describe().getTypedSearchAttributes();
    assertThat(attributes.get(SearchAttributes.INCIDENT_ID)).isEqualTo(INCIDENT_ID);
    assertThat(attributes.get(SearchAttributes.SEVERITY)).isEqualTo("P1");
  }

  @Test
  void aP3DmsEachCsmButOpensNoChannel() {
    IncidentState state = h.postAndSettle(update("pd-1", Duration.ZERO, "P3", "investigating", "api"));

    verify(h.incidents, never()).openCoordinationChannel(anyString(), anyList());
    verify(h.incidents, times(1)).notifyCsmOfIncident(EPISODE + "/notify/csm-dana/1", INCIDENT_ID, DANA, null);
    verify(h.incidents, times(1)).notifyCsmOfIncident(EPISODE + "/notify/csm-lee/1", INCIDENT_ID, LEE, null);
    verify(h.incidents, times(2)).notifyCsmOfIncident(anyString(), anyString(), anyString(), any());
    assertThat(state.coordinationChannel()).isNull();
    assertThat(state.notificationRounds()).isEqualTo(1);
  }

  // ---------------------------------------------------------------- later updates

  @Test
  void anEscalationFromP3ToP1ReNotifiesEveryCsmOnceSayingTheSeverityWasRaisedAndOpensTheChannelFirst() {
    h.postAndSettle(update("pd-1", Duration.ZERO, "P3", "investigating", "api"));
    verify(h.incidents, never()).openCoordinationChannel(anyString(), anyList());

    IncidentState state = h.postAndSettle(update("pd-2", Duration.ofMinutes(10), "P1", null));

    String change = "severity raised P3 → P1";
    verify(h.incidents, times(1)).notifyCsmOfIncident(EPISODE + "/notify/csm-dana/2", INCIDENT_ID, DANA, change);
    verify(h.incidents, times(1)).notifyCsmOfIncident(EPISODE + "/notify/csm-lee/2", INCIDENT_ID, LEE, change);
    verify(h.incidents, times(2)).notifyCsmOfIncident(anyString(), anyString(), anyString(), eq(change));
    verify(h.incidents, times(4)).notifyCsmOfIncident(anyString(), anyString(), anyString(), any());
    verify(h.incidents, times(1)).openCoordinationChannel(INCIDENT_ID, List.of(DANA, LEE));
    verify(h.incidents, times(1)).openCoordinationChannel(anyString(), anyList());
    for (String csm : List.of(DANA, LEE)) {
      InOrder order = inOrder(h.incidents);
      order.verify(h.incidents).openCoordinationChannel(anyString(), anyList());
      order.verify(h.incidents).notifyCsmOfIncident(anyString(), anyString(), eq(csm), eq(change));
    }
    assertThat(state.severity()).isEqualTo("P1");
    assertThat(state.notificationRounds()).isEqualTo(2);
    assertThat(state.coordinationChannel()).isEqualTo(CHANNEL);
    assertThat(h.describe().getTypedSearchAttributes().get(SearchAttributes.SEVERITY)).isEqualTo("P1");
  }

  @Test
  void aStatusOnlyUpdateReNotifiesNobody() {
    h.postAndSettle(update("pd-1", Duration.ZERO, "P1", "investigating", "api"));

    IncidentState state = h.postAndSettle(update("pd-2", Duration.ofMinutes(20), null, "identified"));

    verify(h.incidents, times(2)).applyUpdate(any());
    verify(h.incidents, times(2)).notifyCsmOfIncident(anyString(), anyString(), anyString(), any());
    verify(h.incidents, times(1)).openCoordinationChannel(anyString(), anyList());
    verify(h.incidents, times(2)).draftCustomerEmail(anyString(), anyString(), anyString(), any());
    assertThat(state.status()).isEqualTo("identified");
    assertThat(state.severity()).isEqualTo("P1");
    assertThat(state.notificationRounds()).isEqualTo(1);
    assertThat(state.ignoredUpdates()).isZero();
    assertThat(state.stage()).isEqualTo("identified P1: 3 customers affected");
  }

  @Test
  void aRedeliveredUpdateWithAKeyAlreadySeenChangesNothing() {
    IncidentUpdate first = update("pd-1", Duration.ZERO, "P1", "investigating", "api");
    IncidentState before = h.postAndSettle(first);

    IncidentState after = h.postAndSettle(first);

    verify(h.incidents, times(2)).applyUpdate(first);
    verify(h.incidents, times(1)).assessImpact(anyString());
    verify(h.incidents, times(1)).openCoordinationChannel(anyString(), anyList());
    verify(h.incidents, times(2)).notifyCsmOfIncident(anyString(), anyString(), anyString(), any());
    verify(h.incidents, times(2)).draftCustomerEmail(anyString(), anyString(), anyString(), any());
    assertThat(after.ignoredUpdates()).isEqualTo(1);
    assertThat(after).usingRecursiveComparison().ignoringFields("ignoredUpdates").isEqualTo(before);
  }

  @Test
  void aStaleUpdateOlderThanTheNewestChangesNothingAndCountsAsIgnored() {
    h.postAndSettle(update("pd-2", Duration.ofMinutes(10), "P3", "investigating", "api"));

    // older than pd-2: its P1 and its dashboard must not count
    IncidentState state = h.postAndSettle(update("pd-1", Duration.ZERO, "P1", "investigating", "api", "dashboard"));

    verify(h.incidents, times(2)).applyUpdate(any());
    verify(h.incidents, times(1)).assessImpact(anyString());
    verify(h.incidents, never()).openCoordinationChannel(anyString(), anyList());
    verify(h.incidents, times(2)).notifyCsmOfIncident(anyString(), anyString(), anyString(), any());
    verify(h.incidents, never()).notifyCsmOfIncident(anyString(), anyString(), eq(SAM), any());
    assertThat(state.ignoredUpdates()).isEqualTo(1);
    assertThat(state.severity()).isEqualTo("P3");
    assertThat(state.affectedCustomers()).isEqualTo(3);
    assertThat(state.notificationRounds()).isEqualTo(1);
    assertThat(h.store.incident().components()).containsExactly("api");
    assertThat(h.describe().getTypedSearchAttributes().get(SearchAttributes.SEVERITY)).isEqualTo("P3");
  }

  @Test
  void newlyAffectedComponentsReNotifyEveryCsmSayingWhatIsNewlyAffectedAndInviteTheNewCsm() {
    h.postAndSettle(update("pd-1", Duration.ZERO, "P2", "investigating", "api"));

    IncidentState state = h.postAndSettle(update("pd-2", Duration.ofMinutes(15), null, "identified", "dashboard"));

    String change = "newly affected: dashboard";
    for (String csm : List.of(DANA, LEE, SAM)) {
      verify(h.incidents, times(1)).notifyCsmOfIncident(EPISODE + "/notify/" + csm + "/2", INCIDENT_ID, csm, change);
    }
    verify(h.incidents, times(5)).notifyCsmOfIncident(anyString(), anyString(), anyString(), any());
    verify(h.incidents, times(1)).openCoordinationChannel(INCIDENT_ID, List.of(DANA, LEE));
    verify(h.incidents, times(1)).openCoordinationChannel(INCIDENT_ID, List.of(DANA, LEE, SAM));
    // UMBRELLA is low impact: no outreach for it
    verify(h.incidents, never()).draftCustomerEmail(anyString(), anyString(), eq(IncidentHarness.UMBRELLA.customerId()), any());
    assertThat(state.notificationRounds()).isEqualTo(2);
    assertThat(state.affectedCustomers()).isEqualTo(4);
    assertThat(state.notifiedCsms()).containsExactly(DANA, LEE, SAM);
  }

  // ---------------------------------------------------------------- outreach

  @Test
  void eachHighImpactCustomerGetsOneOutreachDraftWhichIsSentAndMarkedOnlyOnceApproved() {
    h.postAndSettle(update("pd-1", Duration.ZERO, "P1", "investigating", "api"));
    h.postAndSettle(update("pd-2", Duration.ofMinutes(5), null, "identified"));

    for (ImpactedCustomer customer : HIGH_IMPACT) {
      verify(h.incidents, times(1)).draftCustomerEmail(
          EPISODE + "/incident_outreach/" + customer.customerId(), INCIDENT_ID, customer.customerId(), ApprovalKind.INCIDENT_OUTREACH);
    }
    verify(h.incidents, never()).draftCustomerEmail(anyString(), anyString(), eq(INITECH.customerId()), any());
    verify(h.incidents, times(2)).draftCustomerEmail(anyString(), anyString(), anyString(), any());
    verifyNoInteractions(h.approvals);

    String acmeApproval = approvalId(ApprovalKind.INCIDENT_OUTREACH, ACME.customerId());
    h.approve(acmeApproval);
    h.reject(approvalId(ApprovalKind.INCIDENT_OUTREACH, GLOBEX.customerId()));
    h.awaitIdle();

    InOrder order = inOrder(h.approvals, h.incidents);
    order.verify(h.approvals).sendApprovedDraft(EPISODE + "/incident_outreach/cust-acme/send-approved", acmeApproval, false);
    order.verify(h.incidents).markOutreachSent(INCIDENT_ID, ACME.customerId());
    verify(h.approvals, times(1)).sendApprovedDraft(anyString(), anyString(), anyBoolean());
    verify(h.incidents, times(1)).markOutreachSent(anyString(), anyString());
    ArgumentCaptor<LogEntry> logged = ArgumentCaptor.forClass(LogEntry.class);
    verify(h.activityLog, times(1)).log(logged.capture());
    assertThat(logged.getValue().action()).isEqualTo("approval_rejected");
    assertThat(logged.getValue().customerId()).isEqualTo(GLOBEX.customerId());
  }

  /**
   * Both outreach rows were decided (ACME approved by Dana, GLOBEX rejected by Lee) by updates whose
   * acceptance was lost with a restarting server: no decision reached the workflow. Once the wave's
   * grace after the expiry runs out, the workflow takes the rows' verdicts
   * (ApprovalGate.DECISION_TAKEN_FROM_ROW): ACME's email is sent and marked once, GLOBEX's rejection
   * logged as Lee's.
   */
  @Test
  void outreachRowsDecidedWithoutTheWorkflowAreTakenAtExpiryTheApprovedOneSentOnceTheRejectedOneLogged() {
    h.postAndSettle(update("pd-1", Duration.ZERO, "P1", "investigating", "api"));
    String acmeApproval = approvalId(ApprovalKind.INCIDENT_OUTREACH, ACME.customerId());
    String globexApproval = approvalId(ApprovalKind.INCIDENT_OUTREACH, GLOBEX.customerId());
    h.rowDecidedWithoutTheWorkflow(acmeApproval, "approved", DANA);
    h.rowDecidedWithoutTheWorkflow(globexApproval, "rejected", LEE);

    h.env.sleep(IncidentHarness.APPROVAL.expireAfter().plusMinutes(5));
    h.awaitIdle();
    verify(h.approvals, never()).sendApprovedDraft(anyString(), anyString(), anyBoolean()); // the grace for a legacy signal
    h.env.sleep(Duration.ofMinutes(10));
    h.awaitIdle();

    InOrder order = inOrder(h.approvals, h.incidents);
    order.verify(h.approvals).readDecisions(List.of(acmeApproval, globexApproval));
    order.verify(h.approvals).sendApprovedDraft(EPISODE + "/incident_outreach/cust-acme/send-approved", acmeApproval, false);
    order.verify(h.incidents).markOutreachSent(INCIDENT_ID, ACME.customerId());
    verify(h.approvals, times(1)).sendApprovedDraft(anyString(), anyString(), anyBoolean());
    verify(h.incidents, times(1)).markOutreachSent(anyString(), anyString());
    ArgumentCaptor<LogEntry> logged = ArgumentCaptor.forClass(LogEntry.class);
    verify(h.activityLog, atLeastOnce()).log(logged.capture());
    assertThat(logged.getAllValues()).filteredOn(e -> e.action().equals("approval_rejected")).singleElement()
        .satisfies(e -> {
          assertThat(e.customerId()).isEqualTo(GLOBEX.customerId());
          assertThat(e.details()).containsEntry("rejectedBy", LEE);
        });
  }

  /**
   * ACME's decision is still being written when GLOBEX's arrives. Since decision-recorded-locally the
   * write is a local activity inside the workflow task that accepted ACME's decision, so the server
   * holds GLOBEX's until that task completes and delivers it in the next: neither is lost, refused or
   * recorded twice. (The claim per approval id, not a workflow-wide lock, keeps them apart when a
   * write outlasts its task's heartbeat and both are open at once.)
   */
  @Test
  void twoOutreachDraftsDecidedByUpdateAtOnceAreBothAcceptedAndOnlyTheApprovedOneIsSentAndMarked() throws Exception {
    h.postAndSettle(update("pd-1", Duration.ZERO, "P1", "investigating", "api"));
    String acmeApproval = approvalId(ApprovalKind.INCIDENT_OUTREACH, ACME.customerId());
    String globexApproval = approvalId(ApprovalKind.INCIDENT_OUTREACH, GLOBEX.customerId());
    CountDownLatch acmeRecording = new CountDownLatch(1);
    CountDownLatch releaseAcme = new CountDownLatch(1);
    doAnswer(invocation -> {
          DraftDecision decision = invocation.getArgument(0);
          if (decision.approvalId().equals(acmeApproval)) {
            acmeRecording.countDown();
            assertThat(releaseAcme.await(10, TimeUnit.SECONDS)).isTrue();
          }
          return Decisions.recorded(decision);
        })
        .when(h.approvals).recordDecision(any());
    DraftDecision acmeDecision = Decisions.approval(acmeApproval, DANA);
    DraftDecision globexDecision = Decisions.rejection(globexApproval, LEE, "they are in a freeze");

    CompletableFuture<DecisionResult> acmeUpdate = CompletableFuture.supplyAsync(() -> h.decide(acmeDecision));
    assertThat(acmeRecording.await(10, TimeUnit.SECONDS)).isTrue();
    CompletableFuture<DecisionResult> globexUpdate = CompletableFuture.supplyAsync(() -> h.decide(globexDecision));
    // Neither the SDK's client nor the test server offers the ADMITTED stage to know when GLOBEX's
    // decision has reached the server: it is given a second of wall time, and must still be unanswered.
    Thread.sleep(1_000);
    assertThat(globexUpdate).as("GLOBEX's decision, held while ACME's is written").isNotDone();
    releaseAcme.countDown();
    DecisionResult globex = globexUpdate.get(10, TimeUnit.SECONDS);
    DecisionResult acme = acmeUpdate.get(10, TimeUnit.SECONDS);

    assertThat(globex).isEqualTo(new DecisionResult(globexApproval, "rejected"));
    assertThat(acme).isEqualTo(new DecisionResult(acmeApproval, "approved"));
    h.awaitIdle();
    assertThat(Decisions.refusalOf(h.client, WORKFLOW_ID, Decisions.approval(acmeApproval, LEE)).type())
        .isEqualTo(HoldsDrafts.ALREADY_DECIDED);
    assertThat(Decisions.refusalOf(h.client, WORKFLOW_ID, Decisions.approval(approvalId(ApprovalKind.INCIDENT_OUTREACH, INITECH.customerId()), LEE)).type())
        .isEqualTo(HoldsDrafts.UNKNOWN_APPROVAL);
    verify(h.approvals, times(1)).recordDecision(acmeDecision);
    verify(h.approvals, times(1)).recordDecision(globexDecision);
    verify(h.approvals, times(2)).recordDecision(any());
    verify(h.approvals, times(1)).sendApprovedDraft(EPISODE + "/incident_outreach/cust-acme/send-approved", acmeApproval, false);
    verify(h.approvals, times(1)).sendApprovedDraft(anyString(), anyString(), anyBoolean());
    verify(h.incidents, times(1)).markOutreachSent(INCIDENT_ID, ACME.customerId());
    verify(h.incidents, times(1)).markOutreachSent(anyString(), anyString());
    ArgumentCaptor<LogEntry> logged = ArgumentCaptor.forClass(LogEntry.class);
    verify(h.activityLog, times(1)).log(logged.capture());
    assertThat(logged.getValue().action()).isEqualTo("approval_rejected");
    assertThat(logged.getValue().details()).containsEntry("rejectedBy", LEE).containsEntry("reason", "they are in a freeze");
  }

  // ---------------------------------------------------------------- resolution

  @Test
  void aResolutionDmsEachCsmDraftsResolutionEmailsCreatesFollowUpsOnlyAfterTheDelayAndEndsOnceDraftsExpire() {
    h.postAndSettle(update("pd-1", Duration.ZERO, "P1", "investigating", "api"));
    h.approve(approvalId(ApprovalKind.INCIDENT_OUTREACH, ACME.customerId()));
    h.approve(approvalId(ApprovalKind.INCIDENT_OUTREACH, GLOBEX.customerId()));
    h.awaitIdle();
    Instant resolvedAt = h.now();

    IncidentState resolved = h.postAndSettle(update("pd-2", Duration.ofMinutes(90), null, "resolved"));

    verify(h.incidents, times(1)).notifyCsmOfResolution(EPISODE + "/resolved/csm-dana/1", INCIDENT_ID, DANA);
    verify(h.incidents, times(1)).notifyCsmOfResolution(EPISODE + "/resolved/csm-lee/1", INCIDENT_ID, LEE);
    verify(h.incidents, times(2)).notifyCsmOfResolution(anyString(), anyString(), anyString());
    for (ImpactedCustomer customer : HIGH_IMPACT) {
      verify(h.incidents, times(1)).draftCustomerEmail(
          EPISODE + "/incident_resolution/" + customer.customerId(), INCIDENT_ID, customer.customerId(), ApprovalKind.INCIDENT_RESOLUTION);
    }
    verify(h.incidents, times(4)).draftCustomerEmail(anyString(), anyString(), anyString(), any());
    verify(h.incidents, times(2)).notifyCsmOfIncident(anyString(), anyString(), anyString(), any());
    assertThat(resolved.status()).isEqualTo("resolved");
    assertThat(resolved.stage()).startsWith("resolved; follow-ups due");

    h.env.sleep(FOLLOW_UP_AFTER.minusHours(1));
    h.awaitIdle();
    verify(h.tasks, never()).createTask(any());
    // the resolution drafts were reminded after a day; the approved outreach drafts were not
    for (ImpactedCustomer customer : HIGH_IMPACT) {
      verify(h.approvals, times(1)).remindApprover(EPISODE + "/incident_resolution/" + customer.customerId() + "/approval-reminder",
          approvalId(ApprovalKind.INCIDENT_RESOLUTION, customer.customerId()));
    }
    verify(h.approvals, times(2)).remindApprover(anyString(), anyString());

    h.env.sleep(Duration.ofHours(2));
    IncidentState followedUp = h.awaitIdle();
    ArgumentCaptor<NewTask> created = ArgumentCaptor.forClass(NewTask.class);
    verify(h.tasks, times(2)).createTask(created.capture());
    assertThat(created.getAllValues()).extracting(NewTask::customerId).containsExactlyInAnyOrder(ACME.customerId(), GLOBEX.customerId());
    for (NewTask task : created.getAllValues()) {
      assertThat(task.idempotencyKey()).isEqualTo(EPISODE + "/follow-up/" + task.customerId());
      assertThat(task.assigneeId()).isEqualTo(IncidentHarness.csmOf(task.customerId()));
      assertThat(task.priority()).isEqualTo(TaskPriority.HIGH);
      assertThat(task.title()).isEqualTo("Follow up with " + task.customerId() + " after incident: " + TITLE);
      assertThat(task.workflowId()).isEqualTo(WORKFLOW_ID);
      Instant due = resolvedAt.plus(FOLLOW_UP_AFTER).plus(Duration.ofHours(24));
      assertThat(task.dueAt()).isBetween(due, due.plus(SLACK));
    }
    assertThat(followedUp.stage()).isEqualTo("waiting for the last drafts to be decided");
    assertThat(h.describe().getStatus()).isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING);

    IncidentState done = h.result();

    assertThat(done.stage()).isEqualTo("done");
    verify(h.approvals, times(1)).expireApproval(approvalId(ApprovalKind.INCIDENT_RESOLUTION, ACME.customerId()));
    verify(h.approvals, times(1)).expireApproval(approvalId(ApprovalKind.INCIDENT_RESOLUTION, GLOBEX.customerId()));
    verify(h.approvals, times(2)).expireApproval(anyString());
    verify(h.approvals, times(2)).sendApprovedDraft(anyString(), anyString(), anyBoolean());
    verify(h.incidents, times(2)).markOutreachSent(anyString(), anyString());
    verify(h.tasks, times(2)).createTask(any());
    WorkflowExecutionDescription closed = h.describe();
    assertThat(closed.getStatus()).isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED);
    // the last drafts (the resolution emails) expired a week after the resolution
    assertThat(closed.getCloseTime()).isBetween(resolvedAt.plus(Duration.ofDays(7)), resolvedAt.plus(Duration.ofDays(7)).plus(SLACK));
  }

  @Test
  void aResolvedUpdateArrivingBeforeTheInvestigatingOneAnalyzesImpactSendsResolutionDmsAndNoIncidentAlert() {
    String episode = episode("pd-2");
    IncidentState resolved = h.postAndSettle(update("pd-2", Duration.ofMinutes(60), "P2", "resolved", "api"));

    verify(h.incidents, times(1)).assessImpact(INCIDENT_ID);
    verify(h.incidents, times(1)).notifyCsmOfResolution(episode + "/resolved/csm-dana/1", INCIDENT_ID, DANA);
    verify(h.incidents, times(1)).notifyCsmOfResolution(episode + "/resolved/csm-lee/1", INCIDENT_ID, LEE);
    for (ImpactedCustomer customer : HIGH_IMPACT) {
      verify(h.incidents, times(1)).draftCustomerEmail(
          episode + "/incident_resolution/" + customer.customerId(), INCIDENT_ID, customer.customerId(), ApprovalKind.INCIDENT_RESOLUTION);
    }
    assertThat(resolved.stage()).startsWith("resolved; follow-ups due");

    // the investigating update was sent first but is older: stale
    IncidentState state = h.postAndSettle(update("pd-1", Duration.ZERO, "P2", "investigating", "api"));

    verify(h.incidents, times(2)).applyUpdate(any());
    verify(h.incidents, times(1)).assessImpact(anyString());
    verify(h.incidents, times(2)).notifyCsmOfResolution(anyString(), anyString(), anyString());
    verify(h.incidents, never()).notifyCsmOfIncident(anyString(), anyString(), anyString(), any());
    verify(h.incidents, never()).openCoordinationChannel(anyString(), anyList());
    verify(h.incidents, never()).draftCustomerEmail(anyString(), anyString(), anyString(), eq(ApprovalKind.INCIDENT_OUTREACH));
    assertThat(state.status()).isEqualTo("resolved");
    assertThat(state.ignoredUpdates()).isEqualTo(1);
    assertThat(state.notificationRounds()).isZero();
    assertThat(state.notifiedCsms()).isEmpty();
    assertThat(state.stage()).isEqualTo(resolved.stage());
  }

  @Test
  void aResolutionThatNamesANewComponentAnalyzesImpactAgainAndTellsThatComponentsCsmToo() {
    String episode = episode("pd-1");
    h.postAndSettle(update("pd-1", Duration.ZERO, "P2", "investigating", "api"));
    h.postAndSettle(update("pd-2", Duration.ofMinutes(90), "P2", "resolved", "api", "dashboard"));

    verify(h.incidents, times(2)).assessImpact(INCIDENT_ID);
    verify(h.incidents, times(1)).notifyCsmOfResolution(episode + "/resolved/csm-sam/1", INCIDENT_ID, SAM);
    verify(h.incidents, never()).notifyCsmOfIncident(anyString(), anyString(), eq(SAM), any());
  }

  @Test
  void aRunWhoseOnlyUpdateIsADuplicateEndsAtOnceWithoutNotifyingAnyone() {
    h.store.alreadySeen("pd-1");

    h.post(update("pd-1", Duration.ZERO, "P1", "investigating", "api"));
    IncidentState done = h.result();

    verify(h.incidents, times(1)).applyUpdate(any());
    verifyNoMoreInteractions(h.incidents);
    verifyNoInteractions(h.approvals, h.tasks, h.activityLog);
    assertThat(done.incidentId()).isNull();
    assertThat(done.ignoredUpdates()).isEqualTo(1);
    assertThat(done.notificationRounds()).isZero();
    assertThat(done.stage()).isEqualTo("done");
    WorkflowExecutionDescription closed = h.describe();
    assertThat(closed.getCloseTime()).isBetween(closed.getStartTime(), closed.getStartTime().plus(SLACK));
  }

  // ---------------------------------------------------------------- reopening

  /**
   * After its follow-ups the run still waits (days) for the resolution drafts; an update that arrives
   * then goes to this run, not a new one, so it must not be dropped.
   */
  @Test
  void aReopeningWhileTheLastDraftsArePendingReNotifiesEveryCsmAndItsNextResolutionDmsThemAgain() {
    h.postAndSettle(update("pd-1", Duration.ZERO, "P1", "investigating", "api"));
    h.postAndSettle(update("pd-2", Duration.ofMinutes(90), null, "resolved"));
    h.env.sleep(FOLLOW_UP_AFTER.plusHours(1));
    assertThat(h.awaitIdle().stage()).isEqualTo("waiting for the last drafts to be decided");
    verify(h.tasks, times(2)).createTask(any());

    IncidentState reopened = h.postAndSettle(update("pd-3", Duration.ofDays(2).plusHours(2), null, "investigating"));

    verify(h.incidents, times(1)).notifyCsmOfIncident(EPISODE + "/notify/csm-dana/2", INCIDENT_ID, DANA, "incident reopened");
    verify(h.incidents, times(1)).notifyCsmOfIncident(EPISODE + "/notify/csm-lee/2", INCIDENT_ID, LEE, "incident reopened");
    assertThat(reopened.status()).isEqualTo("investigating");
    assertThat(reopened.notificationRounds()).isEqualTo(2);
    assertThat(h.describe().getStatus()).isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING);

    h.postAndSettle(update("pd-4", Duration.ofDays(2).plusHours(5), null, "resolved"));

    // a second resolution is news: keyed apart from the first, or the delivery would be skipped as a repeat
    verify(h.incidents, times(1)).notifyCsmOfResolution(EPISODE + "/resolved/csm-dana/2", INCIDENT_ID, DANA);
    verify(h.incidents, times(1)).notifyCsmOfResolution(EPISODE + "/resolved/csm-lee/2", INCIDENT_ID, LEE);
    verify(h.incidents, times(4)).notifyCsmOfResolution(anyString(), anyString(), anyString());
    // one resolution email per customer per incident
    verify(h.incidents, times(2)).draftCustomerEmail(anyString(), anyString(), anyString(), eq(ApprovalKind.INCIDENT_RESOLUTION));

    IncidentState done = h.result();
    assertThat(done.stage()).isEqualTo("done");
    assertThat(done.status()).isEqualTo("resolved");
    ArgumentCaptor<NewTask> created = ArgumentCaptor.forClass(NewTask.class);
    verify(h.tasks, times(4)).createTask(created.capture());
    // the second resolution's follow-ups carry the same keys: still one task per customer
    assertThat(created.getAllValues()).extracting(NewTask::idempotencyKey).containsOnly(
        EPISODE + "/follow-up/" + ACME.customerId(), EPISODE + "/follow-up/" + GLOBEX.customerId());
  }

  // ---------------------------------------------------------------- failing providers

  @Test
  void aSlackThatRefusesTheChannelAndOneCsmsDmStillNotifiesTheOtherCsmResolvesAndCreatesTheFollowUps() {
    doThrow(StepFailures.permanent("Slack conversations.create failed: missing_scope"))
        .when(h.incidents).openCoordinationChannel(anyString(), anyList());
    doThrow(StepFailures.permanent("Slack chat.postMessage failed: user_not_found; Google messages.send failed with HTTP 400"))
        .when(h.incidents).notifyCsmOfIncident(anyString(), anyString(), eq(DANA), any());
    doThrow(StepFailures.outage("Google messages.send failed with HTTP 503"))
        .when(h.incidents).notifyCsmOfResolution(anyString(), anyString(), anyString());

    IncidentState notified = h.postAndSettle(update("pd-1", Duration.ZERO, "P1", "investigating", "api"));

    assertThat(notified.coordinationChannel()).isNull();
    assertThat(notified.notificationRounds()).isEqualTo(1);
    verify(h.incidents, times(1)).notifyCsmOfIncident(EPISODE + "/notify/csm-lee/1", INCIDENT_ID, LEE, null);
    StepFailure channel = StepFailures.of(h.activityLog, "coordination-channel");
    assertThat(channel.reason()).isEqualTo("Slack conversations.create failed: missing_scope");
    // recorded once as the incident's own (its affected customers may be tens of thousands, in the database only)
    assertThat(channel.customerIds()).isEmpty();
    StepFailure danasDm = StepFailures.of(h.activityLog, "notify-csm");
    assertThat(danasDm.key()).isEqualTo(EPISODE + "/notify/csm-dana/1");
    // the workflow no longer holds Dana's customers; her DM's notification row (marked failed) names them
    assertThat(danasDm.customerIds()).isEmpty();

    // the resolution DMs fail through every attempt (minutes of backoff): skip time until the end
    h.post(update("pd-2", Duration.ofMinutes(90), null, "resolved"));
    IncidentState done = h.result();

    assertThat(done.stage()).isEqualTo("done");
    assertThat(done.status()).isEqualTo("resolved");
    verify(h.tasks, times(2)).createTask(any());
    verify(h.incidents, times(8)).notifyCsmOfResolution(eq(EPISODE + "/resolved/csm-dana/1"), anyString(), anyString());
    assertThat(StepFailures.recorded(h.activityLog)).filteredOn(f -> f.step().equals("notify-csm-of-resolution"))
        .extracting(StepFailure::key)
        .containsExactlyInAnyOrder(EPISODE + "/resolved/csm-dana/1", EPISODE + "/resolved/csm-lee/1");
    // the channel was given up on: no later round asks Slack for it again
    verify(h.incidents, times(1)).openCoordinationChannel(anyString(), anyList());
  }

  // ---------------------------------------------------------------- poisoned updates

  @Test
  void aPoisonedUpdateIsRecordedAsFailedAndSkippedAndTheResolutionAfterItStillResolves() {
    answerApplyUpdateRefusingTitlesWithANul(StepFailures.dataError());
    h.postAndSettle(update("pd-1", Duration.ZERO, "P1", "investigating", "api"));

    IncidentState afterPoison = h.postAndSettle(titled("Checkout\u0000API down", update("pd-2", Duration.ofMinutes(10), null, "identified")));

    assertThat(afterPoison.failedUpdates()).isEqualTo(1);
    assertThat(afterPoison.status()).isEqualTo("investigating");
    StepFailure poisoned = StepFailures.of(h.activityLog, "apply-incident-update");
    assertThat(poisoned.key()).isEqualTo(WORKFLOW_ID + "/update/pd-2");
    assertThat(poisoned.reason()).contains("SQLSTATE 22021");
    assertThat(poisoned.customerIds()).isEmpty();

    IncidentState resolved = h.postAndSettle(update("pd-3", Duration.ofMinutes(30), null, "resolved"));

    assertThat(resolved.status()).isEqualTo("resolved");
    verify(h.incidents, times(1)).notifyCsmOfResolution(EPISODE + "/resolved/csm-dana/1", INCIDENT_ID, DANA);
    verify(h.incidents, times(1)).notifyCsmOfResolution(EPISODE + "/resolved/csm-lee/1", INCIDENT_ID, LEE);
    IncidentState done = h.result();
    assertThat(done.stage()).isEqualTo("done");
    assertThat(done.failedUpdates()).isEqualTo(1);
    verify(h.tasks, times(2)).createTask(any());
  }

  @Test
  void aPoisonedUpdateTheDatabaseKeepsFailingIsGivenUpAfter60AttemptsAndTheResolutionQueuedBehindItStillResolves() {
    answerApplyUpdateRefusingTitlesWithANul(ApplicationFailure.newFailure("connection to the database lost", "DataAccessFailure"));
    h.postAndSettle(update("pd-1", Duration.ZERO, "P1", "investigating", "api"));

    h.post(titled("Checkout\u0000API down", update("pd-2", Duration.ofMinutes(10), null, "identified")));
    h.post(update("pd-3", Duration.ofMinutes(30), null, "resolved"));
    IncidentState done = h.result();

    assertThat(done.status()).isEqualTo("resolved");
    assertThat(done.failedUpdates()).isEqualTo(1);
    verify(h.incidents, times(60)).applyUpdate(argThat(u -> u.updateKey().equals("pd-2")));
    verify(h.incidents, times(2)).notifyCsmOfResolution(anyString(), anyString(), anyString());
    assertThat(StepFailures.of(h.activityLog, "apply-incident-update").reason()).isEqualTo("connection to the database lost");
  }

  // ---------------------------------------------------------------- bounded histories

  @Test
  void anIncidentThatGoes30DaysWithoutAnUpdateOrAResolutionEndsWithANote() {
    h.postAndSettle(update("pd-1", Duration.ZERO, "P2", "investigating", "api"));
    h.env.sleep(Duration.ofDays(29));
    IncidentState stillOpen = h.postAndSettle(update("pd-2", Duration.ofDays(29), null, "monitoring"));
    Instant lastUpdate = h.now();
    assertThat(stillOpen.status()).isEqualTo("monitoring");
    h.env.sleep(Duration.ofDays(29));
    assertThat(h.describe().getStatus()).isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING);

    IncidentState closed = h.result();

    assertThat(closed.stage()).startsWith("closed unresolved (no update for 30 days and not resolved");
    assertThat(closed.status()).isEqualTo("monitoring");
    // measured from when the workflow finished handling the last update, a moment before the test saw it settle
    assertThat(h.describe().getCloseTime())
        .isBetween(lastUpdate.plus(Duration.ofDays(30)).minus(SLACK), lastUpdate.plus(Duration.ofDays(30)).plus(SLACK));
    ArgumentCaptor<LogEntry> logged = ArgumentCaptor.forClass(LogEntry.class);
    verify(h.activityLog, atLeastOnce()).log(logged.capture());
    assertThat(logged.getAllValues()).filteredOn(e -> e.action().equals("incident_closed_unresolved")).singleElement()
        .satisfies(e -> {
          assertThat(e.idempotencyKey()).isEqualTo(EPISODE + "/closed-unresolved");
          assertThat(e.details()).containsEntry("incidentId", INCIDENT_ID).containsEntry("status", "monitoring");
        });
    verify(h.tasks, never()).createTask(any());
  }

  /** {@code applyUpdate} answers from the store, except for an update whose title holds a NUL: it throws {@code failure}. */
  private void answerApplyUpdateRefusingTitlesWithANul(ApplicationFailure failure) {
    doAnswer(invocation -> {
          IncidentUpdate update = invocation.getArgument(0);
          if (update.title() != null && update.title().indexOf('\u0000') >= 0) {
            throw failure;
          }
          return h.store.apply(update);
        })
        .when(h.incidents).applyUpdate(any());
  }

  private static IncidentUpdate titled(String title, IncidentUpdate u) {
    return new IncidentUpdate(u.source(), u.externalId(), u.updateKey(), u.occurredAt(), title, u.description(), u.severity(),
        u.status(), u.components(), u.regions(), u.startedAt(), u.resolvedAt(), u.statusPageUrl());
  }

  // ---------------------------------------------------------------- Temporal's limits

  @Test
  void anIncidentWithA400CharacterTitleKeyAndComponentRunsAndEverySummaryFitsTemporalsLimit() {
    String title = "Checkout " + "T".repeat(391);
    String longComponent = "component-" + "c".repeat(390);
    String longKey = "pd-" + "k".repeat(397);
    IncidentUpdate first = update(longKey, Duration.ZERO, "P1", "investigating", "api", longComponent);
    first = new IncidentUpdate(first.source(), first.externalId(), first.updateKey(), first.occurredAt(), title,
        first.description(), first.severity(), first.status(), first.components(), first.regions(), first.startedAt(),
        first.resolvedAt(), first.statusPageUrl());

    IncidentState state = h.postAndSettle(first);

    assertThat(state.notificationRounds()).isEqualTo(1);
    assertThat(state.notifiedCsms()).containsExactly(DANA, LEE);
    List<Summaries.Summary> summaries = Summaries.of(h.client.fetchHistory(WORKFLOW_ID));
    assertThat(summaries).hasSizeGreaterThan(4)
        .allSatisfy(s -> assertThat(s.payloadBytes()).as(s.text()).isLessThanOrEqualTo(TemporalLimits.SUMMARY_BYTES));
    assertThat(summaries).anySatisfy(s -> assertThat(s.text()).startsWith("Find customers affected by api, component-ccc"));
    assertThat(summaries).anySatisfy(s -> assertThat(s.text()).startsWith("Apply pagerduty update pd-kkk"));
  }
}
