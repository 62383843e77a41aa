package io.vigil.workflows.silence;

import io.temporal.workflow.Workflow;
import io.vigil.workflows.common.ActivityLogActivities;
import io.vigil.workflows.common.ActivityProfiles;
import io.vigil.workflows.common.LogEntry;
import io.vigil.workflows.common.PlaybookWorkflow;
import java.util.Map;

/** A changed check-in that looks for a contact before logging the silence: recorded histories must refuse it. */
public class ContactFirstSilenceCheckinWorkflowImpl extends PlaybookWorkflow implements SilenceCheckinWorkflow {
  @Override
  public SilenceState run(SilenceAlert alert) {
    Workflow.newActivityStub(SilenceActivities.class, ActivityProfiles.DATABASE).findSilenceContact(alert);
    Workflow.newActivityStub(ActivityLogActivities.class, ActivityProfiles.DATABASE)
        .log(new LogEntry(alert.alertKey() + "/silence-detected", alert.customerId(), Workflow.getInfo().getWorkflowId(),
            "silence_detected", Map.of()));
    return getState();
  }

  @Override
  public void recordContact(ContactMade contact) {}

  @Override
  public SilenceState getState() {
    return new SilenceState("done", null, null, null, null);
  }
}
