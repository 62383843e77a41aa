package io.vigil.activities.detection;

import io.vigil.infra.persistence.CustomerScope;
import io.vigil.infra.persistence.TriggerRule;
import io.vigil.infra.persistence.TriggerRuleRepository;
import io.vigil.infra.persistence.UsageStore;
import io.vigil.workflows.sweep.RolledUp;
import jakarta.inject.Singleton;
import java.time.LocalDate;
import java.util.List;
import java.util.function.Consumer;

/**
 * Rolls up what an evaluation as of a day needs before it runs: for each customer, the days of the
 * window (the longest enabled rule's baseline and the recent week) that have no rollup, or whose
 * rollup is stale because usage events for them (or the 29 days before, through wau and mau) were
 * ingested after it was computed. Nothing when everything is fresh.
 */
@Singleton
public class UsageRollups {
  /** Days per rollup statement: a heartbeat between two, and each re-reads 29 days of events before its first day. */
  static final int CHUNK_DAYS = 14;

  private final UsageStore usage;
  private final TriggerRuleRepository triggers;

  public UsageRollups(UsageStore usage, TriggerRuleRepository triggers) {
    this.usage = usage;
    this.triggers = triggers;
  }

  /** What was rolled up, and how many customers the scope holds. */
  public record Rolled(RolledUp rolledUp, long customersInScope) {}

  /** The first day an evaluation as of {@code asOf} reads, given the enabled rules' baselines. */
  public LocalDate windowStart(LocalDate asOf) {
    return windowStart(asOf, triggers.findEnabled("usage_drop"));
  }

  static LocalDate windowStart(LocalDate asOf, List<TriggerRule> rules) {
    int weeks = rules.stream().mapToInt(DropClassifier::weeksOf).max().orElse(4);
    return asOf.minusDays(7L * weeks + 6);
  }

  /**
   * Rolls up the missing or stale days of the window ending {@code asOf} for the customers of
   * {@code scope}, in chunks of {@value #CHUNK_DAYS} days, telling {@code progress} after each what
   * is done so far. Repeating it after a failure rolls up only what is still due.
   */
  public Rolled rollUpFor(LocalDate asOf, CustomerScope scope, Consumer<RolledUp> progress) {
    UsageStore.RollupPlan plan = usage.rollupNeeds(windowStart(asOf), asOf, scope);
    RolledUp done = RolledUp.NOTHING;
    long customers = 0;
    for (UsageStore.RollupNeed need : plan.needs()) {
      for (LocalDate from = need.from(); !from.isAfter(asOf); from = from.plusDays(CHUNK_DAYS)) {
        LocalDate to = from.plusDays(CHUNK_DAYS - 1).isAfter(asOf) ? asOf : from.plusDays(CHUNK_DAYS - 1);
        usage.rollUpCustomers(need.customers(), from, to);
        LocalDate first = done.from() == null || need.from().isBefore(done.from()) ? need.from() : done.from();
        LocalDate last = done.to() == null || to.isAfter(done.to()) ? to : done.to();
        done = new RolledUp(first, last, (int) (last.toEpochDay() - first.toEpochDay()) + 1, customers + need.count());
        progress.accept(done);
      }
      customers += need.count();
    }
    return new Rolled(done, plan.customersInScope());
  }
}
