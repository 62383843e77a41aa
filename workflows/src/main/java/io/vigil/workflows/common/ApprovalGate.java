package io.vigil.workflows.common;

import io.temporal.activity.ActivityOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The approval wait every playbook shares: a timer raced against the CSM's decision, a reminder
 * part-way, expiry at the end, and the send once approved. Decisions are kept by approval id, so a
 * signal that arrives in the same workflow task as the draft's creation is not lost.
 */
public final class ApprovalGate {
  /** A decision stored just as the draft expired still sends its signal; wait this long for it. */
  private static final Duration LATE_SIGNAL_GRACE = Duration.ofMinutes(10);

  private final Map<String, ApproveDraft> approvals = new HashMap<>();
  private final Map<String, RejectDraft> rejections = new HashMap<>();

  public void approve(ApproveDraft approval) {
    if (!isDecided(approval.approvalId())) {
      approvals.put(approval.approvalId(), approval);
    }
  }

  public void reject(RejectDraft rejection) {
    if (!isDecided(rejection.approvalId())) {
      rejections.put(rejection.approvalId(), rejection);
    }
  }

  public boolean isDecided(String approvalId) {
    return approvals.containsKey(approvalId) || rejections.containsKey(approvalId);
  }

  /**
   * Waits for the decision on {@code draft}, reminding and expiring as {@code policy} says, and
   * sends the draft once approved. Steps are keyed under {@code keyPrefix}.
   */
  public ApprovalOutcome awaitDecision(DraftRef draft, ApprovalPolicy policy, String keyPrefix, String customerId) {
    String id = draft.approvalId();
    Workflow.setCurrentDetails("Waiting for approval by " + draft.approverName() + " (approval " + id + ")");
    boolean decided = Workflow.await(firstWait(policy), () -> isDecided(id));
    if (!decided && policy.remindAfter().compareTo(policy.expireAfter()) < 0) {
      notifications("Remind " + draft.approverName() + " of the pending draft")
          .remindApprover(keyPrefix + "/approval-reminder", id);
      Workflow.setCurrentDetails(
          "Reminded " + draft.approverName() + "; waiting for approval (approval " + id + ")");
      decided = Workflow.await(policy.expireAfter().minus(policy.remindAfter()), () -> isDecided(id));
    }
    if (!decided) {
      String status = database("Expire the pending draft").expireApproval(id);
      decided = !"expired".equals(status) && Workflow.await(LATE_SIGNAL_GRACE, () -> isDecided(id));
      if (!decided) {
        log(keyPrefix + "/approval-expired", customerId, "approval_expired", Map.of("approvalId", id));
        return new ApprovalOutcome(id, ApprovalOutcome.Status.EXPIRED, null, "no decision within " + policy.expireAfter());
      }
    }
    ApproveDraft approval = approvals.get(id);
    if (approval == null) {
      RejectDraft rejection = rejections.get(id);
      log(keyPrefix + "/approval-rejected", customerId, "approval_rejected",
          Map.of("approvalId", id, "rejectedBy", String.valueOf(rejection.rejectedBy()),
              "reason", String.valueOf(rejection.reason())));
      return new ApprovalOutcome(id, ApprovalOutcome.Status.REJECTED, rejection.rejectedBy(), rejection.reason());
    }
    Workflow.setCurrentDetails("Approved by " + approval.approvedBy() + "; sending");
    notifications(policy.sendAsGmailDraft() ? "Save the approved email as a Gmail draft" : "Send the approved email through Gmail")
        .sendApprovedDraft(keyPrefix + "/send-approved", id, policy.sendAsGmailDraft());
    return new ApprovalOutcome(id, ApprovalOutcome.Status.APPROVED, approval.approvedBy(), null);
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

  private static ApprovalActivities stub(ActivityOptions profile, String summary) {
    return Workflow.newActivityStub(ApprovalActivities.class, ActivityProfiles.withSummary(profile, summary));
  }

  private static void log(String key, String customerId, String action, Map<String, Object> details) {
    Workflow.newActivityStub(ActivityLogActivities.class, ActivityProfiles.withSummary(ActivityProfiles.DATABASE, "Log " + action))
        .log(new LogEntry(key, customerId, Workflow.getInfo().getWorkflowId(), action, details));
  }
}
