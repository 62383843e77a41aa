package io.vigil.workflows.risk;

/** Who an escalation's message goes to. */
public enum EscalationRecipient {
  CSM,
  /** The CSM's manager ({@code users.manager_id}); without one, see RiskEscalationActivities#notifyEscalation. */
  MANAGER;

  public String label() {
    return name().toLowerCase();
  }
}
