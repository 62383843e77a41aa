package io.vigil.workflows.sweep;

/** The steps of a sweep, in order. */
public enum SweepStage {
  ROLLING_UP,
  DETECTING,
  DISPATCHING,
  ADOPTION,
  DONE
}
