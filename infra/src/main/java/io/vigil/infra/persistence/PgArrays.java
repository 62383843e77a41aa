package io.vigil.infra.persistence;

import java.util.Collection;
import java.util.stream.Collectors;

/** PostgreSQL array literals for repository parameters cast with {@code CAST(:x AS text[])}. */
public final class PgArrays {
  private PgArrays() {}

  public static String literal(Collection<String> values) {
    return values.stream()
        .map(v -> "\"" + v.replace("\\", "\\\\").replace("\"", "\\\"") + "\"")
        .collect(Collectors.joining(",", "{", "}"));
  }
}
