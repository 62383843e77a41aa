package io.vigil.workflows.adoption;

import static io.vigil.workflows.adoption.AdoptionHarness.APPROVAL_ID;
import static io.vigil.workflows.adoption.AdoptionHarness.AS_OF;
import static io.vigil.workflows.adoption.AdoptionHarness.WORKFLOW_ID;
import static io.vigil.workflows.adoption.AdoptionHarness.alert;
import static io.vigil.workflows.adoption.AdoptionHarness.detection;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doThrow;

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
 * Replays the committed histories in {@code src/test/resources/histories/adoption/} against the
 * current {@link AdoptionEnablementWorkflowImpl}: a change that would break running enablements
 * fails here. Regenerate them (after an intended, versioned change) from the repository root with
 *
 * <pre>
 * mvn -B -q -o -pl workflows test -Dvigil.recordHistories=true -Dtest='AdoptionEnablementReplayTest*'
 * </pre>
 *
 * then run the module's tests again and commit the JSON files. After a versioned change, record only
 * the new scenarios ({@code -Dtest='AdoptionEnablementReplayTest$Recording#…'}) and keep the older
 * files: they hold the paths that enablements started before the change still take (every history
 * before "meeting-slots-step-approved" drafts with Calendar inside the draft activity).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class AdoptionEnablementReplayTest extends RecordedHistoriesContract {
  static final String FOLDER = "adoption";
  static final List<String> SCENARIOS =
      List.of("approved-and-followed-up", "rejected", "expired-still-stalled", "suppressed-detection", "approved-by-update",
          "meeting-slots-step-approved", "providers-failing", "draft-buttons-in-dm-approved");

  AdoptionEnablementReplayTest() {
    super(FOLDER, SCENARIOS);
  }

  @Override
  protected Class<?> currentImplementation(Path history) {
    return AdoptionEnablementWorkflowImpl.class;
  }

  @Override
  protected Class<?> reorderedImplementation(Path history) {
    return NotifyFirstAdoptionWorkflowImpl.class;
  }

  @Override
  protected void assertCaughtTheReordering(Throwable failure, Path history) {
    assertThat(failure).hasMessageContaining("AdoptionNotifyCsm").hasMessageContaining("AdoptionRecordRiskSignal");
  }

  /** Runs each scenario against the test server and writes its history; only with -Dvigil.recordHistories=true. */
  @Nested
  @EnabledIfSystemProperty(named = HistoryRecorder.RECORD_PROPERTY, matches = "true")
  class Recording {

    @Test
    void approvedAndFollowedUp() {
      record("approved-and-followed-up", h -> {
        h.start(alert());
        h.awaitStage("waiting for approval");
        h.approve(APPROVAL_ID);
        assertThat(h.result().interventionRecorded()).isTrue();
      });
    }

    @Test
    void rejected() {
      record("rejected", h -> {
        h.start(alert());
        h.awaitStage("waiting for approval");
        h.reject(APPROVAL_ID, "they are migrating this quarter");
        assertThat(h.result().approvalStatus()).isEqualTo("rejected");
      });
    }

    @Test
    void expiredStillStalled() {
      record("expired-still-stalled", h -> {
        h.answerFollowUpWith(true);
        h.start(alert());
        h.awaitStage("waiting for approval");
        assertThat(h.result().approvalStatus()).isEqualTo("expired");
      });
    }

    @Test
    void suppressedDetection() {
      record("suppressed-detection", h -> {
        h.start(alert());
        h.awaitStage("waiting for approval");
        h.env.sleep(Duration.ofDays(2));
        h.running().reportDetection(detection(AS_OF.plusDays(2)));
        h.awaitState("one suppressed detection", s -> s.suppressedDetections() == 1);
        h.approve(APPROVAL_ID);
        assertThat(h.result().suppressedDetections()).isEqualTo(1);
      });
    }

    @Test
    void approvedByUpdate() {
      record("approved-by-update", h -> {
        h.start(alert());
        h.awaitStage("waiting for approval");
        h.decide(Decisions.approvalWithEdits(APPROVAL_ID, AdoptionHarness.CSM_ID, "Getting more from Advanced Analytics", null));
        assertThat(h.result().interventionRecorded()).isTrue();
      });
    }

    /** Meeting slots as a step of their own (SuggestedSlots), then the draft approved. */
    @Test
    void meetingSlotsStepApproved() {
      record("meeting-slots-step-approved", h -> {
        h.start(alert());
        h.awaitStage("waiting for approval");
        h.approve(APPROVAL_ID);
        assertThat(h.result().interventionRecorded()).isTrue();
      });
    }

    /** The alert DM gains the draft's buttons once the draft exists (ApprovalGate.offerInDm), then the draft is approved. */
    @Test
    void draftButtonsInDmApproved() {
      record("draft-buttons-in-dm-approved", h -> {
        h.start(alert());
        h.awaitStage("waiting for approval");
        h.approve(APPROVAL_ID);
        assertThat(h.result().interventionRecorded()).isTrue();
      });
    }

    /** Slack and Gmail refuse the DM, Calendar the slots: each recorded, the enablement goes on. */
    @Test
    void providersFailing() {
      record("providers-failing", h -> {
        doThrow(StepFailures.permanent("Slack chat.postMessage failed: invalid_auth; Google messages.send failed with HTTP 403"))
            .when(h.adoption).notifyCsm(any(), any(), any());
        doThrow(StepFailures.permanent("Google freebusy.query failed with HTTP 403")).when(h.meetingSlots).suggestMeetingSlots(any());
        h.start(alert());
        h.awaitStage("waiting for approval");
        h.reject(APPROVAL_ID, "they are migrating this quarter");
        assertThat(h.result().approvalStatus()).isEqualTo("rejected");
        assertThat(StepFailures.recorded(h.activityLog)).hasSize(2);
      });
    }

    private void record(String scenario, Consumer<AdoptionHarness> run) {
      try (AdoptionHarness h = new AdoptionHarness()) {
        run.accept(h);
        Path file = HistoryRecorder.record(h.client, WORKFLOW_ID, FOLDER, scenario);
        assertThat(file).isNotEmptyFile();
      }
    }
  }
}
