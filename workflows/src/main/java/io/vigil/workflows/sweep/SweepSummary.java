package io.vigil.workflows.sweep;

import java.time.LocalDate;

/** {@code adoption*}: what the adoption detector of the same sweep started and held back. */
public record SweepSummary(LocalDate asOf, long evaluated, int alertsStarted, int suppressed, String skipped,
    int adoptionAlertsStarted, int adoptionSuppressed) {}
