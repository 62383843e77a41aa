package io.vigil.workflows.common;

import io.temporal.activity.ActivityOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The approval wait every playbook shares: a timer raced against the CSM's decision, a reminder
 * part-way, expiry at the end, and the send once approved. Decisions are kept by approval id, so a
 * signal that arrives in the same workflow task as the draft's creation is not lost.
 *
 * <p>A decision arrives as the {@link HoldsDrafts#DECIDE} update ({@link #validate} then {@link
 * #decide}) or, from workflows that were already waiting before decisions became updates, as the
 * legacy {@code approveDraft}/{@code rejectDraft} signals ({@link #approve}, {@link #reject}). An
 * update claims its approval id while it records the decision in the database: a second decision on
 * the same id is refused and expiry waits until the claim is settled, and expiry in turn marks the id
 * before it asks the database, so a decision arriving then is refused as expired. The claim is the
 * lock: decisions on different ids (an incident holds several drafts) share no state and may
 * interleave, so no workflow-wide lock serializes them.
 */
public final class ApprovalGate {
  /** Marks the change that gave a playbook's alert DM the buttons to decide its draft ({@link #offerInDm}). */
  public static final String DRAFT_BUTTONS_CHANGE_ID = "draft-buttons-in-dm";
  /**
   * Version 1: an update records its decision as a local activity, in the workflow task that
   * accepted it, so the update completes in that one task instead of waiting for an activity task's
   * round trip through the server and a second workflow task (issue 12, approvals).
   */
  public static final String DECISION_RECORDED_LOCALLY = "decision-recorded-locally";
  /**
   * Version 1: when the expiry finds the row decided and no signal comes within {@link
   * #LATE_SIGNAL_GRACE}, the workflow takes the row's decision as its own ({@link
   * #takeDecisionFromRow}) instead of ending the draft expired. Closes the gap {@link
   * #DECISION_RECORDED_LOCALLY} opens: an update whose decision was written but whose acceptance was
   * lost with a restarting server leaves the row decided and the workflow waiting.
   */
  public static final String DECISION_TAKEN_FROM_ROW = "decision-taken-from-row-at-expiry";
  /** A decision stored just as the draft expired still sends its signal; wait this long for it. */
  private static final Duration LATE_SIGNAL_GRACE = Duration.ofMinutes(10);

  /** Where a draft this gate waits on stands, short of a decision. */
  private enum Stage {
    PENDING,
    /** The timer ran out and the database is being asked to expire the draft. */
    EXPIRING,
    EXPIRED,
    /** The playbook withdrew it as no longer needed (see {@link #withdraw}). */
    WITHDRAWN
  }

  private final Map<String, ApproveDraft> approvals = new HashMap<>();
  private final Map<String, RejectDraft> rejections = new HashMap<>();
  /** Approval ids {@link #awaitDecision} has waited on. */
  private final Map<String, Stage> stages = new HashMap<>();
  /** Decisions accepted as updates whose database write has not answered yet. */
  private final Map<String, DraftDecision> deciding = new HashMap<>();
  /**
   * An outcome the database answered that this gate did not record itself: a decision taken through
   * the legacy path, or a row expired outside this workflow.
   */
  private final Map<String, String> settledInDatabase = new HashMap<>();
  /** Pending drafts their playbook asked to withdraw, with why ({@link #withdraw}). */
  private final Map<String, String> withdrawals = new HashMap<>();
  /** Approval ids decided (by update or signal) and not yet taken by {@link #takeDecided}, in order. */
  private final java.util.Deque<String> newlyDecided = new java.util.ArrayDeque<>();

  /** Legacy signal: the decision is already in the database. */
  public void approve(ApproveDraft approval) {
    if (!isDecided(approval.approvalId())) {
      approvals.put(approval.approvalId(), approval);
      newlyDecided.add(approval.approvalId());
    }
  }

  /** Legacy signal, as {@link #approve}. */
  public void reject(RejectDraft rejection) {
    if (!isDecided(rejection.approvalId())) {
      rejections.put(rejection.approvalId(), rejection);
      newlyDecided.add(rejection.approvalId());
    }
  }

  /**
   * In a run continued as new after its wait on {@code approvalId} ended ({@code status}: approved,
   * rejected, failed, expired): a late decision is refused as it was before.
   */
  public void rememberOutcome(String approvalId, String status) {
    settledInDatabase.put(approvalId, status);
  }

  public boolean isDecided(String approvalId) {
    return approvals.containsKey(approvalId) || rejections.containsKey(approvalId);
  }

  /**
   * The update's validator: accepts a decision only on a draft this workflow is waiting on and that
   * is still pending. Reads state, never changes it.
   *
   * @throws ApplicationFailure of type {@link HoldsDrafts#UNKNOWN_APPROVAL}, {@link
   *     HoldsDrafts#ALREADY_DECIDED}, {@link HoldsDrafts#EXPIRED} or {@link HoldsDrafts#INVALID_DECISION};
   *     read it with {@link DecisionRefusal#of}, as SDK 1.38.0 loses a validator failure's type
   */
  public void validate(DraftDecision decision) {
    if (decision == null || decision.approvalId() == null) {
      throw refusal(HoldsDrafts.UNKNOWN_APPROVAL, "a decision must name its approval");
    }
    String id = decision.approvalId();
    if (decision.verdict() == null || decision.decidedBy() == null || decision.decidedBy().isBlank()) {
      throw refusal(HoldsDrafts.INVALID_DECISION, "a decision on approval " + id + " needs a verdict and who decided");
    }
    ApproveDraft approval = approvals.get(id);
    if (approval != null) {
      throw refusal(HoldsDrafts.ALREADY_DECIDED, "approval " + id + " is already approved by " + approval.approvedBy());
    }
    RejectDraft rejection = rejections.get(id);
    if (rejection != null) {
      throw refusal(HoldsDrafts.ALREADY_DECIDED, "approval " + id + " is already rejected by " + rejection.rejectedBy());
    }
    DraftDecision inFlight = deciding.get(id);
    if (inFlight != null) {
      throw refusal(HoldsDrafts.ALREADY_DECIDED, "approval " + id + " is already being "
          + inFlight.verdict().status() + " by " + inFlight.decidedBy());
    }
    String settled = settledInDatabase.get(id);
    if (settled != null && !"expired".equals(settled)) {
      throw refusal(HoldsDrafts.ALREADY_DECIDED, "approval " + id + " is already " + settled);
    }
    Stage stage = stages.get(id);
    if (stage == Stage.WITHDRAWN) {
      throw refusal(HoldsDrafts.ALREADY_DECIDED, "approval " + id + " was withdrawn: " + withdrawals.get(id));
    }
    if (stage == Stage.EXPIRING || stage == Stage.EXPIRED || "expired".equals(settled)) {
      throw refusal(HoldsDrafts.EXPIRED, "approval " + id + " has expired");
    }
    if (stage != Stage.PENDING) {
      throw refusal(HoldsDrafts.UNKNOWN_APPROVAL, "this workflow holds no pending approval " + id);
    }
  }

  /**
   * The update's handler: checks again (the state may have moved since the validator ran), claims
   * the approval id, records the decision in the database and, when the row holds it (this verdict
   * by this person, so a retried write counts), hands it to {@link #awaitDecision}, which sends the
   * draft (with the stored edits) or drops it. Answers the approval's status afterwards. A row that
   * holds another outcome leaves the draft to that outcome and refuses this decision; a failed write
   * releases the claim so the decision can be tried again.
   */
  public DecisionResult decide(DraftDecision decision) {
    validate(decision);
    String id = decision.approvalId();
    deciding.put(id, decision);
    RecordedDecision recorded;
    try {
      recorded = recorder("Record " + decision.verdict().name().toLowerCase() + " of approval " + id + " by "
          + decision.decidedBy()).recordDecision(decision);
    } catch (ActivityFailure failure) {
      String type = failure.getCause() instanceof ApplicationFailure cause ? cause.getType() : HoldsDrafts.NOT_RECORDED;
      throw ApplicationFailure.newFailureWithCause(
          type + ": the decision on approval " + id + " could not be recorded; it is still pending", type, failure);
    } finally {
      deciding.remove(id);
    }
    String status = recorded.status();
    if (recorded.holds(decision)) {
      if (!isDecided(id)) { // a legacy signal carrying this same decision may have come first
        if (decision.verdict() == DraftDecision.Verdict.APPROVE) {
          // the edited subject and body are in the database now; the send reads them from there
          approvals.put(id, new ApproveDraft(id, decision.decidedBy(), null, null));
        } else {
          rejections.put(id, new RejectDraft(id, decision.decidedBy(), decision.reason()));
        }
        newlyDecided.add(id);
      }
      return new DecisionResult(id, status);
    }
    if ("pending".equals(status)) {
      throw refusal(HoldsDrafts.NOT_RECORDED, "the decision on approval " + id + " was not recorded; it is still pending");
    }
    // Another outcome won in the database: a legacy decision (its signal brings it here) or an expiry
    // outside this workflow (the timer still runs out, and expireApproval answers "expired").
    String outcome = recorded.decidedBy() == null || "expired".equals(status) ? status : status + " by " + recorded.decidedBy();
    settledInDatabase.put(id, outcome);
    if ("expired".equals(status)) {
      throw refusal(HoldsDrafts.EXPIRED, "approval " + id + " has expired");
    }
    throw refusal(HoldsDrafts.ALREADY_DECIDED, "approval " + id + " is already " + outcome);
  }

  /**
   * Waits for the decision on {@code draft}, reminding and expiring as {@code policy} says, and
   * sends the draft once approved. Steps are keyed under {@code keyPrefix}.
   */
  public ApprovalOutcome awaitDecision(DraftRef draft, ApprovalPolicy policy, String keyPrefix, String customerId) {
    String id = draft.approvalId();
    stages.put(id, Stage.PENDING);
    Workflow.setCurrentDetails(TemporalLimits.details("Waiting for approval by " + draft.approverName() + " (approval " + id + ")"));
    boolean decided = waitForDecision(id, firstWait(policy));
    if (!decided && !withdrawals.containsKey(id) && policy.remindAfter().compareTo(policy.expireAfter()) < 0) {
      BestEffort.bestEffort(BestEffort.Step.of(keyPrefix + "/approval-reminder", customerId, "approval-reminder",
              "no reminder; the draft still waits for a decision until it expires"),
          () -> notifications("Remind " + draft.approverName() + " of the pending draft")
              .remindApprover(keyPrefix + "/approval-reminder", id));
      Workflow.setCurrentDetails(TemporalLimits.details(
          "Reminded " + draft.approverName() + "; waiting for approval (approval " + id + ")"));
      decided = waitForDecision(id, policy.expireAfter().minus(policy.remindAfter()));
    }
    if (!decided && withdrawals.containsKey(id)) {
      ApprovalOutcome withdrawn = withdrawNow(draft, keyPrefix, customerId);
      if (withdrawn != null) {
        return withdrawn;
      }
      decided = true; // a decision recorded outside this workflow won the race, and its signal came
    }
    if (!decided) {
      stages.put(id, Stage.EXPIRING);
      String status = database("Expire the pending draft").expireApproval(id);
      if (!"expired".equals(status)) {
        settledInDatabase.put(id, status); // a legacy decision won the race; its signal is on its way
      }
      decided = !"expired".equals(status) && Workflow.await(LATE_SIGNAL_GRACE, () -> isDecided(id));
      if (!decided && !"expired".equals(status)) {
        decided = takeDecisionFromRow(id);
      }
      if (!decided) {
        stages.put(id, Stage.EXPIRED);
        log(keyPrefix + "/approval-expired", customerId, "approval_expired", Map.of("approvalId", id));
        return new ApprovalOutcome(id, ApprovalOutcome.Status.EXPIRED, null, "no decision within " + policy.expireAfter());
      }
    }
    return conclude(draft, policy, keyPrefix, customerId);
  }

  /**
   * A playbook that DMs its approver about the alert (step {@code keyPrefix/notify-csm}) before it
   * drafts: once the draft exists that DM gains View draft, Approve, Edit and Reject, so the CSM
   * decides where they were told. Optional: without it the draft still waits in the queue, and the
   * reminder carries the buttons. Runs that drafted before this step existed skip it.
   */
  public void offerInDm(DraftRef draft, String keyPrefix, String customerId) {
    // The draft is in the approvals queue from the moment it exists, and this step can retry for
    // minutes while Slack is down: a decision taken meanwhile is accepted here, recorded, and sent
    // once the wait begins (it finds the draft decided), instead of being refused as unknown. Only
    // the validator reads this; a rejected update leaves no trace in the history, so runs that
    // refused one before replay alike.
    stages.putIfAbsent(draft.approvalId(), Stage.PENDING);
    if (Workflow.getVersion(DRAFT_BUTTONS_CHANGE_ID, Workflow.DEFAULT_VERSION, 1) < 1) {
      return;
    }
    BestEffort.bestEffort(BestEffort.Step.of(keyPrefix + "/draft-buttons", customerId, "draft-buttons",
            "the DM keeps its link to the drafts; the draft waits in the queue and the reminder will carry the buttons"),
        () -> notifications("Add Approve, Edit and Reject to " + draft.approverName() + "'s DM")
            .offerDraftInDm(keyPrefix + "/draft-buttons", keyPrefix + "/notify-csm", draft.approvalId()));
  }

  /**
   * What follows a decision on {@code draft}: a rejection is logged, an approval sent (or, when the
   * send fails for good, the approval marked failed and its approver told). Steps are keyed under
   * {@code keyPrefix}.
   */
  public ApprovalOutcome conclude(DraftRef draft, ApprovalPolicy policy, String keyPrefix, String customerId) {
    String id = draft.approvalId();
    ApproveDraft approval = approvals.get(id);
    if (approval == null) {
      RejectDraft rejection = rejections.get(id);
      log(keyPrefix + "/approval-rejected", customerId, "approval_rejected",
          Map.of("approvalId", id, "rejectedBy", String.valueOf(rejection.rejectedBy()),
              "reason", String.valueOf(rejection.reason())));
      return new ApprovalOutcome(id, ApprovalOutcome.Status.REJECTED, rejection.rejectedBy(), rejection.reason());
    }
    Workflow.setCurrentDetails(TemporalLimits.details("Approved by " + approval.approvedBy() + "; sending"));
    BestEffort.Outcome<Delivery> sent = BestEffort.attempt(BestEffort.Step.of(keyPrefix + "/send-approved", customerId,
            "send-approved-email", "the approved email was not sent: the approval is marked failed and its approver told"),
        () -> notifications(policy.sendAsGmailDraft() ? "Save the approved email as a Gmail draft" : "Send the approved email through Gmail")
            .sendApprovedDraft(keyPrefix + "/send-approved", id, policy.sendAsGmailDraft()));
    if (sent.failed()) {
      BestEffort.bestEffort(BestEffort.Step.of(keyPrefix + "/send-failed", customerId, "report-send-failure",
              "the approver was not told that the approved email failed; the approval still shows it"),
          () -> notifications("Tell " + draft.approverName() + " the approved email was not sent")
              .reportSendFailure(keyPrefix + "/send-failed", id, sent.failure()));
      return new ApprovalOutcome(id, ApprovalOutcome.Status.FAILED, approval.approvedBy(), sent.failure());
    }
    return new ApprovalOutcome(id, ApprovalOutcome.Status.APPROVED, approval.approvedBy(), null);
  }

  /**
   * The playbook no longer needs the pending draft {@code approvalId} ({@code reason}, said to people):
   * {@link #awaitDecision} stops waiting, withdraws it in the database and answers {@code WITHDRAWN},
   * unless a decision came first (an approval then still sends). Idempotent; does nothing to a draft
   * already decided or not waited on.
   */
  public void withdraw(String approvalId, String reason) {
    withdrawals.putIfAbsent(approvalId, reason);
  }

  /**
   * Waits up to {@code timeout} for a decision on {@code id} or its withdrawal; answers whether it was
   * decided. Without a withdrawal (every playbook but the check-in after silence) this is the wait it
   * always was: the same timer, the same condition's outcome.
   */
  private boolean waitForDecision(String id, Duration timeout) {
    boolean unblocked = Workflow.await(timeout, () -> isDecided(id) || withdrawals.containsKey(id));
    return settle(id, unblocked && isDecided(id));
  }

  /**
   * Withdraws the undecided draft in the database; answers the outcome, or null when a decision
   * recorded outside this workflow (the legacy path) won the race and its signal arrived.
   */
  private ApprovalOutcome withdrawNow(DraftRef draft, String keyPrefix, String customerId) {
    String id = draft.approvalId();
    String reason = withdrawals.get(id);
    stages.put(id, Stage.WITHDRAWN);
    String status = database("Withdraw the pending draft: " + reason).withdrawApproval(id, reason);
    if (!"withdrawn".equals(status)) {
      settledInDatabase.put(id, status);
      if (Workflow.await(LATE_SIGNAL_GRACE, () -> isDecided(id))) {
        return null;
      }
    }
    log(keyPrefix + "/approval-withdrawn", customerId, "approval_withdrawn", Map.of("approvalId", id, "reason", reason));
    return new ApprovalOutcome(id, ApprovalOutcome.Status.WITHDRAWN, null, reason);
  }

  /**
   * The expiry found the row decided and no decision reached this workflow within the grace: takes
   * the row's decision ({@link #takeFromRow}). Answers whether it took one. Runs that expired before
   * {@link #DECISION_TAKEN_FROM_ROW} end expired, as they did.
   */
  private boolean takeDecisionFromRow(String id) {
    if (!takesDecisionsFromRows()) {
      return false;
    }
    return takeFromRow(id, database("Read the decision recorded on the expired draft").readDecision(id));
  }

  /**
   * Whether this run takes a decided row's verdict when no decision reached it ({@link
   * #DECISION_TAKEN_FROM_ROW}); ask only once the grace after the expiry has run out.
   */
  public static boolean takesDecisionsFromRows() {
    return Workflow.getVersion(DECISION_TAKEN_FROM_ROW, Workflow.DEFAULT_VERSION, 1) >= 1;
  }

  /**
   * The row's verdict ({@code row}, read after the expiry's grace) becomes this workflow's, as if
   * its update had arrived: an approval is then sent by {@link #conclude} (the send reads the stored
   * edits from the row; its delivery key keeps it to once), a rejection ends rejected. Answers
   * whether {@code approvalId} is now decided; a row withdrawn or failed outside this workflow is
   * left alone.
   */
  public boolean takeFromRow(String approvalId, RecordedDecision row) {
    if (isDecided(approvalId)) { // a signal arrived while the row was read
      return true;
    }
    if (DraftDecision.Verdict.APPROVE.status().equals(row.status())) {
      approvals.put(approvalId, new ApproveDraft(approvalId, row.decidedBy(), null, null));
    } else if (DraftDecision.Verdict.REJECT.status().equals(row.status())) {
      rejections.put(approvalId, new RejectDraft(approvalId, row.decidedBy(), null));
    } else {
      return false;
    }
    newlyDecided.add(approvalId);
    return true;
  }

  // ------------------------------------------------------------ drafts waited on together (PendingDrafts)

  /** {@code approvalId} is pending and waited on by a procedure of its own kind, not by {@link #awaitDecision}. */
  public void hold(String approvalId) {
    stages.put(approvalId, Stage.PENDING);
  }

  /** Takes the approval ids decided since the last call, in the order their decisions arrived. */
  public java.util.List<String> takeDecided() {
    java.util.List<String> taken = new java.util.ArrayList<>(newlyDecided);
    newlyDecided.clear();
    return taken;
  }

  public boolean hasNewDecisions() {
    return !newlyDecided.isEmpty();
  }

  /** Whether a decision on {@code approvalId} is being recorded by an update right now. */
  public boolean isDeciding(String approvalId) {
    return deciding.containsKey(approvalId);
  }

  /** The wait on {@code approvalId} ran out: from now on a decision is refused as expired. */
  public void expiring(String approvalId) {
    stages.put(approvalId, Stage.EXPIRING);
  }

  /** The database answered {@code status} when asked to expire {@code approvalId}. */
  public void expiredAs(String approvalId, String status) {
    if ("expired".equals(status)) {
      stages.put(approvalId, Stage.EXPIRED);
    } else {
      settledInDatabase.put(approvalId, status); // a legacy decision won the race; its signal is on its way
    }
  }

  /** Forgets a concluded approval's details, keeping how it ended for a late decision ({@link #rememberOutcome}). */
  public void forget(String approvalId, String status) {
    approvals.remove(approvalId);
    rejections.remove(approvalId);
    stages.remove(approvalId);
    settledInDatabase.put(approvalId, status);
  }

  /** Forgets a late-decision outcome kept by {@link #forget} or {@link #rememberOutcome}. */
  public void forgetOutcome(String approvalId) {
    settledInDatabase.remove(approvalId);
  }

  /**
   * After a wait on {@code id} timed out: a decision whose database write is under way when the
   * timer fires wins over the reminder and the expiry, so wait for it to settle. Creates no command,
   * and changes nothing when no update is in flight (as in every history from before updates).
   */
  private boolean settle(String id, boolean decided) {
    if (decided || !deciding.containsKey(id)) {
      return decided;
    }
    Workflow.await(() -> !deciding.containsKey(id));
    return isDecided(id);
  }

  private static ApplicationFailure refusal(String type, String message) {
    return DecisionRefusal.failure(type, message);
  }

  private static Duration firstWait(ApprovalPolicy policy) {
    return policy.remindAfter().compareTo(policy.expireAfter()) < 0 ? policy.remindAfter() : policy.expireAfter();
  }

  private static ApprovalActivities notifications(String summary) {
    return stub(ActivityProfiles.NOTIFICATION, summary);
  }

  private static ApprovalActivities database(String summary) {
    return stub(ActivityProfiles.DATABASE, summary);
  }

  /**
   * Where an update records its decision: a local activity (its retries those of {@link
   * ActivityProfiles#LOCAL_DATABASE}); runs that decided before {@link #DECISION_RECORDED_LOCALLY}
   * keep the activity they recorded with.
   */
  private static ApprovalActivities recorder(String summary) {
    if (Workflow.getVersion(DECISION_RECORDED_LOCALLY, Workflow.DEFAULT_VERSION, 1) >= 1) {
      return Workflow.newLocalActivityStub(ApprovalActivities.class, ActivityProfiles.withSummary(ActivityProfiles.LOCAL_DATABASE, summary));
    }
    return database(summary);
  }

  private static ApprovalActivities stub(ActivityOptions profile, String summary) {
    return Workflow.newActivityStub(ApprovalActivities.class, ActivityProfiles.withSummary(profile, summary));
  }

  private static void log(String key, String customerId, String action, Map<String, Object> details) {
    Workflow.newActivityStub(ActivityLogActivities.class, ActivityProfiles.withSummary(ActivityProfiles.DATABASE, "Log " + action))
        .log(new LogEntry(key, customerId, Workflow.getInfo().getWorkflowId(), action, details));
  }
}
