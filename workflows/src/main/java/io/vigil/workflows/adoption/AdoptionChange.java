package io.vigil.workflows.adoption;

/** A stalled feature's adoption at the alert against its adoption at the follow-up. */
public record AdoptionChange(
    String featureId, String featureName, int scoreAtAlert, int scoreNow, String stageAtAlert, String stageNow,
    boolean stillStalled) {

  public int change() {
    return scoreNow - scoreAtAlert;
  }
}
