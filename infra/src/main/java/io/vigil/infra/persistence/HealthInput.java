package io.vigil.infra.persistence;

/**
 * One input of a health component for one customer. Either a comparison ({@code value} against
 * {@code baseline}: the model turns their ratio into a 0-100 sub-score), or an adjustment
 * ({@code points} added to the component, e.g. a recent usage drop), or missing
 * ({@code missingReason}: the input could not be computed and is left out, never guessed).
 * {@code label} says in words what it measures, for the answer's sentence.
 */
public record HealthInput(String name, String label, Double value, Double baseline, Double points, String missingReason) {

  public static HealthInput compared(String name, String label, double value, double baseline) {
    return new HealthInput(name, label, value, baseline, null, null);
  }

  public static HealthInput adjustment(String name, String label, double value, double points) {
    return new HealthInput(name, label, value, null, points, null);
  }

  public static HealthInput missing(String name, String label, String reason) {
    return new HealthInput(name, label, null, null, null, reason);
  }

  /** A comparison whose value or baseline is unknown (or a baseline of zero) is missing. */
  public static HealthInput comparedOrMissing(String name, String label, Double value, Double baseline, String whenNoValue,
      String whenNoBaseline) {
    if (value == null) {
      return missing(name, label, whenNoValue);
    }
    if (baseline == null || baseline <= 0) {
      return missing(name, label, whenNoBaseline);
    }
    return compared(name, label, value, baseline);
  }

  public boolean isMissing() {
    return missingReason != null;
  }

  public boolean isAdjustment() {
    return points != null;
  }
}
