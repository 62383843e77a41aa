package io.vigil.workflows.silence;

import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import io.vigil.workflows.common.HoldsDrafts;
import io.vigil.workflows.common.PlaybookStarts;
import io.vigil.workflows.common.Severity;

/**
 * One per customer, id {@code silence-checkin/<customerId>}: a yellow customer without contact for
 * 30 days gets a check-in drafted for its CSM's approval; a contact made while the draft waits
 * withdraws it; the run then stays open for its cooldown, so the same silence is not checked in on
 * again (the sweep's start finds it running and does nothing).
 */
@WorkflowInterface
public interface SilenceCheckinWorkflow extends HoldsDrafts {
  String TYPE = "SilenceCheckin";
  String ID_PREFIX = "silence-checkin/";
  /** A silence is a yellow customer's: not a drop, so the lowest severity, for filtering with the others. */
  Severity SEVERITY = Severity.MEDIUM;

  @WorkflowMethod(name = TYPE)
  SilenceState run(SilenceAlert alert);

  /** A touchpoint recorded (or an email sent) for the customer while this runs: a pending draft is no longer needed. */
  @SignalMethod
  void recordContact(ContactMade contact);

  @QueryMethod
  SilenceState getState();

  static String workflowId(String customerId) {
    return ID_PREFIX + customerId;
  }

  static String customerIdOf(String workflowId) {
    return PlaybookStarts.idAfter(ID_PREFIX, workflowId);
  }

  static WorkflowOptions startOptions(SilenceAlert alert, String origin) {
    return PlaybookStarts.forCustomer(workflowId(alert.customerId()), origin,
        "Check-in after silence for " + alert.customerName() + ": " + alert.summary(),
        alert.customerId(), alert.csmId(), SEVERITY);
  }

  static SilenceCheckinWorkflow starting(WorkflowClient client, SilenceAlert alert, String origin) {
    return client.newWorkflowStub(SilenceCheckinWorkflow.class, startOptions(alert, origin));
  }

  static SilenceCheckinWorkflow running(WorkflowClient client, String customerId) {
    return client.newWorkflowStub(SilenceCheckinWorkflow.class, workflowId(customerId));
  }
}
