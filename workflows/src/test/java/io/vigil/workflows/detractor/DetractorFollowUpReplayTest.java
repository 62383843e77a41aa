package io.vigil.workflows.detractor;

import static io.vigil.workflows.detractor.DetractorHarness.APPROVAL_ID;
import static io.vigil.workflows.detractor.DetractorHarness.CSM_ID;
import static io.vigil.workflows.detractor.DetractorHarness.WORKFLOW_ID;
import static io.vigil.workflows.detractor.DetractorHarness.response;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doThrow;

import io.vigil.workflows.testing.Decisions;
import io.vigil.workflows.testing.HistoryRecorder;
import io.vigil.workflows.testing.RecordedHistoriesContract;
import io.vigil.workflows.testing.StepFailures;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Replays the committed histories in {@code src/test/resources/histories/detractor/} against the
 * current {@link DetractorFollowUpWorkflowImpl}. Regenerate them (after an intended, versioned
 * change: record only the new scenarios and keep the older files) from the repository root with
 *
 * <pre>
 * mvn -B -q -pl workflows test -Dvigil.recordHistories=true -Dtest='DetractorFollowUpReplayTest$Recording#…'
 * </pre>
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class DetractorFollowUpReplayTest extends RecordedHistoriesContract {
  static final String FOLDER = "detractor";
  static final List<String> SCENARIOS = List.of("reply-sent", "reply-rejected", "reply-expired", "slack-failing", "draft-buttons-in-dm-sent");

  DetractorFollowUpReplayTest() {
    super(FOLDER, SCENARIOS);
  }

  @Override
  protected Class<?> currentImplementation(Path history) {
    return DetractorFollowUpWorkflowImpl.class;
  }

  @Override
  protected Class<?> reorderedImplementation(Path history) {
    return NotifyFirstDetractorWorkflowImpl.class;
  }

  @Override
  protected void assertCaughtTheReordering(Throwable failure, Path history) {
    assertThat(failure).hasMessageContaining("DetractorNotifyCsm").hasMessageContaining("DetractorRecordFollowUpStarted");
  }

  /** Runs each scenario against the test server and writes its history; only with -Dvigil.recordHistories=true. */
  @Nested
  @EnabledIfSystemProperty(named = HistoryRecorder.RECORD_PROPERTY, matches = "true")
  class Recording {
    @Test
    void replySent() {
      record("reply-sent", h -> {
        h.start(response(2));
        h.awaitStage("waiting for approval");
        h.decide(Decisions.approval(APPROVAL_ID, CSM_ID));
        assertThat(h.result().outcome()).isEqualTo(DetractorOutcome.REPLY_SENT);
      });
    }

    /** The DM gains the draft's buttons once the draft exists (ApprovalGate.offerInDm), then the reply is approved. */
    @Test
    void draftButtonsInDmSent() {
      record("draft-buttons-in-dm-sent", h -> {
        h.start(response(2));
        h.awaitStage("waiting for approval");
        h.decide(Decisions.approval(APPROVAL_ID, CSM_ID));
        assertThat(h.result().outcome()).isEqualTo(DetractorOutcome.REPLY_SENT);
      });
    }

    @Test
    void replyRejected() {
      record("reply-rejected", h -> {
        h.start(response(5));
        h.awaitStage("waiting for approval");
        h.decide(Decisions.rejection(APPROVAL_ID, CSM_ID, "I called them instead"));
        assertThat(h.result().outcome()).isEqualTo(DetractorOutcome.REPLY_REJECTED);
      });
    }

    @Test
    void replyExpired() {
      record("reply-expired", h -> {
        h.start(response(6));
        assertThat(h.result().outcome()).isEqualTo(DetractorOutcome.REPLY_EXPIRED);
      });
    }

    @Test
    void slackFailing() {
      record("slack-failing", h -> {
        doThrow(StepFailures.permanent("Slack chat.postMessage failed: invalid_auth")).when(h.detractor).notifyCsm(any(), any(), any());
        h.start(response(0));
        h.awaitStage("waiting for approval");
        h.decide(Decisions.approval(APPROVAL_ID, CSM_ID));
        assertThat(h.result().outcome()).isEqualTo(DetractorOutcome.REPLY_SENT);
      });
    }

    private void record(String scenario, Consumer<DetractorHarness> run) {
      try (DetractorHarness h = new DetractorHarness()) {
        run.accept(h);
        Path file = HistoryRecorder.record(h.client, WORKFLOW_ID, FOLDER, scenario);
        assertThat(file).isNotEmptyFile();
      }
    }
  }
}
