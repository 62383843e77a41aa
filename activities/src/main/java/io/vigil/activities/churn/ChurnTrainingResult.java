package io.vigil.activities.churn;

import java.time.LocalDate;
import java.util.List;
import java.util.stream.Collectors;

/** What {@link ChurnTrainer#train} answers: a model with its held-out figures, or why there is none. */
public sealed interface ChurnTrainingResult {

  /**
   * A model trained on {@code trainedOn} and measured on {@code evaluatedOn}, which it never saw.
   *
   * @param rounds boosting rounds kept (the validation slice's best, plus one)
   */
  record Trained(ChurnModel model, Period trainedOn, Period evaluatedOn, int rounds, ChurnEvaluation evaluation)
      implements ChurnTrainingResult {}

  /**
   * Too few churn events to learn from or to judge by: nothing is trained and nothing should
   * predict. Each count is of distinct customers with a churn label in one period.
   */
  record TooLittleHistory(List<ChurnEvents> periods) implements ChurnTrainingResult {
    public TooLittleHistory {
      periods = List.copyOf(periods);
    }

    /** The periods below their minimum. */
    public List<ChurnEvents> shortfalls() {
      return periods.stream().filter(p -> p.found() < p.needed()).toList();
    }

    public String reason() {
      return "too little history to train a churn model: " + periods.stream()
          .map(p -> p.found() + " churned customers in the " + p.period() + " (at least " + p.needed() + " needed)")
          .collect(Collectors.joining(", "));
    }
  }

  /** Churn events found in a period, and the minimum it needs. */
  record ChurnEvents(String period, int found, int needed) {}

  /**
   * Rows of as-of days {@code from} to {@code to} inclusive (null when the period holds no row).
   *
   * @param customers distinct customers among the rows
   * @param churnEvents distinct customers with a churn label among the rows
   */
  record Period(LocalDate from, LocalDate to, int rows, int customers, int churnEvents) {}
}
