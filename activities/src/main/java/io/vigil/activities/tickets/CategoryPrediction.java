package io.vigil.activities.tickets;

import java.util.List;

/**
 * A ticket's predicted category, the model's probability for it, and the words that decided it:
 * those whose removal lowers that probability most. {@code source} says who predicted it:
 * {@code classifier}, or {@code llm} when a language model refined a low-confidence prediction.
 */
public record CategoryPrediction(TicketCategory category, double confidence, List<String> decidingWords, String source) {
  public static final String CLASSIFIER = "classifier";
  public static final String LLM = "llm";

  /** The reason as stored and served: the deciding words, or a plain note when none stands out. */
  public String reason() {
    return decidingWords.isEmpty() ? "no word stood out; the category's prior decided"
        : String.join(", ", decidingWords);
  }
}
