package io.vigil.workflows.expansion;

import static io.vigil.workflows.common.BestEffort.bestEffort;

import io.temporal.activity.ActivityOptions;
import io.temporal.workflow.Workflow;
import io.vigil.workflows.common.ActivityLogActivities;
import io.vigil.workflows.common.ActivityProfiles;
import io.vigil.workflows.common.BestEffort.Step;
import io.vigil.workflows.common.Continuation;
import io.vigil.workflows.common.HistoryBudget;
import io.vigil.workflows.common.LogEntry;
import io.vigil.workflows.common.SuppressedDetections;
import io.vigil.workflows.common.TemporalLimits;
import java.time.Instant;
import java.util.Map;

/**
 * The at-risk escalation's shape without its outcome: record the signal, tell the CSM, then the
 * cooldown, every trigger signalled meanwhile recorded as suppressed, in order, continuing as new
 * when they flood the history.
 */
public class ExpansionOpportunityWorkflowImpl implements ExpansionOpportunityWorkflow {
  private final SuppressedDetections<ExpansionTrigger> suppressed =
      new SuppressedDetections<>(ExpansionTrigger::triggerKey);
  private ExpansionTrigger trigger;
  private String stage = "starting";
  private Instant openedAt;
  private Instant cooldownUntil;

  @Override
  public ExpansionState run(ExpansionTrigger trigger, ExpansionResume resume) {
    this.trigger = trigger;
    String key = trigger.stepKey();
    if (resume != null) {
      // a run continued while cooling down: the signal and the DM are done
      openedAt = resume.openedAt();
      cooldownUntil = resume.cooldownUntil();
      suppressed.resume(resume.suppressed());
      suppressed.startRecording(this::recordSuppressed);
      return coolDown(key);
    }
    openedAt = now();
    cooldownUntil = openedAt.plus(trigger.cooldown());
    suppressed.startRecording(this::recordSuppressed);

    stage("recording the expansion opportunity");
    expansion(ActivityProfiles.DATABASE, "Record expansion_opportunity signal (positive)")
        .recordExpansionOpportunity(key + "/risk-signal", trigger);

    stage("notifying the CSM");
    bestEffort(Step.of(key + "/notify-csm", trigger.customerId(), "notify-csm",
            "the CSM was told neither by Slack nor by email; the opportunity is listed in /api/insights/expansion"),
        () -> expansion(ActivityProfiles.NOTIFICATION, "Slack DM to CSM " + trigger.csmId() + " (email if Slack is not connected)")
            .notifyCsmOfExpansion(key + "/notify-csm", trigger));
    return coolDown(key);
  }

  private ExpansionState coolDown(String key) {
    stage("cooling down until " + cooldownUntil);
    if (!suppressed.awaitUntil(cooldownUntil)) {
      Workflow.setCurrentDetails(TemporalLimits.details(trigger.customerName() + ": " + stage
          + "; continuing as a new run (history of " + HistoryBudget.events() + " events)"));
      Continuation.continueAsNew(trigger, new ExpansionResume(openedAt, cooldownUntil, suppressed.carry()));
    }
    suppressed.drain();
    Workflow.newActivityStub(ActivityLogActivities.class,
            ActivityProfiles.withSummary(ActivityProfiles.DATABASE, "Log expansion_cooldown_ended"))
        .log(new LogEntry(key + "/cooldown-ended", trigger.customerId(), Workflow.getInfo().getWorkflowId(),
            "expansion_cooldown_ended", Map.of("suppressedTriggers", suppressed.recorded())));
    // a trigger signalled while that line was written is recorded too before the workflow closes
    suppressed.drain();
    stage("done");
    return getState();
  }

  @Override
  public void reportOpportunity(ExpansionTrigger later) {
    suppressed.add(later);
  }

  @Override
  public boolean hasTrigger(String triggerKey) {
    return (trigger != null && trigger.triggerKey().equals(triggerKey)) || suppressed.holds(triggerKey);
  }

  @Override
  public ExpansionState getState() {
    return new ExpansionState(stage, trigger == null ? null : trigger.asOf(), openedAt, cooldownUntil,
        suppressed.recorded());
  }

  private void recordSuppressed(ExpansionTrigger later) {
    String reason = "an expansion opportunity for this customer was found on " + trigger.asOf()
        + " and cools down until " + cooldownUntil + " (" + Workflow.getInfo().getWorkflowId() + ")";
    expansion(ActivityProfiles.DATABASE, "Record suppressed expansion trigger of " + later.asOf())
        .recordSuppressedExpansion(later.triggerKey() + "/suppressed", later, reason);
  }

  private void stage(String stage) {
    this.stage = stage;
    Workflow.setCurrentDetails(TemporalLimits.details(trigger.customerName() + ": " + stage));
  }

  private static Instant now() {
    return Instant.ofEpochMilli(Workflow.currentTimeMillis());
  }

  private static ExpansionActivities expansion(ActivityOptions profile, String summary) {
    return Workflow.newActivityStub(ExpansionActivities.class, ActivityProfiles.withSummary(profile, summary));
  }
}
