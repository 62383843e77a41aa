package io.vigil.workflows.silence;

import static io.vigil.workflows.silence.SilenceHarness.APPROVAL_ID;
import static io.vigil.workflows.silence.SilenceHarness.CSM_ID;
import static io.vigil.workflows.silence.SilenceHarness.WORKFLOW_ID;
import static io.vigil.workflows.silence.SilenceHarness.alert;
import static io.vigil.workflows.silence.SilenceHarness.touchpoint;
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
 * Replays the committed histories in {@code src/test/resources/histories/silence/} against the
 * current {@link SilenceCheckinWorkflowImpl}. Regenerate them (after an intended, versioned change)
 * from the repository root with
 *
 * <pre>
 * mvn -B -q -o -pl workflows test -Dvigil.recordHistories=true -Dtest='SilenceCheckinReplayTest*'
 * </pre>
 */
// recording skips 37 days of timers, slow on a loaded machine
@Timeout(value = 180, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SilenceCheckinReplayTest extends RecordedHistoriesContract {
  static final String FOLDER = "silence";
  static final List<String> SCENARIOS = List.of("approved", "withdrawn-by-touchpoint", "expired", "contact-before-draft",
      "providers-failing");

  SilenceCheckinReplayTest() {
    super(FOLDER, SCENARIOS);
  }

  @Override
  protected Class<?> currentImplementation(Path history) {
    return SilenceCheckinWorkflowImpl.class;
  }

  @Override
  protected Class<?> reorderedImplementation(Path history) {
    return ContactFirstSilenceCheckinWorkflowImpl.class;
  }

  @Override
  protected void assertCaughtTheReordering(Throwable failure, Path history) {
    assertThat(failure).hasMessageContaining("FindSilenceContact");
  }

  /** Runs each scenario against the test server and writes its history; only with -Dvigil.recordHistories=true. */
  @Nested
  @EnabledIfSystemProperty(named = HistoryRecorder.RECORD_PROPERTY, matches = "true")
  class Recording {
    @Test
    void approved() {
      record("approved", h -> {
        h.start(alert());
        h.awaitStage("waiting for approval");
        h.decide(Decisions.approval(APPROVAL_ID, CSM_ID));
        assertThat(h.result().approvalStatus()).isEqualTo("approved");
      });
    }

    @Test
    void withdrawnByTouchpoint() {
      record("withdrawn-by-touchpoint", h -> {
        h.start(alert());
        h.awaitStage("waiting for approval");
        h.running().recordContact(touchpoint());
        assertThat(h.result().approvalStatus()).isEqualTo("withdrawn");
      });
    }

    @Test
    void expired() {
      record("expired", h -> {
        h.start(alert());
        h.awaitStage("waiting for approval");
        assertThat(h.result().approvalStatus()).isEqualTo("expired");
      });
    }

    @Test
    void contactBeforeDraft() {
      record("contact-before-draft", h -> {
        h.answerContactWith(touchpoint());
        h.start(alert());
        assertThat(h.result().approvalStatus()).isNull();
      });
    }

    /** Slack and Gmail refuse the DM, Calendar the slots: each recorded, the check-in goes on. */
    @Test
    void providersFailing() {
      record("providers-failing", h -> {
        doThrow(StepFailures.permanent("Slack chat.postMessage failed: invalid_auth; Google messages.send failed with HTTP 403"))
            .when(h.silence).notifyCsmOfSilence(any(), any(), any());
        doThrow(StepFailures.permanent("Google freebusy.query failed with HTTP 403")).when(h.meetingSlots).suggestMeetingSlots(any());
        h.start(alert());
        h.awaitStage("waiting for approval");
        h.decide(Decisions.rejection(APPROVAL_ID, CSM_ID, "we met at the conference"));
        assertThat(h.result().approvalStatus()).isEqualTo("rejected");
      });
    }

    private void record(String scenario, Consumer<SilenceHarness> run) {
      try (SilenceHarness h = new SilenceHarness()) {
        run.accept(h);
        Path file = HistoryRecorder.record(h.client, WORKFLOW_ID, FOLDER, scenario);
        assertThat(file).isNotEmptyFile();
      }
    }
  }
}
