package io.vigil.workflows.report;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import io.vigil.workflows.common.Delivery;
import java.util.List;

@ActivityInterface
public interface WeeklyReportActivities {
  /** Computes and stores the week's report unless it is stored already; either way answers the stored one. */
  @ActivityMethod(name = "WeeklyReportCompile")
  CompiledReport compile(String week);

  /** The report channel (when one is configured) and every manager. */
  @ActivityMethod(name = "WeeklyReportRecipients")
  List<ReportRecipient> recipients();

  /** Delivers the stored report of {@code week} to one recipient, once per week and recipient. */
  @ActivityMethod(name = "WeeklyReportDeliver")
  Delivery deliver(String week, ReportRecipient recipient);
}
