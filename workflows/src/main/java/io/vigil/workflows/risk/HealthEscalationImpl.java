package io.vigil.workflows.risk;

import static io.vigil.workflows.common.BestEffort.bestEffort;

import io.temporal.activity.ActivityOptions;
import io.temporal.workflow.Workflow;
import io.vigil.workflows.common.ActivityLogActivities;
import io.vigil.workflows.common.ActivityProfiles;
import io.vigil.workflows.common.BestEffort.Step;
import io.vigil.workflows.common.Continuation;
import io.vigil.workflows.common.HistoryBudget;
import io.vigil.workflows.common.LogEntry;
import io.vigil.workflows.common.NewTask;
import io.vigil.workflows.common.SuppressedDetections;
import io.vigil.workflows.common.TaskActivities;
import io.vigil.workflows.common.TaskPriority;
import io.vigil.workflows.common.TemporalLimits;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;

/**
 * The escalation both kinds run: record the risk signal, tell the people of {@link #recipients()},
 * a retention-plan task for the CSM, the outcome {@link EscalationPolicy#outcomeAfter()} later, then
 * the cooldown. Every trigger signalled meanwhile is recorded as suppressed, in order, and the run
 * continues as new when they flood its history.
 */
public abstract class HealthEscalationImpl implements HealthEscalation {
  private static final Logger LOG = Workflow.getLogger(HealthEscalationImpl.class);

  private final SuppressedDetections<EscalationTrigger> suppressed =
      new SuppressedDetections<>(EscalationTrigger::triggerKey);
  private EscalationTrigger trigger;
  private String stage = "starting";
  private Instant escalatedAt;
  private Instant outcomeAt;
  private EscalationOutcome outcome;
  private Instant cooldownUntil;

  /** Who is told, in order. */
  protected abstract List<EscalationRecipient> recipients();

  /** When the CSM's retention plan is due after the escalation. */
  protected abstract Duration retentionPlanDueIn();

  public EscalationState run(EscalationTrigger trigger, EscalationResume resume) {
    this.trigger = trigger;
    String key = trigger.stepKey();
    if (resume != null) {
      // a run continued while waiting: every step before the wait is done
      escalatedAt = resume.escalatedAt();
      outcomeAt = resume.outcomeAt();
      outcome = resume.outcome();
      cooldownUntil = resume.cooldownUntil();
      suppressed.resume(resume.suppressed());
      suppressed.startRecording(this::recordSuppressed);
      return outcome == null ? followUp(key) : coolDown(key);
    }
    escalatedAt = now();
    outcomeAt = escalatedAt.plus(trigger.policy().outcomeAfter());
    suppressed.startRecording(this::recordSuppressed);
    LOG.info("{}: escalating {} ({}, {}): {}", Workflow.getInfo().getWorkflowId(), trigger.customerId(),
        trigger.cause().label(), trigger.severity().label(), trigger.summary());

    stage("recording the " + trigger.kind().label() + " risk signal");
    escalation(ActivityProfiles.DATABASE, "Record " + trigger.kind().label() + " risk signal (" + trigger.cause().label() + ")")
        .recordEscalation(key + "/risk-signal", trigger);

    for (EscalationRecipient recipient : recipients()) {
      stage("notifying the " + recipient.label());
      String stepKey = key + "/notify-" + recipient.label();
      bestEffort(Step.of(stepKey, trigger.customerId(), "notify-" + recipient.label(),
              "the " + recipient.label() + " was told neither by Slack nor by email; the retention-plan task still stands"),
          () -> escalation(ActivityProfiles.NOTIFICATION, "Escalate to the " + recipient.label() + " of " + trigger.csmId()
              + " (Slack DM, email fallback)").notifyEscalation(stepKey, trigger, recipient));
    }

    stage("creating the retention-plan task");
    String title = "Retention plan for " + trigger.customerName() + " - " + trigger.summary();
    Workflow.newActivityStub(TaskActivities.class,
            ActivityProfiles.withSummary(ActivityProfiles.DATABASE, "Create task: " + title))
        .createTask(new NewTask(key + "/task", title,
            trigger.kind().title() + " as of " + trigger.asOf() + " (" + trigger.cause().label() + "). Write the retention"
                + " plan, agree it with your manager and act on it; the outcome is measured on " + outcomeAt + ".",
            trigger.csmId(), trigger.customerId(), TaskPriority.of(trigger.severity()),
            escalatedAt.plus(retentionPlanDueIn()), Workflow.getInfo().getWorkflowId()));
    return followUp(key);
  }

  /** Waits for the outcome (continuing as new when triggers flood the history), then measures it. */
  private EscalationState followUp(String key) {
    stage("waiting for the outcome on " + outcomeAt);
    if (!suppressed.awaitUntil(outcomeAt)) {
      continueAsNew();
    }
    stage("measuring the outcome");
    outcome = escalation(ActivityProfiles.DATABASE, "Record the outcome " + trigger.policy().outcomeAfter().toDays()
        + " days on").recordEscalationOutcome(key + "/outcome", trigger, escalatedAt);
    cooldownUntil = now().plus(trigger.policy().cooldown());
    return coolDown(key);
  }

  /** Sleeps out the cooldown, recording triggers as suppressed. */
  private EscalationState coolDown(String key) {
    stage("cooling down until " + cooldownUntil + " (outcome: " + outcome.label() + ")");
    if (!suppressed.awaitUntil(cooldownUntil)) {
      continueAsNew();
    }
    suppressed.drain();
    Workflow.newActivityStub(ActivityLogActivities.class,
            ActivityProfiles.withSummary(ActivityProfiles.DATABASE, "Log escalation_cooldown_ended"))
        .log(new LogEntry(key + "/cooldown-ended", trigger.customerId(), Workflow.getInfo().getWorkflowId(),
            "escalation_cooldown_ended", Map.of("kind", trigger.kind().label(), "outcome", outcome.label(),
                "suppressedTriggers", suppressed.recorded())));
    // a trigger signalled while that line was written is recorded too before the workflow closes
    suppressed.drain();
    stage("done");
    return getState();
  }

  private void continueAsNew() {
    Workflow.setCurrentDetails(TemporalLimits.details(trigger.customerName() + ": " + stage
        + "; continuing as a new run (history of " + HistoryBudget.events() + " events)"));
    Continuation.continueAsNew(trigger,
        new EscalationResume(escalatedAt, outcomeAt, outcome, cooldownUntil, suppressed.carry()));
  }

  @Override
  public void reportTrigger(EscalationTrigger later) {
    suppressed.add(later);
  }

  @Override
  public boolean hasTrigger(String triggerKey) {
    return (trigger != null && trigger.triggerKey().equals(triggerKey)) || suppressed.holds(triggerKey);
  }

  @Override
  public EscalationState getState() {
    return new EscalationState(stage, trigger == null ? null : trigger.kind(), trigger == null ? null : trigger.cause(),
        trigger == null ? null : trigger.severity().label(), escalatedAt, outcomeAt, outcome, cooldownUntil,
        suppressed.recorded());
  }

  private void recordSuppressed(EscalationTrigger later) {
    String reason = "a " + trigger.kind().title().toLowerCase() + " for this customer is "
        + (cooldownUntil != null ? "cooling down until " + cooldownUntil : "waiting for its outcome on " + outcomeAt)
        + " (" + Workflow.getInfo().getWorkflowId() + " since " + trigger.asOf() + ", " + trigger.cause().label() + ")";
    escalation(ActivityProfiles.DATABASE, "Record suppressed trigger of " + later.asOf() + " (" + later.cause().label() + ")")
        .recordSuppressedEscalation(later.triggerKey() + "/suppressed", later, reason);
  }

  private void stage(String stage) {
    this.stage = stage;
    Workflow.setCurrentDetails(TemporalLimits.details(trigger.customerName() + ": " + stage));
  }

  private static Instant now() {
    return Instant.ofEpochMilli(Workflow.currentTimeMillis());
  }

  private static RiskEscalationActivities escalation(ActivityOptions profile, String summary) {
    return Workflow.newActivityStub(RiskEscalationActivities.class, ActivityProfiles.withSummary(profile, summary));
  }
}
