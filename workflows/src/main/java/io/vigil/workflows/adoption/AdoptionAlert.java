package io.vigil.workflows.adoption;

import io.vigil.workflows.common.ApprovalPolicy;
import io.vigil.workflows.common.Severity;
import java.time.LocalDate;
import java.util.List;

/**
 * A customer's stalled features as one sweep found them, aggregated into one alert, most important
 * first. {@code priority} ranks alerts across customers (importance-weighted ARR); {@code asOf}
 * makes the alert's business key with the workflow id.
 */
public record AdoptionAlert(
    String customerId,
    String customerName,
    String csmId,
    LocalDate asOf,
    Severity severity,
    long priority,
    List<StalledFeature> features,
    ApprovalPolicy approval) {

  public StalledFeature leadFeature() {
    return features.get(0);
  }

  /** The business key every side effect of this alert is keyed under. */
  public String alertKey() {
    return AdoptionEnablementWorkflow.workflowId(customerId) + "@" + asOf;
  }

  /** "Advanced Analytics", "Analytics and Workflows", "Analytics, Workflows and Alerts". */
  public String featureNames() {
    List<String> names = features.stream().map(StalledFeature::featureName).toList();
    if (names.size() == 1) {
      return names.get(0);
    }
    return String.join(", ", names.subList(0, names.size() - 1)) + " and " + names.get(names.size() - 1);
  }

  /** "Adoption stalled: Advanced Analytics (score 15/100, day 45)". */
  public String summary() {
    StalledFeature lead = leadFeature();
    String more = features.size() > 1 ? " and " + (features.size() - 1) + " more" : "";
    return "Adoption stalled: " + lead.featureName() + " (score " + lead.usageScore() + "/100"
        + (lead.daysSinceActivation() == null ? "" : ", day " + lead.daysSinceActivation()) + ")" + more;
  }
}
