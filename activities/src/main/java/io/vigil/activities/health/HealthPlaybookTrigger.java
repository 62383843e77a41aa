package io.vigil.activities.health;

import io.vigil.infra.persistence.DailyHealth;
import java.time.LocalDate;
import java.util.List;

/**
 * A playbook that hangs on the daily health score (at-risk escalation, churn risk, expansion,
 * check-in after silence): after the sweep scores a page of customers, each trigger sees the page's
 * stored days and starts its workflow for the customers that need one. A trigger hears of the
 * current day only (the sweep's, a backfill's last): history scored by a backfill starts nothing, so
 * a red day the customer has since left never escalates. The page is scored again
 * when its activity retries, so a trigger must be idempotent: readable workflow ids
 * ({@code at-risk/<customerId>}) and cooldowns inside the workflows, never a second start.
 */
public interface HealthPlaybookTrigger {
  /** A short name for logs and the sweep's answer ("at-risk escalation"). */
  String name();

  /** Starts (or signals) the playbook for the customers of {@code page} that need it; answers how many. */
  int dispatch(LocalDate asOf, List<DailyHealth> page);
}
