package io.vigil.workflows.incident;

public record ImpactedCustomer(String customerId, String csmId, String impactLevel) {
  public boolean high() {
    return "high".equals(impactLevel);
  }
}
