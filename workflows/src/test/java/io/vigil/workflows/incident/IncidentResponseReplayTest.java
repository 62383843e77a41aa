package io.vigil.workflows.incident;

import static io.vigil.workflows.incident.IncidentHarness.ACME;
import static io.vigil.workflows.incident.IncidentHarness.FOLLOW_UP_AFTER;
import static io.vigil.workflows.incident.IncidentHarness.GLOBEX;
import static io.vigil.workflows.incident.IncidentHarness.WORKFLOW_ID;
import static io.vigil.workflows.incident.IncidentHarness.approvalId;
import static io.vigil.workflows.incident.IncidentHarness.update;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

import io.vigil.workflows.common.ApprovalKind;
import io.vigil.workflows.testing.Decisions;
import io.vigil.workflows.testing.HistoryRecorder;
import io.vigil.workflows.testing.RecordedHistoriesContract;
import io.vigil.workflows.testing.StepFailures;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Replays the committed histories in {@code src/test/resources/histories/incident/} against the
 * current {@link IncidentResponseWorkflowImpl}: a change that would break running incident
 * responses fails here.
 *
 * <p>To regenerate the histories (after an intended, versioned change to the workflow) run, from the
 * repository root:
 *
 * <pre>
 * mvn -B -q -o -pl workflows test -Dvigil.recordHistories=true -Dtest='IncidentResponseReplayTest*'
 * </pre>
 *
 * then run the module's tests once more (that run replays the new files) and commit the rewritten
 * JSON files. Without the property the {@link Recording} tests are skipped. A history that no longer
 * replays means running incident responses would break: version the change (Workflow.getVersion)
 * rather than just re-recording.
 *
 * <p>After a versioned change, record only the new scenarios ({@code -Dtest='IncidentResponseReplayTest$Recording#…'})
 * and keep the older files: they hold the paths that responses started before the change still
 * take (every history before "closed-unresolved" waits for updates without the close-unresolved timer).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class IncidentResponseReplayTest extends RecordedHistoriesContract {
  static final String FOLDER = "incident";
  static final List<String> SCENARIOS =
      List.of("p1-resolved-with-follow-up", "escalated-p3-to-p1", "resolved-before-investigating", "decided-by-update",
          "closed-unresolved", "providers-failing-and-poisoned-update", "bounded-p1-decided-resolved-with-follow-up",
          "outreach-taken-from-rows-at-expiry");

  IncidentResponseReplayTest() {
    super(FOLDER, SCENARIOS);
  }

  @Override
  protected Class<?> currentImplementation(Path history) {
    return IncidentResponseWorkflowImpl.class;
  }

  @Override
  protected Class<?> reorderedImplementation(Path history) {
    return ImpactFirstIncidentResponseWorkflowImpl.class;
  }

  @Override
  protected void assertCaughtTheReordering(Throwable failure, Path history) {
    // impact analysis scheduled where the update was applied
    assertThat(failure).hasMessageContaining("AnalyzeImpact").hasMessageContaining("ApplyUpdate");
  }

  /** Runs each scenario against the test server and writes its history; only with -Dvigil.recordHistories=true. */
  @Nested
  @EnabledIfSystemProperty(named = HistoryRecorder.RECORD_PROPERTY, matches = "true")
  class Recording {

    /** A P1 on the api: one outreach approved, one rejected; resolved; follow-ups; resolution drafts expire. */
    @Test
    void p1ResolvedWithFollowUp() {
      record("p1-resolved-with-follow-up", h -> {
        h.postAndSettle(update("pd-1", Duration.ZERO, "P1", "investigating", "api"));
        h.approve(approvalId(ApprovalKind.INCIDENT_OUTREACH, ACME.customerId()));
        h.reject(approvalId(ApprovalKind.INCIDENT_OUTREACH, GLOBEX.customerId()));
        h.awaitIdle();
        h.postAndSettle(update("pd-2", Duration.ofMinutes(90), null, "resolved"));
        h.env.sleep(FOLLOW_UP_AFTER.plusHours(1));
        h.awaitIdle();
        verify(h.tasks, times(2)).createTask(any());
        assertThat(h.result().stage()).isEqualTo("done");
      });
    }

    /** A P3 escalated to P1 (channel, second round), a status update, a redelivery, then resolved. */
    @Test
    void escalatedP3ToP1() {
      record("escalated-p3-to-p1", h -> {
        h.postAndSettle(update("pd-1", Duration.ZERO, "P3", "investigating", "api"));
        h.postAndSettle(update("pd-2", Duration.ofMinutes(10), "P1", null));
        h.postAndSettle(update("pd-3", Duration.ofMinutes(20), null, "identified", "dashboard"));
        h.postAndSettle(update("pd-3", Duration.ofMinutes(20), null, "identified", "dashboard"));
        h.postAndSettle(update("pd-4", Duration.ofMinutes(50), null, "resolved"));
        IncidentState done = h.result();
        assertThat(done.notificationRounds()).isEqualTo(3);
        assertThat(done.ignoredUpdates()).isEqualTo(1);
      });
    }

    /** The resolved update arrives first; the older investigating one is stale. */
    @Test
    void resolvedBeforeInvestigating() {
      record("resolved-before-investigating", h -> {
        h.postAndSettle(update("pd-2", Duration.ofMinutes(60), "P2", "resolved", "api"));
        h.postAndSettle(update("pd-1", Duration.ZERO, "P2", "investigating", "api"));
        IncidentState done = h.result();
        assertThat(done.ignoredUpdates()).isEqualTo(1);
        assertThat(done.notificationRounds()).isZero();
      });
    }

    /** As p1-resolved-with-follow-up, the outreach decided by update: one approved, one rejected. */
    @Test
    void decidedByUpdate() {
      record("decided-by-update", h -> {
        h.postAndSettle(update("pd-1", Duration.ZERO, "P1", "investigating", "api"));
        h.decide(Decisions.approval(approvalId(ApprovalKind.INCIDENT_OUTREACH, ACME.customerId()), IncidentHarness.DANA));
        h.decide(Decisions.rejection(approvalId(ApprovalKind.INCIDENT_OUTREACH, GLOBEX.customerId()), IncidentHarness.LEE, "not now"));
        h.awaitIdle();
        h.postAndSettle(update("pd-2", Duration.ofMinutes(90), null, "resolved"));
        h.env.sleep(FOLLOW_UP_AFTER.plusHours(1));
        h.awaitIdle();
        verify(h.approvals, times(1)).sendApprovedDraft(any(), any(), anyBoolean());
        assertThat(h.result().stage()).isEqualTo("done");
      });
    }

    /** An update, then nothing for 30 days: the response ends unresolved with a note. */
    @Test
    void closedUnresolved() {
      record("closed-unresolved", h -> {
        h.postAndSettle(update("pd-1", Duration.ZERO, "P2", "investigating", "api"));
        h.env.sleep(Duration.ofDays(2));
        h.postAndSettle(update("pd-2", Duration.ofDays(2), null, "monitoring"));
        assertThat(h.result().stage()).startsWith("closed unresolved");
      });
    }

    /** Slack refuses the channel and Dana's DM, an update's data is refused, then the resolution. */
    @Test
    void providersFailingAndPoisonedUpdate() {
      record("providers-failing-and-poisoned-update", h -> {
        doThrow(StepFailures.permanent("Slack conversations.create failed: missing_scope"))
            .when(h.incidents).openCoordinationChannel(any(), any());
        doThrow(StepFailures.permanent("Slack chat.postMessage failed: user_not_found"))
            .when(h.incidents).notifyCsmOfIncident(any(), any(), org.mockito.ArgumentMatchers.eq(IncidentHarness.DANA), any());
        org.mockito.Mockito.doAnswer(invocation -> {
              IncidentUpdate u = invocation.getArgument(0);
              if (u.updateKey().equals("pd-2")) {
                throw StepFailures.dataError();
              }
              return h.store.apply(u);
            })
            .when(h.incidents).applyUpdate(any());
        h.postAndSettle(update("pd-1", Duration.ZERO, "P1", "investigating", "api"));
        h.postAndSettle(update("pd-2", Duration.ofMinutes(10), null, "identified"));
        h.postAndSettle(update("pd-3", Duration.ofMinutes(40), null, "resolved"));
        IncidentState done = h.result();
        assertThat(done.failedUpdates()).isEqualTo(1);
        assertThat(done.status()).isEqualTo("resolved");
      });
    }

    /**
     * The bounded shape (version bounded-impact): impact counted and paged, the outreach decided by
     * update and by signal while held together, resolved, follow-ups in pages, resolution drafts
     * reminded and expired a page at a time.
     */
    @Test
    void boundedP1DecidedResolvedWithFollowUp() {
      record("bounded-p1-decided-resolved-with-follow-up", h -> {
        h.postAndSettle(update("pd-1", Duration.ZERO, "P1", "investigating", "api", "dashboard"));
        h.decide(Decisions.approval(approvalId(ApprovalKind.INCIDENT_OUTREACH, ACME.customerId()), IncidentHarness.DANA));
        h.reject(approvalId(ApprovalKind.INCIDENT_OUTREACH, GLOBEX.customerId()));
        h.awaitIdle();
        h.postAndSettle(update("pd-2", Duration.ofMinutes(30), "P2", "identified"));
        h.postAndSettle(update("pd-3", Duration.ofMinutes(90), null, "resolved"));
        h.env.sleep(FOLLOW_UP_AFTER.plusHours(1));
        h.awaitIdle();
        verify(h.tasks, times(2)).createTask(any());
        assertThat(h.result().stage()).isEqualTo("done");
      });
    }

    /**
     * Since decision-taken-from-row-at-expiry: both outreach rows decided by updates that never reached
     * the workflow; after the expiry's grace it takes the rows' verdicts (ACME sent, GLOBEX rejected),
     * then the resolution, follow-ups and the resolution drafts' expiry.
     */
    @Test
    void outreachTakenFromRowsAtExpiry() {
      record("outreach-taken-from-rows-at-expiry", h -> {
        h.postAndSettle(update("pd-1", Duration.ZERO, "P1", "investigating", "api"));
        h.rowDecidedWithoutTheWorkflow(approvalId(ApprovalKind.INCIDENT_OUTREACH, ACME.customerId()), "approved", IncidentHarness.DANA);
        h.rowDecidedWithoutTheWorkflow(approvalId(ApprovalKind.INCIDENT_OUTREACH, GLOBEX.customerId()), "rejected", IncidentHarness.LEE);
        h.env.sleep(IncidentHarness.APPROVAL.expireAfter().plusMinutes(15));
        h.awaitIdle();
        verify(h.approvals, times(1)).sendApprovedDraft(any(), any(), anyBoolean());
        h.postAndSettle(update("pd-2", Duration.ofDays(8), null, "resolved"));
        assertThat(h.result().stage()).isEqualTo("done");
      });
    }

    private void record(String scenario, Consumer<IncidentHarness> run) {
      try (IncidentHarness h = new IncidentHarness()) {
        run.accept(h);
        Path file = HistoryRecorder.record(h.client, WORKFLOW_ID, FOLDER, scenario);
        assertThat(file).isNotEmptyFile();
      }
    }
  }
}
