package io.vigil.workflows.silence;

import static io.vigil.workflows.common.BestEffort.bestEffort;

import io.temporal.activity.ActivityOptions;
import io.temporal.workflow.Workflow;
import io.vigil.workflows.common.ActivityLogActivities;
import io.vigil.workflows.common.ActivityProfiles;
import io.vigil.workflows.common.ApprovalOutcome;
import io.vigil.workflows.common.BestEffort.Step;
import io.vigil.workflows.common.DraftRef;
import io.vigil.workflows.common.LogEntry;
import io.vigil.workflows.common.PlaybookWorkflow;
import io.vigil.workflows.common.SuggestedSlots;
import io.vigil.workflows.common.TemporalLimits;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

public class SilenceCheckinWorkflowImpl extends PlaybookWorkflow implements SilenceCheckinWorkflow {
  private SilenceAlert alert;
  private String stage = "starting";
  private DraftRef draft;
  private String approvalStatus;
  private ContactMade contact;
  private Instant cooldownUntil;

  @Override
  public SilenceState run(SilenceAlert alert) {
    this.alert = alert;
    String key = alert.alertKey();
    cooldownUntil = now().plus(alert.cooldown());
    stage("recording the silence");
    Map<String, Object> found = new LinkedHashMap<>();
    found.put("asOf", alert.asOf().toString());
    found.put("silentSince", alert.silentSince().toString());
    found.put("silentDays", alert.silentDays());
    found.put("lastContact", String.valueOf(alert.lastContact()));
    found.put("healthScore", String.valueOf(alert.healthScore()));
    log(key + "/silence-detected", "silence_detected", found);

    if (contact == null) {
      stage("looking for a contact since the sweep");
      contact = silence(ActivityProfiles.DATABASE, "Look for a contact after " + alert.lastContact())
          .findSilenceContact(alert);
    }
    if (contact == null) {
      stage("drafting the check-in email");
      draft = SuggestedSlots.thenDraft(key, alert.customerId(), (profile, slots) ->
          silence(profile, "Draft check-in email to " + alert.customerName()).draftSilenceCheckin(key + "/draft", alert, slots));
      approvalStatus = "pending";
      if (contact != null) { // a touchpoint arrived while the draft was being written
        approvalGate.withdraw(draft.approvalId(), withdrawalReason());
      }
      stage("notifying the CSM");
      bestEffort(Step.of(key + "/notify-csm", alert.customerId(), "notify-csm",
              "the CSM was not told; the draft still waits in their pending approvals"),
          () -> silence(ActivityProfiles.NOTIFICATION, "Slack DM to CSM " + alert.csmId() + " (email if Slack is not connected)")
              .notifyCsmOfSilence(key + "/notify-csm", alert, draft.approvalId()));
      stage("waiting for approval by " + draft.approverName());
      ApprovalOutcome outcome = approvalGate.awaitDecision(draft, alert.approval(), key, alert.customerId());
      approvalStatus = outcome.status().name().toLowerCase();
    }

    stage("cooling down until " + cooldownUntil);
    Duration remaining = Duration.between(now(), cooldownUntil);
    if (!remaining.isNegative() && !remaining.isZero()) {
      Workflow.sleep(remaining);
    }
    Map<String, Object> closed = new LinkedHashMap<>();
    closed.put("approvalStatus", String.valueOf(approvalStatus));
    closed.put("contact", contact == null ? "none" : contact.describe());
    log(key + "/closed", "silence_checkin_closed", closed);
    stage("done");
    return getState();
  }

  @Override
  public void recordContact(ContactMade contact) {
    if (this.contact != null || (alert != null && alert.lastContact() != null && !contact.at().isAfter(alert.lastContact()))) {
      return; // the first contact ended the silence; a later one, or one dated before it, changes nothing
    }
    this.contact = contact;
    if (draft != null && "pending".equals(approvalStatus)) {
      approvalGate.withdraw(draft.approvalId(), withdrawalReason());
    }
  }

  @Override
  public SilenceState getState() {
    return new SilenceState(stage, draft == null ? null : draft.approvalId(), approvalStatus, contact, cooldownUntil);
  }

  private String withdrawalReason() {
    return "no longer needed: contact resumed with " + contact.describe();
  }

  private void stage(String stage) {
    this.stage = stage;
    Workflow.setCurrentDetails(TemporalLimits.details(alert.customerName() + ": " + stage));
  }

  private void log(String key, String action, Map<String, Object> details) {
    Workflow.newActivityStub(ActivityLogActivities.class, ActivityProfiles.withSummary(ActivityProfiles.DATABASE, "Log " + action))
        .log(new LogEntry(key, alert.customerId(), Workflow.getInfo().getWorkflowId(), action, details));
  }

  private static SilenceActivities silence(ActivityOptions profile, String summary) {
    return Workflow.newActivityStub(SilenceActivities.class, ActivityProfiles.withSummary(profile, summary));
  }
}
