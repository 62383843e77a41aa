package io.vigil.activities.churn;

/** One documented model input: its column name, what it measures, and its unit (docs/churn.md). */
public record ChurnFeature(String name, String meaning, String unit) {}
