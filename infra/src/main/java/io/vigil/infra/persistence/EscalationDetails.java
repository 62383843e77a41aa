package io.vigil.infra.persistence;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.util.List;

/**
 * What an escalation says besides its counts, kept as JSON ({@code escalations.details}): the
 * customers and their words for every type; RICE inputs for a product gap; the confusion points and
 * suggested improvements for a documentation gap; the impact behind a bug's priority.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EscalationDetails(List<EscalatedCustomer> customers, List<String> quotes, Rice rice,
    List<String> confusionPoints, List<String> suggestedImprovements, String impact) {

  /** A customer behind an escalation; {@code csmId} is whom to tell when it is fixed. */
  public record EscalatedCustomer(String id, String name, BigDecimal arr, String csmId) {}

  /**
   * RICE inputs (Intercom's prioritization: Reach × Impact × Confidence ÷ Effort); effort is product's
   * to estimate, so no score is computed here.
   */
  public record Rice(int reach, double impact, double confidence, String notes) {}
}
