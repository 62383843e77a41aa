package io.vigil.workflows.common;

import io.temporal.workflow.Async;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Many drafts held at once (an incident's outreach to thousands of customers), waited on by one
 * procedure instead of one workflow thread each. Drafts are held in waves: the drafts of one wave
 * share its reminder and its expiry, so a wave costs two timers whatever its size, and its reminders
 * and expiries go to the database a page at a time. Decisions arrive through the playbook's {@link
 * ApprovalGate}, exactly as for a single draft: the procedure takes each as it comes and sends (or
 * drops) the draft with {@link ApprovalGate#conclude}.
 *
 * <p>The state is small enough to carry across continue-as-new ({@link #carry}): each pending draft
 * by its approval id and key, never its body, and how the last {@link #REMEMBERED_OUTCOMES} drafts
 * ended, so that a late decision on one is still refused as already decided or expired.
 */
public final class PendingDrafts {
  /** How long a wave whose expiry found drafts decided outside this workflow waits for their signals. */
  static final Duration LATE_SIGNAL_GRACE = Duration.ofMinutes(10);
  /** Outcomes a continued run still knows, for late decisions. */
  static final int REMEMBERED_OUTCOMES = 400;

  /** A pending draft: {@code key} prefixes its steps; {@code kind} is the playbook's (say outreach or resolution). */
  public record Held(String approvalId, String customerId, String approverId, ApprovalKind kind, String key, int wave) {}

  /** Drafts held together: reminded at {@code remindAt}, expired at {@code expireAt}; {@code graceUntil} after expiry. */
  public record Wave(Instant remindAt, Instant expireAt, boolean reminded, Instant graceUntil) {}

  /** What a run continued as new carries. */
  public record Carried(List<Held> pending, List<Wave> waves, Map<String, String> outcomes) {}

  /** What the playbook does once a draft is concluded (say, mark the customer's outreach sent). */
  public interface Conclusion {
    void concluded(Held draft, ApprovalOutcome outcome);
  }

  private final ApprovalGate gate;
  private final ApprovalPolicy policy;
  private final int pageSize;
  private final Conclusion conclusion;
  private final LinkedHashMap<String, Held> pending = new LinkedHashMap<>();
  private final List<Wave> waves = new ArrayList<>();
  private final LinkedHashMap<String, String> outcomes = new LinkedHashMap<>();
  private boolean busy;
  private boolean changed;
  private Promise<Void> procedure;

  public PendingDrafts(ApprovalGate gate, ApprovalPolicy policy, int pageSize, Conclusion conclusion) {
    this.gate = gate;
    this.policy = policy;
    this.pageSize = pageSize;
    this.conclusion = conclusion;
  }

  /** In a run continued as new: the drafts the earlier run still waited on. */
  public void resume(Carried carried) {
    if (carried == null) {
      return;
    }
    waves.addAll(carried.waves());
    carried.outcomes().forEach(this::remember);
    carried.pending().forEach(this::hold);
  }

  /** Starts the procedure that waits on every held draft. */
  public void start() {
    procedure = Async.procedure(this::waitOnDrafts);
  }

  /** A new wave, reminded and expiring from now as the policy says; answers its number for {@link #hold}. */
  public int openWave() {
    Instant now = Instant.ofEpochMilli(Workflow.currentTimeMillis());
    waves.add(new Wave(now.plus(policy.remindAfter()), now.plus(policy.expireAfter()), false, null));
    return waves.size() - 1;
  }

  public void hold(Held draft) {
    pending.put(draft.approvalId(), draft);
    gate.hold(draft.approvalId());
    gate.forgetOutcome(draft.approvalId());
    changed = true;
  }

  public boolean holds(String approvalId) {
    return pending.containsKey(approvalId);
  }

  public int pendingCount() {
    return pending.size();
  }

  /** Every held draft is concluded and nothing is being sent. */
  public boolean allConcluded() {
    return pending.isEmpty() && !busy && !gate.hasNewDecisions();
  }

  /** Nothing in flight: the run may continue as new now (the caller also waits for handlers to finish). */
  public boolean idle() {
    return !busy && !gate.hasNewDecisions();
  }

  /** For the next run; only when {@link #idle}. */
  public Carried carry() {
    return new Carried(List.copyOf(pending.values()), List.copyOf(waves), new LinkedHashMap<>(outcomes));
  }

  /** Rethrows what ended the procedure, if anything did (a bug, not an activity's failure: those are handled). */
  public void rethrowFailure() {
    if (procedure != null && procedure.isCompleted()) {
      procedure.get();
    }
  }

  private void waitOnDrafts() {
    while (true) {
      Instant due = nextDeadline();
      if (due == null) {
        Workflow.await(() -> gate.hasNewDecisions() || changed);
      } else {
        Duration left = Duration.between(Instant.ofEpochMilli(Workflow.currentTimeMillis()), due);
        if (!left.isNegative() && !left.isZero()) {
          Workflow.await(left, () -> gate.hasNewDecisions() || changed);
        }
      }
      changed = false;
      busy = true;
      try {
        concludeDecided();
        settleDueWaves();
      } finally {
        busy = false;
      }
    }
  }

  private void concludeDecided() {
    for (String id : gate.takeDecided()) {
      Held draft = pending.get(id);
      if (draft == null) {
        continue; // not one of these drafts (a playbook's own single draft), or already concluded
      }
      ApprovalOutcome outcome = gate.conclude(new DraftRef(id, draft.approverId(), draft.approverId()), policy,
          draft.key(), draft.customerId());
      conclude(draft, outcome);
    }
  }

  private void settleDueWaves() {
    Instant now = Instant.ofEpochMilli(Workflow.currentTimeMillis());
    for (int w = 0; w < waves.size(); w++) {
      Wave wave = waves.get(w);
      List<Held> theirs = pendingOf(w);
      if (theirs.isEmpty()) {
        continue;
      }
      if (wave.graceUntil() != null) {
        if (!now.isBefore(wave.graceUntil())) {
          // decided outside this workflow and its signal never came: the database holds the outcome
          boolean taken = takeDecisionsFromRows(theirs);
          for (Held draft : theirs) {
            if (!taken || !gate.isDecided(draft.approvalId())) {
              pending.remove(draft.approvalId());
              remember(draft.approvalId(), "expired");
            }
          }
          if (taken) {
            concludeDecided();
          }
        }
      } else if (!wave.reminded() && remindsFirst() && !now.isBefore(wave.remindAt())) {
        remind(theirs);
        waves.set(w, new Wave(wave.remindAt(), wave.expireAt(), true, null));
      } else if (!now.isBefore(wave.expireAt())) {
        boolean anyDecidedElsewhere = expire(theirs);
        waves.set(w, new Wave(wave.remindAt(), wave.expireAt(), true,
            anyDecidedElsewhere ? now.plus(LATE_SIGNAL_GRACE) : null));
      }
    }
  }

  private void remind(List<Held> drafts) {
    for (List<Held> page : pages(drafts)) {
      List<String> ids = page.stream().map(Held::approvalId).toList();
      BestEffort.bestEffort(new BestEffort.Step(Workflow.getInfo().getWorkflowId() + "/approval-reminders/" + ids.get(0),
              page.stream().map(Held::customerId).toList(), "approval-reminder",
              "some approvers were not reminded; their drafts still wait for a decision until they expire"),
          () -> approvals(ActivityProfiles.NOTIFICATION, "Remind the approvers of " + ids.size() + " pending drafts")
              .remindApprovers(ids));
    }
  }

  /** Expires the wave's drafts a page at a time; answers whether any was decided outside this workflow meanwhile. */
  private boolean expire(List<Held> drafts) {
    // a decision whose write is under way when the wave runs out wins over the expiry
    Workflow.await(() -> drafts.stream().noneMatch(d -> gate.isDeciding(d.approvalId())));
    concludeDecided();
    boolean decidedElsewhere = false;
    List<Held> undecided = drafts.stream().filter(d -> pending.containsKey(d.approvalId())).toList();
    for (List<Held> page : pages(undecided)) {
      List<String> ids = page.stream().map(Held::approvalId).toList();
      ids.forEach(gate::expiring);
      List<String> statuses = approvals(ActivityProfiles.DATABASE, "Expire " + ids.size() + " pending drafts")
          .expireApprovals(ids);
      for (int i = 0; i < page.size(); i++) {
        Held draft = page.get(i);
        gate.expiredAs(draft.approvalId(), statuses.get(i));
        if ("expired".equals(statuses.get(i))) {
          conclude(draft, new ApprovalOutcome(draft.approvalId(), ApprovalOutcome.Status.EXPIRED, null,
              "no decision within " + policy.expireAfter()));
        } else {
          decidedElsewhere = true;
        }
      }
    }
    return decidedElsewhere;
  }

  /**
   * Since {@link ApprovalGate#DECISION_TAKEN_FROM_ROW}: the drafts whose rows were decided but whose
   * decisions never reached this workflow (an update lost with a restarting server) take the rows'
   * verdicts, a page at a time, and are concluded as if decided here. Answers false in runs from
   * before, which end them expired as they did (and conclude nothing more in this step).
   */
  private boolean takeDecisionsFromRows(List<Held> drafts) {
    if (!ApprovalGate.takesDecisionsFromRows()) {
      return false;
    }
    for (List<Held> page : pages(drafts)) {
      List<String> ids = page.stream().map(Held::approvalId).toList();
      List<RecordedDecision> rows = approvals(ActivityProfiles.DATABASE, "Read the decisions recorded on " + ids.size()
          + " expired drafts").readDecisions(ids);
      for (int i = 0; i < ids.size(); i++) {
        gate.takeFromRow(ids.get(i), rows.get(i));
      }
    }
    return true;
  }

  private void conclude(Held draft, ApprovalOutcome outcome) {
    pending.remove(draft.approvalId());
    String status = outcome.status().name().toLowerCase();
    gate.forget(draft.approvalId(), status);
    remember(draft.approvalId(), status);
    conclusion.concluded(draft, outcome);
  }

  private void remember(String approvalId, String status) {
    outcomes.remove(approvalId);
    outcomes.put(approvalId, status);
    gate.rememberOutcome(approvalId, status);
    if (outcomes.size() > REMEMBERED_OUTCOMES) {
      String oldest = outcomes.keySet().iterator().next();
      outcomes.remove(oldest);
      gate.forgetOutcome(oldest); // bounded: a decision on it now is refused as unknown to this workflow
    }
  }

  private Instant nextDeadline() {
    Instant next = null;
    for (int w = 0; w < waves.size(); w++) {
      if (pendingOf(w).isEmpty()) {
        continue;
      }
      Wave wave = waves.get(w);
      Instant due = wave.graceUntil() != null ? wave.graceUntil()
          : !wave.reminded() && remindsFirst() ? wave.remindAt() : wave.expireAt();
      if (next == null || due.isBefore(next)) {
        next = due;
      }
    }
    return next;
  }

  private List<Held> pendingOf(int wave) {
    return pending.values().stream().filter(d -> d.wave() == wave).toList();
  }

  private boolean remindsFirst() {
    return policy.remindAfter().compareTo(policy.expireAfter()) < 0;
  }

  private List<List<Held>> pages(List<Held> drafts) {
    List<List<Held>> pages = new ArrayList<>();
    for (int from = 0; from < drafts.size(); from += pageSize) {
      pages.add(drafts.subList(from, Math.min(drafts.size(), from + pageSize)));
    }
    return pages;
  }

  private static ApprovalActivities approvals(io.temporal.activity.ActivityOptions profile, String summary) {
    return Workflow.newActivityStub(ApprovalActivities.class, ActivityProfiles.withSummary(profile, summary));
  }
}
