package io.vigil.activities.common;

import io.vigil.infra.persistence.RiskSignalRepository;
import io.vigil.infra.slack.SlackBlocks.Buttons;
import jakarta.inject.Singleton;

/** The buttons under a playbook's Slack DM (docs/slack.md): View opens a dashboard page, the others act. */
@Singleton
public class DmButtons {
  private final Links links;
  private final RiskSignalRepository riskSignals;

  public DmButtons(Links links, RiskSignalRepository riskSignals) {
    this.links = links;
    this.riskSignals = riskSignals;
  }

  public Buttons customer(String customerId) {
    return Buttons.view(links.customer(customerId), "View customer");
  }

  /** The queue of drafts waiting, of one customer or (null) all. */
  public Buttons drafts(String customerId) {
    return Buttons.view(links.pendingApprovals(customerId), "View drafts");
  }

  /** A held draft: View (the draft beside the queue), Approve, Edit, Reject. */
  public Buttons draft(String approvalId) {
    return new Buttons(links.approval(approvalId), "View draft", approvalId, null);
  }

  /**
   * The alert DM {@code dmStepKey} once its playbook's draft exists: View draft, Approve, Edit, Reject,
   * and Snooze while the alert is still open (a snoozed or closed alert has nothing left to snooze).
   */
  public Buttons alertWithDraft(String dmStepKey, String approvalId) {
    Long openSignal = riskSignals.findOpenIdByIdempotencyKey(riskSignalKey(dmStepKey)).orElse(null);
    return new Buttons(links.approval(approvalId), "View draft", approvalId, openSignal);
  }

  /**
   * An alert: View customer and Snooze. The playbook recorded its risk signal under {@code <run>/risk-signal}
   * before its DM step {@code <run>/<step>} ran; without one (recording failed) the DM has no Snooze.
   */
  public Buttons alert(String customerId, String dmStepKey) {
    Long signalId = riskSignals.findIdByIdempotencyKey(riskSignalKey(dmStepKey)).orElse(null);
    return new Buttons(links.customer(customerId), "View customer", null, signalId);
  }

  /** The key under which the playbook run that takes DM step {@code dmStepKey} recorded its risk signal. */
  static String riskSignalKey(String dmStepKey) {
    return dmStepKey.substring(0, dmStepKey.lastIndexOf('/') + 1) + "risk-signal";
  }
}
