package io.vigil.workflows.report;

/**
 * The stored report of a week, in counts (the content stays in the database): whether this call
 * computed it or found it stored, and what it holds.
 */
public record CompiledReport(String week, boolean computedNow, int atRisk, int churnRisks, int expansionOpportunities,
    int priorities) {}
