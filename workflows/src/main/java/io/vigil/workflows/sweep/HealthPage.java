package io.vigil.workflows.sweep;

/**
 * One page of the daily health scoring: the customers after the cursor up to {@code lastCustomerId}
 * (the next cursor), how many there were and how many got a score (the others had no data for any
 * component). {@code last}: no customers follow.
 */
public record HealthPage(String lastCustomerId, boolean last, int customers, int scored) {}
