package io.vigil.activities.churn;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Why a customer's probability is what it is: XGBoost's tree SHAP contributions (exact Shapley
 * values of the trees, {@code Booster.predictContrib}) per feature, in log-odds of churn, largest
 * |effect| first, each with a sentence a CSM can read. A feature's effects, the bias and nothing
 * else add up to the row's log-odds, so the list is the whole explanation, not a heuristic beside it.
 */
public final class ChurnContributions {
  /** One feature's share of a prediction: positive effects raise the risk. */
  public record Contribution(String feature, float value, double effect, String text) {}

  /** A row's contributions, largest |effect| first, and the bias (the log-odds before any feature). */
  public record Explanation(List<Contribution> contributions, double bias) {
    public Explanation {
      contributions = List.copyOf(contributions);
    }

    /** The top {@code n} contributions. */
    public List<Contribution> top(int n) {
      return contributions.subList(0, Math.min(n, contributions.size()));
    }
  }

  private final ChurnModel model;
  private final ContributionText texts;

  public ChurnContributions(ChurnModel model, ContributionText texts) {
    this.model = model;
    this.texts = texts;
  }

  /** Every feature's contribution for each row; features with no effect at all are left out. */
  public List<Explanation> explain(float[][] rows) {
    String[] names = model.featureNames();
    double[][] contributions = model.contributions(rows);
    List<Explanation> out = new ArrayList<>(rows.length);
    for (int r = 0; r < rows.length; r++) {
      List<Contribution> list = new ArrayList<>();
      for (int f = 0; f < names.length; f++) {
        double effect = contributions[r][f];
        if (effect != 0) {
          list.add(new Contribution(names[f], rows[r][f], effect, texts.text(names[f], rows[r][f], effect)));
        }
      }
      list.sort(Comparator.comparingDouble((Contribution c) -> Math.abs(c.effect())).reversed()
          .thenComparing(Contribution::feature));
      out.add(new Explanation(list, contributions[r][names.length]));
    }
    return out;
  }
}
