package io.vigil.activities.tickets;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * How a model does on tickets it was not trained on: accuracy, and precision and recall per
 * category (docs/insights.md records the figures; TicketModelAccuracyTest holds the model to them).
 */
public record HeldOutEvaluation(int tickets, int correct, Map<TicketCategory, Scores> perCategory) {
  public record Scores(int support, int predicted, int correct) {
    public double precision() {
      return predicted == 0 ? 0 : (double) correct / predicted;
    }

    public double recall() {
      return support == 0 ? 0 : (double) correct / support;
    }
  }

  public static HeldOutEvaluation of(TicketModel model, List<LabeledTicket> heldOut) {
    Map<TicketCategory, int[]> counts = new EnumMap<>(TicketCategory.class);
    for (TicketCategory category : TicketCategory.values()) {
      counts.put(category, new int[3]);
    }
    int correct = 0;
    for (LabeledTicket ticket : heldOut) {
      TicketCategory predicted = model.classify(ticket.subject(), ticket.body()).category();
      counts.get(ticket.category())[0]++;
      counts.get(predicted)[1]++;
      if (predicted == ticket.category()) {
        counts.get(predicted)[2]++;
        correct++;
      }
    }
    Map<TicketCategory, Scores> scores = new EnumMap<>(TicketCategory.class);
    counts.forEach((category, c) -> scores.put(category, new Scores(c[0], c[1], c[2])));
    return new HeldOutEvaluation(heldOut.size(), correct, scores);
  }

  public double accuracy() {
    return tickets == 0 ? 0 : (double) correct / tickets;
  }

  /** A Markdown table of the figures, as docs/insights.md shows them. */
  public String table() {
    StringBuilder text = new StringBuilder("| category | held-out tickets | precision | recall |\n| --- | --- | --- | --- |\n");
    perCategory.forEach((category, s) -> text.append("| ").append(category.wireName()).append(" | ").append(s.support())
        .append(" | ").append(String.format(java.util.Locale.ROOT, "%.2f", s.precision())).append(" | ")
        .append(String.format(java.util.Locale.ROOT, "%.2f", s.recall())).append(" |\n"));
    return text.append(String.format(java.util.Locale.ROOT, "accuracy %d/%d = %.3f%n", correct, tickets, accuracy()))
        .toString();
  }
}
