package io.vigil.workflows.adoption;

/**
 * One stalled feature of an adoption alert: its adoption id (the feature_adoption row), how far it
 * got and why it counts as stalled ({@code low_usage} or {@code behind_timeline}).
 */
public record StalledFeature(
    String adoptionId,
    String featureId,
    String featureName,
    int importance,
    String stage,
    int usageScore,
    int expectedAdoptionDays,
    Integer daysSinceActivation,
    int daysInStage,
    String stallReason) {

  /** "High", "Medium" or "Low", as the PRD 5.1 alert words it. */
  public String importanceLabel() {
    return importance >= 80 ? "High" : importance >= 50 ? "Medium" : "Low";
  }
}
