package io.vigil.app.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.text.NumberFormat;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** How the pages write times, money and labels: one place, so every page says them alike. */
final class PageFormat {
  private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("MMM d, HH:mm 'UTC'", Locale.ENGLISH)
      .withZone(ZoneOffset.UTC);
  private static final ObjectMapper JSON = new ObjectMapper();

  private PageFormat() {}

  static String when(Instant at) {
    return at == null ? "" : WHEN.format(at);
  }

  static String money(BigDecimal amount) {
    NumberFormat format = NumberFormat.getCurrencyInstance(Locale.US);
    format.setMaximumFractionDigits(0);
    return amount == null ? "" : format.format(amount);
  }

  /** A duration in minutes as people say it: "42 min", "3 h 05 min"; "no alert acted on" when there is none. */
  static String minutes(BigDecimal minutes) {
    if (minutes == null) {
      return "no alert acted on";
    }
    long whole = minutes.setScale(0, java.math.RoundingMode.HALF_UP).longValueExact();
    return whole < 60 ? whole + " min" : String.format(Locale.ENGLISH, "%d h %02d min", whole / 60, whole % 60);
  }

  /** {@code usage_anomaly} → "Usage anomaly". */
  static String label(String kind) {
    if (kind == null || kind.isBlank()) {
      return "";
    }
    String words = kind.replace('_', ' ').replace('-', ' ');
    return Character.toUpperCase(words.charAt(0)) + words.substring(1);
  }

  /** A field of a stored jsonb text, or "" when absent or unreadable. */
  static String field(String json, String name) {
    try {
      JsonNode node = json == null ? null : JSON.readTree(json);
      return node == null || !node.path(name).isValueNode() ? "" : node.get(name).asText();
    } catch (IOException e) {
      return "";
    }
  }

  /** The health trend as an arrow a screen reader hears in words. */
  record Trend(String arrow, String css, String words) {}

  static Trend trend(String trend) {
    if (trend == null) {
      return new Trend("", "flat", "no trend yet");
    }
    return switch (trend) {
      case "improving", "up" -> new Trend("↑", "up", "improving");
      case "declining", "down" -> new Trend("↓", "down", "declining");
      default -> new Trend("→", "flat", trend);
    };
  }
}
