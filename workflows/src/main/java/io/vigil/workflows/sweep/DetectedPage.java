package io.vigil.workflows.sweep;

import java.util.Map;

/**
 * One page of detection: the customers after the cursor up to {@code lastCustomerId} (the next
 * cursor), how many were evaluated, how many skipped and why ({@code notEnoughHistory},
 * {@code baselineTooSmall}), and how many alerts the page stored for dispatch. {@code last}: no
 * customers follow.
 */
public record DetectedPage(String lastCustomerId, boolean last, int customers, int evaluated,
    Map<String, Integer> skipped, int alerts) {}
