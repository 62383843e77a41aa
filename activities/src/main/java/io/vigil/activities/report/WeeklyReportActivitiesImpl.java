package io.vigil.activities.report;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.context.annotation.Value;
import io.temporal.failure.ApplicationFailure;
import io.vigil.activities.common.ActivityLog;
import io.vigil.activities.common.Lookups;
import io.vigil.activities.delivery.Deliveries;
import io.vigil.infra.persistence.User;
import io.vigil.infra.persistence.UserRepository;
import io.vigil.workflows.common.Delivery;
import io.vigil.workflows.report.CompiledReport;
import io.vigil.workflows.report.IsoWeek;
import io.vigil.workflows.report.ReportRecipient;
import io.vigil.workflows.report.WeeklyReportActivities;
import io.vigil.workflows.report.WeeklyReportWorkflow;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The weekly report's steps. Deliveries are keyed {@code weekly-report/<week>/<channel>/<recipient>}
 * and send the stored texts: the Slack text to the channel, the plain one by email.
 */
@Singleton
public class WeeklyReportActivitiesImpl implements WeeklyReportActivities {
  private static final Logger LOG = LoggerFactory.getLogger(WeeklyReportActivitiesImpl.class);

  private final WeeklyReports reports;
  private final Deliveries deliveries;
  private final UserRepository users;
  private final Lookups lookups;
  private final ActivityLog log;
  private final String channel;

  public WeeklyReportActivitiesImpl(WeeklyReports reports, Deliveries deliveries, UserRepository users, Lookups lookups,
      ActivityLog log, @Value("${vigil.report.channel:}") String channel) {
    this.reports = reports;
    this.deliveries = deliveries;
    this.users = users;
    this.lookups = lookups;
    this.log = log;
    this.channel = channel == null ? "" : channel.strip();
  }

  @Override
  public CompiledReport compile(String week) {
    IsoWeek parsed = week(week);
    WeeklyReports.Compiled compilation;
    try {
      compilation = reports.compile(parsed, Lookups.workflowId());
    } catch (IllegalArgumentException notYet) {
      throw ApplicationFailure.newNonRetryableFailure(notYet.getMessage(), "WeekNotBegun");
    }
    WeeklyReports.Report report = compilation.report();
    JsonNode sections = report.content().path("sections");
    CompiledReport compiled = new CompiledReport(parsed.toString(), compilation.computedNow(),
        sections.path("atRisk").path("total").asInt(), sections.path("churnRisks").path("total").asInt(),
        sections.path("expansionOpportunities").path("total").asInt(), report.content().path("priorities").size());
    log.append(WeeklyReportWorkflow.workflowId(parsed) + "/compile", null, Lookups.workflowId(), "weekly_report_compiled",
        Map.of("week", parsed.toString(), "atRisk", compiled.atRisk(), "churnRisks", compiled.churnRisks(),
            "expansionOpportunities", compiled.expansionOpportunities(), "priorities", compiled.priorities()));
    LOG.info("Weekly report {} compiled: {} at risk, {} churn risks, {} expansion opportunities", parsed,
        compiled.atRisk(), compiled.churnRisks(), compiled.expansionOpportunities());
    return compiled;
  }

  @Override
  public List<ReportRecipient> recipients() {
    List<ReportRecipient> recipients = new ArrayList<>();
    if (channel.isEmpty()) {
      LOG.info("No report channel (VIGIL_REPORT_CHANNEL): the weekly report goes by email only");
    } else {
      recipients.add(new ReportRecipient(ReportRecipient.SLACK, channel));
    }
    users.findManagerIds().forEach(id -> recipients.add(new ReportRecipient(ReportRecipient.EMAIL, id)));
    return List.copyOf(recipients);
  }

  @Override
  public Delivery deliver(String week, ReportRecipient recipient) {
    IsoWeek parsed = week(week);
    WeeklyReports.Report report = reports.stored(parsed).orElseThrow(() ->
        ApplicationFailure.newNonRetryableFailure("no stored report of " + parsed + " to deliver", "NoReport"));
    String key = WeeklyReportWorkflow.workflowId(parsed) + "/" + recipient.channel() + "/" + recipient.target();
    Delivery delivery;
    if (ReportRecipient.SLACK.equals(recipient.channel())) {
      delivery = deliveries.toChannel(key, recipient.target(), List.of(), report.slackText(), Lookups.workflowId());
    } else {
      User manager = lookups.user(recipient.target());
      delivery = deliveries.email(key, null, manager.email(), (String) null, report.subject(), report.emailText(),
          Lookups.workflowId(), false);
    }
    log.append(key, null, Lookups.workflowId(), "weekly_report_delivered",
        Map.of("week", parsed.toString(), "channel", delivery.channel(), "recipient", recipient.target(), "status",
            delivery.status()));
    return delivery;
  }

  private static IsoWeek week(String week) {
    return IsoWeek.parse(week).orElseThrow(() ->
        ApplicationFailure.newNonRetryableFailure("not an ISO week such as 2026-W48: " + week, "BadWeek"));
  }
}
