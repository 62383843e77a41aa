package io.vigil.app.api;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * Instants read from text fields, so that a malformed one is one more problem listed in a batch's
 * 400 rather than the end of reading it: ISO-8601, within the years Vigil accepts.
 */
public final class Instants {
  public static final String MESSAGE = "must be an ISO-8601 instant such as 2026-11-10T10:00:00Z";

  private Instants() {}

  /** The instant, or null with the problem added to {@code errors}. */
  public static Instant parse(String text, String field, List<ApiError.FieldError> errors) {
    try {
      Instant at = Instant.parse(text.strip());
      if (!JsonGuards.inEra(at.atZone(ZoneOffset.UTC).toLocalDate())) {
        errors.add(new ApiError.FieldError(field, JsonGuards.ERA));
        return null;
      }
      return at;
    } catch (DateTimeParseException ex) {
      errors.add(new ApiError.FieldError(field, MESSAGE));
      return null;
    }
  }

  /** A query bound: an instant, or a date meaning its start (UTC); null for none; a 400 otherwise. */
  public static Instant bound(String text, String parameter) {
    if (text == null) {
      return null;
    }
    Instant at;
    try {
      at = text.contains("T") ? Instant.parse(text.strip())
          : LocalDate.parse(text.strip()).atStartOfDay(ZoneOffset.UTC).toInstant();
    } catch (DateTimeParseException e) {
      throw ApiError.badRequest(parameter, "must be a date (2026-11-10) or an ISO-8601 instant (2026-11-10T10:00:00Z)");
    }
    if (!JsonGuards.inEra(at.atZone(ZoneOffset.UTC).toLocalDate())) {
      throw ApiError.badRequest(parameter, JsonGuards.ERA);
    }
    return at;
  }
}
