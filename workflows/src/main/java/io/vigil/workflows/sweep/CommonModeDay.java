package io.vigil.workflows.sweep;

import java.time.LocalDate;

/**
 * A day on which too large a share of a group ({@code group}: {@code portfolio}, or
 * {@code country:XX}) dropped at once: a holiday, an outage or broken ingestion rather than
 * customers churning together. The day is not evaluated for the group's customers; {@code message}
 * says so to people ("62% of customers dropped on 2026-11-26: holiday or data gap?").
 */
public record CommonModeDay(String group, LocalDate day, long evaluated, long dropped, double percent, String message) {}
