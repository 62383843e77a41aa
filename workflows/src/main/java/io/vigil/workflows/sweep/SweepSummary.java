package io.vigil.workflows.sweep;

import java.time.LocalDate;

public record SweepSummary(LocalDate asOf, long evaluated, int alertsStarted, int suppressed, String skipped) {}
