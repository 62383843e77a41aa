package io.vigil.activities.tickets;

import io.micronaut.context.annotation.Requires;
import io.vigil.infra.llm.ChatCompletions;
import jakarta.inject.Singleton;
import java.util.Locale;
import java.util.Optional;

/**
 * Asks a language model ({@link ChatCompletions}, present when {@code VIGIL_LLM_URL} is set) to pick
 * the category of a ticket the classifier is unsure of. Only an answer naming exactly one category
 * counts; the confidence and the deciding words stay the classifier's, the source says {@code llm}.
 */
@Singleton
@Requires(beans = ChatCompletions.class)
public class LlmCategoryRefiner implements CategoryRefiner {
  /** The text sent is cut here: the category shows in the first paragraphs, and tokens cost money. */
  static final int MAX_CHARS = 4_000;
  static final String INSTRUCTION = "You categorize B2B SaaS support tickets. Answer with exactly one of: "
      + String.join(", ", TicketCategory.wireNames()) + ". No other words.";

  private final ChatCompletions llm;

  public LlmCategoryRefiner(ChatCompletions llm) {
    this.llm = llm;
  }

  @Override
  public Optional<CategoryPrediction> refine(String subject, String body, CategoryPrediction prediction) {
    String text = "Subject: " + subject + "\n\n" + body;
    return llm.complete(INSTRUCTION, text.length() > MAX_CHARS ? text.substring(0, MAX_CHARS) : text)
        .flatMap(LlmCategoryRefiner::category)
        .map(category -> new CategoryPrediction(category, prediction.confidence(), prediction.decidingWords(),
            CategoryPrediction.LLM));
  }

  /** The one category the answer names, ignoring case, spaces and punctuation around it. */
  static Optional<TicketCategory> category(String answer) {
    String normalized = answer.strip().toLowerCase(Locale.ROOT).replaceAll("[^a-z_ ]", "").strip().replace(' ', '_');
    return TicketCategory.fromWire(normalized);
  }
}
