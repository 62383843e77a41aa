package io.vigil.workflows.sweep;

import io.temporal.activity.ActivityInterface;
import java.time.LocalDate;

@ActivityInterface
public interface SweepActivities {
  /** Rolls up the day's usage, runs every detector as of {@code asOf} and starts or signals workflows. */
  SweepSummary sweep(LocalDate asOf);
}
