package io.vigil.workflows.common;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * What a held draft is, as stored in {@code approvals.kind} and carried in recorded histories: each
 * serializes by its {@link #label()}, so the database, the API and old histories read the same.
 */
public enum ApprovalKind {
  USAGE_DROP_CHECKIN,
  ADOPTION_ENABLEMENT,
  INCIDENT_OUTREACH,
  INCIDENT_RESOLUTION,
  SILENCE_CHECKIN,
  /** An engineering escalation was fixed: each affected customer is told (issue 10). */
  ESCALATION_FIXED,
  DETRACTOR_REPLY;

  @JsonValue
  public String label() {
    return name().toLowerCase();
  }

  @JsonCreator
  public static ApprovalKind fromLabel(String label) {
    return valueOf(label.toUpperCase());
  }

  @Override
  public String toString() {
    return label();
  }
}
