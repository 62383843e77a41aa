package io.vigil.activities.tickets;

import java.util.Optional;

/**
 * A second opinion on a prediction the classifier is unsure of (a language model, see
 * {@link LlmCategoryRefiner}). Empty when it has none or cannot be reached: the classifier's
 * prediction then stands, so no ticket ever waits on, or fails for, the refiner.
 */
public interface CategoryRefiner {
  Optional<CategoryPrediction> refine(String subject, String body, CategoryPrediction prediction);
}
