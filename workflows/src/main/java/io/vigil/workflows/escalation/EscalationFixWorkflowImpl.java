package io.vigil.workflows.escalation;

import io.temporal.workflow.Workflow;
import io.vigil.workflows.common.ActivityProfiles;
import io.vigil.workflows.common.ApprovalKind;
import io.vigil.workflows.common.PendingDrafts;
import io.vigil.workflows.common.PlaybookWorkflow;

/** Holds the drafts a page at a time in one wave ({@link PendingDrafts}) and waits until each is concluded. */
public class EscalationFixWorkflowImpl extends PlaybookWorkflow implements EscalationFixWorkflow {
  @Override
  public int tellCustomers(Fix fix) {
    PendingDrafts drafts = new PendingDrafts(approvalGate, fix.approval(), fix.pageSize(), (draft, outcome) -> { });
    drafts.start();
    String keyPrefix = EscalationFixWorkflow.workflowId(fix.escalationId());
    int held = 0;
    int wave = -1;
    String cursor = null;
    int page = 0;
    do {
      page++;
      FixedDrafts drafted = Workflow.newActivityStub(EscalationActivities.class, ActivityProfiles.withSummary(
              ActivityProfiles.DATABASE, "Draft the fixed emails (page " + page + ")"))
          .holdFixedDrafts(keyPrefix, fix.escalationId(), cursor, fix.pageSize());
      cursor = drafted.next();
      for (FixedDrafts.Drafted draft : drafted.drafts()) {
        held++;
        if (draft.pending() && !drafts.holds(draft.approvalId())) {
          if (wave < 0) {
            wave = drafts.openWave();
          }
          drafts.hold(new PendingDrafts.Held(draft.approvalId(), draft.customerId(), draft.approverId(),
              ApprovalKind.ESCALATION_FIXED, keyPrefix + "/" + draft.customerId(), wave));
        }
      }
    } while (cursor != null);
    Workflow.await(drafts::allConcluded);
    drafts.rethrowFailure();
    Workflow.await(Workflow::isEveryHandlerFinished);
    return held;
  }
}
