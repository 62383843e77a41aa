package io.vigil.infra.persistence;

import java.util.List;
import java.util.Map;

/** What one detection query found: the drops, and the customers of its scope it could not evaluate, with why. */
public record DropScan(List<DetectedDrop> drops, Map<String, String> skipped) {
  /** No rollup for the evaluated day, or fewer rolled-up baseline weeks than the rule compares with. */
  public static final String NOT_ENOUGH_HISTORY = "notEnoughHistory";
  /** A full baseline, but below the minimum users (and feature uses) everywhere: too small to judge a drop. */
  public static final String BASELINE_TOO_SMALL = "baselineTooSmall";
}
