package io.vigil.workflows.sweep;

/** The steps of a sweep, in order. */
public enum SweepStage {
  ROLLING_UP,
  DETECTING,
  DISPATCHING,
  ADOPTION,
  /** Scoring every customer's health, page after page (version {@code health-step}). */
  HEALTH,
  DONE
}
