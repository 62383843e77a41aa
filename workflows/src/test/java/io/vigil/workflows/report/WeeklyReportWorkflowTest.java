package io.vigil.workflows.report;

import static io.vigil.workflows.report.ReportHarness.RECIPIENTS;
import static io.vigil.workflows.report.ReportHarness.REPORT_ID;
import static io.vigil.workflows.report.ReportHarness.WEEK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.client.WorkflowFailedException;
import io.temporal.common.SearchAttributes;
import io.temporal.failure.ApplicationFailure;
import io.vigil.workflows.testing.StepFailures;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.mockito.InOrder;

@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class WeeklyReportWorkflowTest {

  @Test
  void givenTheSchedulesFridayRun_itReportsItsOwnIsoWeek_asTheReadableWorkflowWeeklyReport2026W48() {
    try (ReportHarness h = new ReportHarness()) {
      WeeklyReportResult result = h.runScheduled();

      assertThat(result).isEqualTo(new WeeklyReportResult(WEEK, 0, 3, 0));
      WorkflowExecution report = WorkflowExecution.newBuilder().setWorkflowId(REPORT_ID).build();
      var described = h.client.newUntypedWorkflowStub(REPORT_ID).describe();
      assertThat(described.getWorkflowType()).isEqualTo(WeeklyReportWorkflow.TYPE);
      SearchAttributes attributes = described.getTypedSearchAttributes();
      assertThat(attributes.get(io.vigil.workflows.common.SearchAttributes.REPORT_WEEK)).isEqualTo(WEEK);
      assertThat(report.getWorkflowId()).isEqualTo("weekly-report/2026-W48");
    }
  }

  @Test
  void givenTheRecipients_theReportIsCompiledOnce_thenDeliveredToEachOfThem() {
    try (ReportHarness h = new ReportHarness()) {
      h.run(WEEK);

      InOrder order = inOrder(h.steps);
      order.verify(h.steps).compile(WEEK);
      order.verify(h.steps).recipients();
      for (ReportRecipient recipient : RECIPIENTS) {
        order.verify(h.steps).deliver(WEEK, recipient);
      }
      verify(h.steps, times(1)).compile(anyString());
      verify(h.steps, times(RECIPIENTS.size())).deliver(anyString(), any());
    }
  }

  @Test
  void givenAChannelThatRefusesTheBotForGood_theManagersStillGetTheirEmail_andTheFailureIsRecorded() {
    try (ReportHarness h = new ReportHarness()) {
      doThrow(ApplicationFailure.newNonRetryableFailure("Slack chat.postMessage failed: channel_not_found", "DeliveryFailed"))
          .when(h.steps).deliver(eq(WEEK), eq(RECIPIENTS.get(0)));

      WeeklyReportResult result = h.run(WEEK);

      assertThat(result).isEqualTo(new WeeklyReportResult(WEEK, 0, 2, 1));
      var failure = StepFailures.of(h.activityLog, "deliver-report");
      assertThat(failure.key()).isEqualTo(REPORT_ID + "/slack/C0REPORTS");
      assertThat(failure.reason()).contains("channel_not_found");
      verify(h.steps).deliver(WEEK, RECIPIENTS.get(2));
    }
  }

  @Test
  void givenAWeekThatIsNoIsoWeek_theRunFailsAtOnce_withoutCompilingOrDelivering() {
    try (ReportHarness h = new ReportHarness()) {
      assertThatThrownBy(() -> h.run("2026-W54")).isInstanceOf(WorkflowFailedException.class)
          .rootCause().hasMessageContaining("not an ISO week such as 2026-W48: 2026-W54");
      verify(h.steps, never()).compile(anyString());
      verify(h.steps, never()).deliver(anyString(), any());
    }
  }
}
