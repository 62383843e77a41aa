package io.vigil.activities.common;

import io.micronaut.transaction.annotation.Transactional;
import io.temporal.failure.ApplicationFailure;
import io.vigil.activities.delivery.Deliveries;
import io.vigil.activities.drafting.Templates;
import io.vigil.activities.report.ReportText;
import io.vigil.infra.persistence.Approval;
import io.vigil.infra.persistence.ApprovalRepository;
import io.vigil.infra.persistence.CustomerRepository;
import io.vigil.infra.persistence.User;
import io.vigil.workflows.common.ApprovalActivities;
import io.vigil.workflows.common.Delivery;
import io.vigil.workflows.common.DraftDecision;
import io.vigil.workflows.common.RecordedDecision;
import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

@Singleton
public class ApprovalActivitiesImpl implements ApprovalActivities {
  private final DmButtons dmButtons;
  private final Lookups lookups;
  private final ApprovalRepository approvals;
  private final CustomerRepository customers;
  private final Deliveries deliveries;
  private final Templates templates;
  private final Links links;
  private final ActivityLog log;

  public ApprovalActivitiesImpl(Lookups lookups, ApprovalRepository approvals, CustomerRepository customers,
      Deliveries deliveries, Templates templates, Links links, ActivityLog log, DmButtons dmButtons) {
    this.dmButtons = dmButtons;
    this.lookups = lookups;
    this.approvals = approvals;
    this.customers = customers;
    this.deliveries = deliveries;
    this.templates = templates;
    this.links = links;
    this.log = log;
  }

  @Override
  public Delivery remindApprover(String key, String approvalId) {
    Approval approval = approval(approvalId);
    String customerName = customers.findById(approval.customerId()).map(c -> c.name()).orElse(approval.customerId());
    String text = templates.render("approval-reminder", Map.of(
        "customer_name", customerName,
        "to", approval.toAddress(),
        "subject", approval.subject(),
        "drafted_at", approval.createdAt().toString(),
        "approval_url", links.approval(approvalId))).body();
    Delivery delivery = deliveries.toUser(key, approval.approverId(), approval.customerId(),
        "Reminder: draft to " + customerName + " awaits your approval", text, approval.workflowId(),
        dmButtons.draft(approvalId));
    log.append(key, approval.customerId(), approval.workflowId(), "approval_reminder_sent",
        Map.of("approvalId", approvalId, "approverId", approval.approverId(), "channel", delivery.channel()));
    return delivery;
  }

  /** The draft's two reads in one transaction ({@link #pendingDraft}); Slack is asked outside it. */
  @Override
  public String offerDraftInDm(String key, String dmKey, String approvalId) {
    PendingDraft draft = pendingDraft(approvalId);
    Approval approval = draft.approval();
    if (draft.approver() == null) {
      return "nothing: the draft is already " + approval.status();
    }
    User approver = draft.approver();
    String line = ":memo: *Draft ready for your approval:* " + ReportText.escape(approval.subject());
    if (approver.slackUserId() == null || approver.slackUserId().isBlank()
        || !deliveries.amendSlackDm(dmKey, approver.slackUserId(), line, dmButtons.alertWithDraft(dmKey, approvalId))) {
      return "nothing: the alert did not reach " + approver.name() + " as a Slack DM; the draft waits in the queue";
    }
    log.append(key, approval.customerId(), approval.workflowId(), "draft_offered_in_dm",
        Map.of("approvalId", approvalId, "approverId", approval.approverId()));
    return "Approve, Edit and Reject added to " + approver.name() + "'s DM";
  }

  /** A draft and, while it is pending, its approver (null once decided). */
  record PendingDraft(Approval approval, User approver) {}

  /**
   * The approval and its approver in one read-only transaction instead of two (issue 12: a parked
   * check-in's commits). Intercepted when called from {@link #offerDraftInDm} too: Micronaut's advice
   * is the bean's subclass.
   */
  @Transactional(readOnly = true)
  PendingDraft pendingDraft(String approvalId) {
    Approval approval = approval(approvalId);
    return new PendingDraft(approval, "pending".equals(approval.status()) ? lookups.user(approval.approverId()) : null);
  }

  @Override
  public int remindApprovers(java.util.List<String> approvalIds) {
    int reminded = 0;
    java.util.List<String> failures = new java.util.ArrayList<>();
    for (String id : approvalIds) {
      Approval approval = approval(id);
      if (!"pending".equals(approval.status())) {
        continue; // decided since the workflow listed it
      }
      try {
        remindApprover(approval.workflowId() + "/" + id + "/approval-reminder", id);
        reminded++;
      } catch (RuntimeException failure) {
        failures.add(id + ": " + failure.getMessage());
      }
    }
    if (!failures.isEmpty()) {
      // the reminders that went out are keyed: a retry of the page does not send them again
      throw ApplicationFailure.newFailure(failures.size() + " of " + approvalIds.size() + " reminders not delivered: "
          + String.join("; ", failures.subList(0, Math.min(5, failures.size()))), "RemindersNotDelivered");
    }
    return reminded;
  }

  @Override
  public java.util.List<String> expireApprovals(java.util.List<String> approvalIds) {
    return approvalIds.stream().map(this::expireApproval).toList();
  }

  @Override
  public String expireApproval(String approvalId) {
    Approval before = approval(approvalId);
    if (approvals.expire(approvalId) == 1) {
      log.append(before.workflowId() + "/" + approvalId + "/expired", before.customerId(), before.workflowId(),
          "approval_expired", Map.of("approvalId", approvalId));
    }
    return approval(approvalId).status();
  }

  @Override
  public java.util.List<RecordedDecision> readDecisions(java.util.List<String> approvalIds) {
    return approvalIds.stream().map(this::readDecision).toList();
  }

  @Override
  public RecordedDecision readDecision(String approvalId) {
    Approval row = approval(approvalId);
    return new RecordedDecision(row.status(), row.decidedBy());
  }

  @Override
  public String withdrawApproval(String approvalId, String reason) {
    approvals.withdraw(approvalId, ActivityLog.storable(reason)); // the workflow logs approval_withdrawn, keyed
    return approval(approvalId).status();
  }

  /**
   * The decision and its activity-log line commit together, so a retry after the commit finds the
   * row decided by the same person and answers it as it stands without logging twice.
   */
  @Override
  @Transactional
  public RecordedDecision recordDecision(DraftDecision decision) {
    String id = decision.approvalId();
    Approval before = approval(id);
    boolean approve = decision.verdict() == DraftDecision.Verdict.APPROVE;
    String status = decision.verdict().status();
    int changed = approvals.decide(id, status, decision.decidedBy(), decision.credentialId(),
        approve ? null : decision.reason(), approve ? decision.subject() : null, approve ? decision.body() : null);
    if (changed == 0) {
      Approval now = approval(id);
      return new RecordedDecision(now.status(), now.decidedBy());
    }
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("approvalId", id);
    details.put("verdict", decision.verdict().name());
    details.put("decidedBy", decision.decidedBy());
    details.put("credentialId", decision.credentialId());
    details.put("subjectEdited", approve && edited(decision.subject(), before.subject()));
    details.put("bodyEdited", approve && edited(decision.body(), before.body()));
    log.append(before.workflowId() + "/" + id + "/decided", before.customerId(), before.workflowId(), "approval_decided",
        details);
    return new RecordedDecision(status, decision.decidedBy());
  }

  @Override
  public Delivery sendApprovedDraft(String key, String approvalId, boolean asGmailDraft) {
    Approval approval = approval(approvalId);
    User sender = lookups.user(approval.approverId());
    Delivery delivery = deliveries.email(key, sender.email(), approval.toAddress(), approval.customerId(),
        approval.subject(), approval.body(), approval.workflowId(), asGmailDraft);
    if (!"recorded".equals(delivery.status()) && !"failed".equals(delivery.status())) {
      approvals.markDelivered(approvalId, delivery.status(), delivery.externalId());
    }
    log.append(key, approval.customerId(), Lookups.workflowId(),
        asGmailDraft ? "email_saved_as_draft" : "email_sent",
        Map.of("approvalId", approvalId, "to", approval.toAddress(), "subject", approval.subject(),
            "approvedBy", String.valueOf(approval.decidedBy()), "status", delivery.status()));
    return delivery;
  }

  @Override
  public Delivery reportSendFailure(String key, String approvalId, String failure) {
    String reason = ActivityLog.storable(failure);
    Approval approval = approval(approvalId);
    approvals.markSendFailed(approvalId, reason);
    String customerName = customers.findById(approval.customerId()).map(c -> c.name()).orElse(approval.customerId());
    log.append(key, approval.customerId(), approval.workflowId(), "email_send_failed",
        Map.of("approvalId", approvalId, "to", approval.toAddress(), "subject", approval.subject(), "reason", reason));
    String text = templates.render("approval-send-failed", Map.of(
        "customer_name", customerName,
        "to", approval.toAddress(),
        "subject", approval.subject(),
        "reason", reason,
        "approval_id", approvalId,
        "approval_url", links.approval(approvalId))).body();
    return deliveries.toUser(key + "/approver", approval.approverId(), approval.customerId(),
        "Not sent: " + approval.subject(), text, approval.workflowId());
  }

  private static boolean edited(String replacement, String drafted) {
    return replacement != null && !Objects.equals(replacement, drafted);
  }

  private Approval approval(String id) {
    return approvals.findById(id)
        .orElseThrow(() -> ApplicationFailure.newNonRetryableFailure("unknown approval " + id, "UnknownApproval"));
  }
}
