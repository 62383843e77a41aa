package io.vigil.workflows.sweep;

/**
 * One batch of dispatch: the stored alerts after the cursor up to {@code lastCustomerId}, how many
 * started a check-in and how many were handed, as suppressed, to one already running or cooling
 * down. {@code last}: no alerts follow.
 */
public record DispatchedBatch(String lastCustomerId, boolean last, int alerts, int started, int suppressed) {}
