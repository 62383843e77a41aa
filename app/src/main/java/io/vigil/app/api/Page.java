package io.vigil.app.api;

import io.micronaut.core.annotation.Nullable;
import java.util.List;

/**
 * One page of a list: its items, and the cursor of the next page ({@code null} on the last page).
 * Every list endpoint answers this shape; see {@link Keyset}.
 */
public record Page<T>(List<T> items, @Nullable String nextCursor) {}
