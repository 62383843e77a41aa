package io.vigil.app.incidents;

import java.time.Instant;
import java.util.Locale;

/** Lenient readings of what incident tools send: priorities in several shapes, epoch times in several units. */
final class Severities {
  private Severities() {}

  /** 3, "3", "P3", "p3", "SEV3" → "P3"; P5 and lower become P4; anything else null. */
  static String priority(Object value) {
    if (value == null) {
      return null;
    }
    String digits = value.toString().trim().toUpperCase(Locale.ROOT).replaceAll("^(P|SEV|SEV-|PRIORITY)\\s*", "");
    if (!digits.matches("\\d+")) {
      return null;
    }
    int level = Integer.parseInt(digits);
    return level < 1 ? null : "P" + Math.min(level, 4);
  }

  /** Epoch seconds, milliseconds, microseconds or nanoseconds (Opsgenie's updatedAt), by magnitude. */
  static Instant epoch(long value) {
    if (value > 100_000_000_000_000_000L) {
      return Instant.ofEpochSecond(value / 1_000_000_000L, value % 1_000_000_000L);
    }
    if (value > 100_000_000_000_000L) {
      return Instant.ofEpochSecond(value / 1_000_000L, (value % 1_000_000L) * 1_000L);
    }
    if (value > 100_000_000_000L) {
      return Instant.ofEpochMilli(value);
    }
    return Instant.ofEpochSecond(value);
  }
}
