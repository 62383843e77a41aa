package io.vigil.activities.churn;

/**
 * How {@link ChurnTrainer} splits the history and grows its trees. The defaults are documented in
 * docs/churn.md, "Training"; each is a deliberate choice for a few thousand customers with a few
 * percent churning, not a tuned optimum.
 *
 * @param leadDays the label's horizon ("churned within the next leadDays days"); also the gap left
 *     between a period and the one after it, because a row's label looks that far ahead: a training
 *     row from the last leadDays before the cutoff would carry an outcome from the evaluation period
 * @param validationDays the last days of the training period held back to stop boosting and to
 *     choose the operating threshold
 * @param maxDepth depth of each tree: shallow trees, few interactions, little over-fitting
 * @param eta learning rate: small steps, more rounds, a smoother model
 * @param maxRounds boosting rounds at most; early stopping usually ends sooner
 * @param earlyStoppingRounds rounds without a better validation log loss before boosting stops
 * @param subsample share of rows each tree sees (seeded), against memorising single customers
 * @param colsampleByTree share of features each tree sees (seeded)
 * @param minChildWeight least hessian in a leaf: with rare positives, keeps leaves off lone rows
 * @param seed XGBoost's random seed: the same data and settings give the same model
 * @param threads XGBoost's nthread; 1 keeps training off the other engineers' cores and the
 *     result independent of scheduling
 * @param minTrainingChurnEvents distinct customers with a churn label the training period must hold
 * @param minValidationChurnEvents the same for the validation slice (its log loss steers early stopping, its F1 the threshold)
 * @param minEvaluationChurnEvents the same for the evaluation period (fewer make its metrics noise)
 */
public record ChurnTrainingSettings(
    int leadDays,
    int validationDays,
    int maxDepth,
    double eta,
    int maxRounds,
    int earlyStoppingRounds,
    double subsample,
    double colsampleByTree,
    double minChildWeight,
    long seed,
    int threads,
    int minTrainingChurnEvents,
    int minValidationChurnEvents,
    int minEvaluationChurnEvents) {

  public static ChurnTrainingSettings defaults() {
    return new ChurnTrainingSettings(30, 60, 4, 0.1, 300, 20, 0.8, 0.8, 1.0, 13L, 1, 20, 5, 5);
  }

  public ChurnTrainingSettings {
    if (leadDays < 1 || validationDays < 1 || maxDepth < 1 || maxRounds < 1 || earlyStoppingRounds < 1 || threads < 1) {
      throw new IllegalArgumentException("lead, validation days, depth, rounds, early stopping and threads must be positive");
    }
    if (!(eta > 0 && eta <= 1) || !(subsample > 0 && subsample <= 1) || !(colsampleByTree > 0 && colsampleByTree <= 1)) {
      throw new IllegalArgumentException("eta, subsample and colsampleByTree must be in (0, 1]");
    }
  }

  public ChurnTrainingSettings withThreads(int n) {
    return new ChurnTrainingSettings(leadDays, validationDays, maxDepth, eta, maxRounds, earlyStoppingRounds, subsample,
        colsampleByTree, minChildWeight, seed, n, minTrainingChurnEvents, minValidationChurnEvents,
        minEvaluationChurnEvents);
  }

  public ChurnTrainingSettings withSeed(long s) {
    return new ChurnTrainingSettings(leadDays, validationDays, maxDepth, eta, maxRounds, earlyStoppingRounds, subsample,
        colsampleByTree, minChildWeight, s, threads, minTrainingChurnEvents, minValidationChurnEvents,
        minEvaluationChurnEvents);
  }
}
