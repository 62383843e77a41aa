package io.vigil.workflows.sweep;

/** The adoption detector's part of the sweep: customers evaluated, enablements started and suppressed. */
public record AdoptionSwept(long evaluated, int started, int suppressed, String skipReason) {}
