package io.vigil.workflows.common;

/**
 * What an approval row holds after {@code recordDecision}: its status and who decided it. The
 * decision took when both match the decision that was recorded, whether this attempt wrote it or an
 * earlier attempt of the same activity did.
 */
public record RecordedDecision(String status, String decidedBy) {

  /** True when the row holds {@code decision}: its verdict, by the same person. */
  public boolean holds(DraftDecision decision) {
    return decision.verdict().status().equals(status) && decision.decidedBy().equals(decidedBy);
  }
}
