package io.vigil.workflows.incident;

import java.math.BigDecimal;

/**
 * What {@code assessImpact} answers once the incident's impact is stored in {@code
 * incident_customer_impact}: counts, not the customers, so the answer stays small whatever the
 * portfolio. {@code lastImpactId} is the newest impact row (customers affected later get larger
 * ones: the CSMs of rows past a round's mark are the ones with news); {@code highImpactDigest}
 * changes whenever the set of high-impact customers does (drafts are looked for again only then).
 */
public record ImpactSummary(
    int affectedCustomers, int highImpact, int csms, BigDecimal totalArr, long lastImpactId, String highImpactDigest) {

  public static final ImpactSummary NONE = new ImpactSummary(0, 0, 0, BigDecimal.ZERO, 0, "");
}
