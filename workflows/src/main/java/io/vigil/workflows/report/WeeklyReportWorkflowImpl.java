package io.vigil.workflows.report;

import io.temporal.activity.ActivityOptions;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Workflow;
import io.vigil.workflows.common.ActivityProfiles;
import io.vigil.workflows.common.BestEffort;
import io.vigil.workflows.common.Delivery;
import io.vigil.workflows.common.SearchAttributes;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;

/**
 * Compile, then deliver to each recipient. Compiling is a step the report cannot do without;
 * each delivery is optional ({@link BestEffort}): a Slack channel that refuses the bot must not keep
 * the managers' email from going out.
 */
public class WeeklyReportWorkflowImpl implements WeeklyReportWorkflow {
  private static final Logger LOG = Workflow.getLogger(WeeklyReportWorkflowImpl.class);

  @Override
  public WeeklyReportResult run(String week) {
    IsoWeek parsed = IsoWeek.parse(week).orElseThrow(() ->
        ApplicationFailure.newNonRetryableFailure("not an ISO week such as 2026-W48: " + week, "BadWeek"));
    String key = WeeklyReportWorkflow.workflowId(parsed);
    Workflow.upsertTypedSearchAttributes(SearchAttributes.REPORT_WEEK.valueSet(parsed.toString()));

    CompiledReport report = activities(ActivityProfiles.DATABASE, "Compile the weekly report of " + parsed)
        .compile(parsed.toString());
    LOG.info("{}: report {} ({} at risk, {} churn risks, {} expansion opportunities, {} priorities)", key,
        report.computedNow() ? "computed" : "found stored", report.atRisk(), report.churnRisks(),
        report.expansionOpportunities(), report.priorities());

    List<ReportRecipient> recipients = activities(ActivityProfiles.DATABASE, "List the report's recipients").recipients();
    int sent = 0;
    int recorded = 0;
    int failed = 0;
    for (ReportRecipient recipient : recipients) {
      Optional<Delivery> delivery = BestEffort.bestEffort(
          new BestEffort.Step(key + "/" + recipient.channel() + "/" + recipient.target(), List.of(), "deliver-report",
              "the report of " + parsed + " did not reach " + recipient.describe()),
          () -> activities(ActivityProfiles.NOTIFICATION, "Deliver the report of " + parsed + " to " + recipient.describe())
              .deliver(parsed.toString(), recipient));
      String status = delivery.map(Delivery::status).orElse("failed");
      switch (status) {
        case "sent" -> sent++;
        case "recorded" -> recorded++;
        default -> failed++;
      }
    }
    LOG.info("{}: delivered to {} recipients ({} sent, {} recorded, {} failed)", key, recipients.size(), sent, recorded,
        failed);
    return new WeeklyReportResult(parsed.toString(), sent, recorded, failed);
  }

  private static WeeklyReportActivities activities(ActivityOptions profile, String summary) {
    return Workflow.newActivityStub(WeeklyReportActivities.class, ActivityProfiles.withSummary(profile, summary));
  }
}
