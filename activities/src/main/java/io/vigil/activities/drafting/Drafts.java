package io.vigil.activities.drafting;

import io.vigil.activities.common.ActivityLog;
import io.vigil.infra.persistence.ApprovalRepository;
import io.vigil.infra.persistence.Customer;
import io.vigil.infra.persistence.User;
import io.vigil.workflows.common.ApprovalKind;
import io.vigil.workflows.common.DraftRef;
import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Holds every playbook's drafted email for its CSM's approval: one approval row per idempotency key
 * (a retried draft finds the row it inserted) and one {@code email_drafted} line in the customer's
 * activity. The workflow then waits on it with {@code ApprovalGate}.
 */
@Singleton
public class Drafts {
  private final ApprovalRepository approvals;
  private final ActivityLog log;

  public Drafts(ApprovalRepository approvals, ActivityLog log) {
    this.approvals = approvals;
    this.log = log;
  }

  /** A rendered email to {@code to} (the customer's champion unless said otherwise), drafted for {@code csm} to approve. */
  public record Draft(String key, String workflowId, Customer customer, User csm, ApprovalKind kind,
      Templates.Rendered email, String to) {
    /** A draft to the customer's champion. */
    public Draft(String key, String workflowId, Customer customer, User csm, ApprovalKind kind, Templates.Rendered email) {
      this(key, workflowId, customer, csm, kind, email, customer.championEmail());
    }
  }

  /**
   * Offers {@code meetingSlots} in the draft's template {@code context}, in the customer's time zone;
   * answers the slots offered (none when the slots step found none or was not asked).
   */
  public static List<String> offerSlots(Map<String, Object> context, Customer customer, List<String> meetingSlots) {
    List<String> slots = meetingSlots == null ? List.of() : meetingSlots;
    context.put("slots", slots);
    context.put("slot_timezone", MeetingSlotActivitiesImpl.zoneOf(customer).getId());
    return slots;
  }

  /**
   * Holds the draft (once per key) and logs it with {@code details} besides its approval id and
   * recipient; answers what the workflow waits on.
   */
  public DraftRef hold(Draft draft, Map<String, Object> details) {
    Customer customer = draft.customer();
    String approvalId = approvals.insertOnce(newApprovalId(), draft.key(), draft.workflowId(), customer.id(),
        draft.kind().label(), draft.csm().id(), draft.to(), draft.email().subject(), draft.email().body());
    Map<String, Object> logged = new LinkedHashMap<>();
    logged.put("approvalId", approvalId);
    logged.put("to", draft.to());
    logged.putAll(details);
    log.append(draft.key(), customer.id(), draft.workflowId(), "email_drafted", logged);
    return new DraftRef(approvalId, draft.csm().id(), draft.csm().name());
  }

  /** A fresh id; a retry keeps the first one, since the row is found by its idempotency key. */
  private static String newApprovalId() {
    return "apr_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
  }
}
