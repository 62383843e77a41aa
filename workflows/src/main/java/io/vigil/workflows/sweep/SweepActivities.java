package io.vigil.workflows.sweep;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * The detection sweep's steps. Each heartbeats its progress and, retried, resumes from its last
 * heartbeat; each is safe to repeat (rollups are recomputed, a page's alerts are stored once per
 * sweep and customer, an alert's dispatch is recorded and recognised). Page and batch sizes are the
 * worker's settings ({@code vigil.detection.page-size}, {@code vigil.detection.dispatch-batch-size}).
 */
@ActivityInterface
public interface SweepActivities {
  /**
   * Before the sweep ran in steps (version {@code sweep-in-steps}), one activity rolled up,
   * detected and dispatched everything. Kept for sweeps that started then.
   */
  SweepSummary sweep(LocalDate asOf);

  /** Rolls up what the evaluation as of {@code asOf} needs (missing or stale days), usage and adoption. */
  @ActivityMethod(name = "SweepRollUp")
  SweepPlan rollUp(LocalDate asOf);

  /**
   * How the customers split into slices that workers detect, dispatch and score side by side
   * ({@code vigil.detection.page-size} customers each), and how many slices run at once
   * ({@code vigil.detection.parallel-slices}).
   */
  @ActivityMethod(name = "SweepSlices")
  SweepSlices slices();

  /**
   * Detects the customers of one slice, after {@code afterCustomerId} (null: from the first) up to and
   * including {@code throughCustomerId} (null: to the last), a page at a time, and stores their alerts.
   */
  @ActivityMethod(name = "SweepDetectSlice")
  DetectedPage detectSlice(String sweepId, LocalDate asOf, String afterCustomerId, String throughCustomerId);

  /** Starts or signals the check-ins of the sweep's stored alerts of one slice (bounds as {@link #detectSlice}). */
  @ActivityMethod(name = "SweepDispatchSlice")
  DispatchedBatch dispatchSlice(String sweepId, String afterCustomerId, String throughCustomerId);

  /** Scores the health of one slice's customers as of {@code asOf} (bounds as {@link #detectSlice}). */
  @ActivityMethod(name = "SweepScoreHealthSlice")
  HealthPage scoreHealthSlice(String sweepId, LocalDate asOf, String afterCustomerId, String throughCustomerId);

  /** Detects the next page of customers after {@code afterCustomerId} (null: the first) and stores its alerts. */
  @ActivityMethod(name = "SweepDetectPage")
  DetectedPage detectPage(String sweepId, LocalDate asOf, String afterCustomerId);

  /**
   * Judges the detected day by the evaluated customers' DAU drops by group ({@code tallies}, the
   * pages' sum): for the groups where too many dropped at once, holds the sweep's stored alerts of
   * their customers (never dispatched) and answers the common-mode days.
   */
  @ActivityMethod(name = "SweepCommonMode")
  CommonModeVerdict judgeCommonMode(String sweepId, LocalDate asOf, Map<String, DayTally> tallies);

  /** Tells operators of common-mode days (once per day and group, whatever the retries and reruns). */
  @ActivityMethod(name = "SweepTellOperators")
  void tellOperators(List<CommonModeDay> days);

  /** Starts or signals the check-ins of the next batch of the sweep's stored alerts after {@code afterCustomerId}. */
  @ActivityMethod(name = "SweepDispatchBatch")
  DispatchedBatch dispatchBatch(String sweepId, String afterCustomerId);

  /** The adoption detector as of {@code asOf}, over every customer, starting or signalling enablements. */
  @ActivityMethod(name = "SweepAdoption")
  AdoptionSwept sweepAdoption(String sweepId, LocalDate asOf);

  /**
   * Scores the health of the next page of customers after {@code afterCustomerId} (null: the first)
   * as of {@code asOf} and stores each one's day; a repeat scores the page again and replaces it.
   */
  @ActivityMethod(name = "SweepScoreHealth")
  HealthPage scoreHealthPage(String sweepId, LocalDate asOf, String afterCustomerId);
}
