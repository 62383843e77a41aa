package io.vigil.workflows.incident;

import static io.vigil.workflows.incident.IncidentHarness.WORKFLOW_ID;
import static io.vigil.workflows.incident.IncidentHarness.approvalId;
import static io.vigil.workflows.incident.IncidentHarness.episode;
import static io.vigil.workflows.incident.IncidentHarness.update;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.atLeastOnce;
import static org.mockito.Mockito.mockingDetails;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.history.v1.HistoryEvent;
import io.vigil.workflows.common.ApprovalKind;
import io.vigil.workflows.common.HistoryBudget;
import io.vigil.workflows.common.HoldsDrafts;
import io.vigil.workflows.common.SearchAttributes;
import io.vigil.workflows.testing.Decisions;
import io.vigil.workflows.testing.HistoryChain;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The incident response at the scale issue 8 names: an incident touching 30,000 customers, and an
 * incident with hundreds of updates. The customers stay in the (fake) database; the workflow's
 * payloads, its runs and its threads stay small.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class BoundedIncidentHistoryTest {
  static final int CUSTOMERS = 30_000;
  static final int CSMS = 150;
  /** Every 20th customer is a heavy user: 1,500 high-impact customers, each with an outreach and a resolution draft. */
  static final int HIGH_EVERY = 20;
  static final int UPDATES = 300;
  /** No event (so no payload) past this: the whole list of 30,000 customers would be ~2 MB. */
  static final int MAX_EVENT_BYTES = 64 * 1024;

  /** 30,000 customers on the api: customer i's CSM is i mod 150, every 20th is high-impact. */
  static FakeIncidentStore portfolio() {
    List<ImpactedCustomer> customers = new ArrayList<>(CUSTOMERS);
    for (int i = 0; i < CUSTOMERS; i++) {
      customers.add(new ImpactedCustomer(customerId(i), String.format("csm-%03d", i % CSMS),
          i % HIGH_EVERY == 0 ? "high" : i % 3 == 0 ? "medium" : "low"));
    }
    return new FakeIncidentStore(Map.of("api", customers));
  }

  static String customerId(int i) {
    return String.format("cust-%05d", i);
  }

  @Test
  void givenAnIncidentTouching30000Customers_itTellsEveryCsmOnceHoldsEveryHighImpactDraftOnceAndKeepsEveryPayloadSmall() {
    try (IncidentHarness h = new IncidentHarness(IncidentResponseWorkflowImpl.class, portfolio(), IncidentHarness.POLICY)) {
      String firstRunId = h.post(update("pd-1", Duration.ZERO, "P1", "investigating", "api")).getRunId();
      IncidentState notified = h.awaitIdle();
      assertThat(notified.affectedCustomers()).isEqualTo(CUSTOMERS);
      assertThat(notified.notificationRounds()).isEqualTo(1);
      int high = CUSTOMERS / HIGH_EVERY;
      verify(h.incidents, times(CSMS)).notifyCsmOfIncident(anyString(), anyString(), anyString(), any());
      verify(h.incidents, times(high)).draftCustomerEmail(anyString(), anyString(), anyString(), eq(ApprovalKind.INCIDENT_OUTREACH));

      // decisions on drafts of several pages: by update (approve, reject) and by the legacy signals
      String episode = episode("pd-1");
      List<String> approved = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        String customer = customerId(i * 3_000);
        String approval = approvalId(ApprovalKind.INCIDENT_OUTREACH, customer);
        assertThat(h.decide(Decisions.approval(approval, h.store.csmOf(customer))).status()).isEqualTo("approved");
        approved.add(customer);
      }
      String rejected = approvalId(ApprovalKind.INCIDENT_OUTREACH, customerId(29_980));
      assertThat(h.decide(Decisions.rejection(rejected, "csm-130", "not now")).status()).isEqualTo("rejected");
      h.approve(approvalId(ApprovalKind.INCIDENT_OUTREACH, customerId(15_020)));
      h.awaitIdle();
      assertThat(Decisions.refusalOf(h.client, WORKFLOW_ID, Decisions.approval(rejected, "csm-130")).type())
          .isEqualTo(HoldsDrafts.ALREADY_DECIDED);
      for (String customer : approved) {
        verify(h.approvals, times(1)).sendApprovedDraft(episode + "/incident_outreach/" + customer + "/send-approved",
            approvalId(ApprovalKind.INCIDENT_OUTREACH, customer), false);
      }
      verify(h.approvals, times(11)).sendApprovedDraft(anyString(), anyString(), anyBoolean());
      verify(h.incidents, times(11)).markOutreachSent(anyString(), anyString());

      h.postAndSettle(update("pd-2", Duration.ofHours(3), null, "resolved"));
      verify(h.incidents, times(CSMS)).notifyCsmOfResolution(anyString(), anyString(), anyString());
      verify(h.incidents, times(high)).draftCustomerEmail(anyString(), anyString(), anyString(), eq(ApprovalKind.INCIDENT_RESOLUTION));

      IncidentState done = h.result();

      assertThat(done.stage()).isEqualTo("done");
      verify(h.tasks, times(high)).createTask(any());
      // every draft still pending was reminded once and expired once, a page at a time
      int undecided = 2 * high - 12;
      verify(h.approvals, times(undecided)).remindApprover(anyString(), anyString());
      verify(h.approvals, times(undecided)).expireApproval(anyString());
      verify(h.approvals, times(11)).sendApprovedDraft(anyString(), anyString(), anyBoolean());
      verify(h.incidents, times(2 * high)).draftCustomerEmail(anyString(), anyString(), anyString(), any());

      List<HistoryChain.Run> runs = HistoryChain.runs(h.client, WORKFLOW_ID, firstRunId);
      int largestEvent = largestEventBytes(runs);
      System.out.printf("%d affected customers (%d CSMs, %d high-impact): %d runs, largest %d events / %d bytes, largest event %d bytes%n",
          CUSTOMERS, CSMS, high, runs.size(), HistoryChain.largestEvents(runs), HistoryChain.largestBytes(runs), largestEvent);
      assertThat(largestEvent).isLessThan(MAX_EVENT_BYTES);
      assertThat(HistoryChain.largestEvents(runs)).isLessThan(HistoryBudget.MAX_EVENTS + 1_000);
    }
  }

  @Test
  void givenHundredsOfUpdates_itContinuesAsNewWithBoundedRunsAndItsPendingDraftsAreDecidedOnceAfterwards() {
    try (IncidentHarness h = new IncidentHarness()) {
      String firstRunId = h.post(update("pd-0", Duration.ZERO, "P2", "investigating", "api")).getRunId();
      h.awaitIdle();
      List<String> statuses = List.of("identified", "monitoring", "investigating");
      for (int i = 1; i <= UPDATES; i++) {
        h.postAndSettle(update("pd-" + i, Duration.ofMinutes(i), null, statuses.get(i % statuses.size())));
      }
      IncidentState updated = h.awaitIdle();
      List<HistoryChain.Run> runs = HistoryChain.runs(h.client, WORKFLOW_ID, firstRunId);
      assertThat(runs).as("runs continued as new").hasSizeGreaterThan(1);
      assertThat(updated.notificationRounds()).isEqualTo(1);
      assertThat(updated.coordinationChannel()).isEqualTo(IncidentHarness.CHANNEL);
      var latest = h.describe();
      assertThat(latest.getStatus()).isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING);
      assertThat(latest.getTypedSearchAttributes().get(SearchAttributes.INCIDENT_ID)).isEqualTo(IncidentHarness.INCIDENT_ID);

      // the outreach drafts held in the first run are decided in a later one, and sent once
      String acme = approvalId(ApprovalKind.INCIDENT_OUTREACH, IncidentHarness.ACME.customerId());
      String globex = approvalId(ApprovalKind.INCIDENT_OUTREACH, IncidentHarness.GLOBEX.customerId());
      assertThat(h.decide(Decisions.approval(acme, IncidentHarness.DANA)).status()).isEqualTo("approved");
      h.reject(globex);
      h.awaitIdle();
      assertThat(Decisions.refusalOf(h.client, WORKFLOW_ID, Decisions.approval(acme, IncidentHarness.DANA)).type())
          .isEqualTo(HoldsDrafts.ALREADY_DECIDED);
      h.postAndSettle(update("pd-" + (UPDATES + 1), Duration.ofMinutes(UPDATES + 1), null, "resolved"));

      IncidentState done = h.result();

      runs = HistoryChain.runs(h.client, WORKFLOW_ID, firstRunId);
      System.out.printf("%d incident updates: %d runs, largest %d events / %d bytes, largest event %d bytes%n",
          UPDATES + 2, runs.size(), HistoryChain.largestEvents(runs), HistoryChain.largestBytes(runs), largestEventBytes(runs));
      assertThat(HistoryChain.largestEvents(runs)).isLessThan(HistoryBudget.MAX_EVENTS + 200);
      assertThat(done.stage()).isEqualTo("done");
      assertThat(done.notificationRounds()).isEqualTo(1);
      verify(h.incidents, times(UPDATES + 2)).applyUpdate(any());
      verify(h.incidents, times(2)).notifyCsmOfIncident(anyString(), anyString(), anyString(), any());
      verify(h.incidents, times(1)).openCoordinationChannel(anyString(), org.mockito.ArgumentMatchers.anyList());
      verify(h.incidents, times(2)).draftCustomerEmail(anyString(), anyString(), anyString(), eq(ApprovalKind.INCIDENT_OUTREACH));
      verify(h.approvals, times(1)).sendApprovedDraft(anyString(), eq(acme), anyBoolean());
      verify(h.approvals, times(1)).sendApprovedDraft(anyString(), anyString(), anyBoolean());
      verify(h.incidents, times(1)).markOutreachSent(IncidentHarness.INCIDENT_ID, IncidentHarness.ACME.customerId());
      verify(h.incidents, times(2)).notifyCsmOfResolution(anyString(), anyString(), anyString());
      verify(h.tasks, times(2)).createTask(any());
      verify(h.approvals, atLeastOnce()).expireApproval(anyString());
      assertThat(mockingDetails(h.approvals).getInvocations().stream()
          .filter(i -> i.getMethod().getName().equals("expireApproval")).count()).isEqualTo(2);
    }
  }

  private static int largestEventBytes(List<HistoryChain.Run> runs) {
    return runs.stream().flatMap(r -> r.history().getEvents().stream()).mapToInt(HistoryEvent::getSerializedSize).max().orElse(0);
  }
}
