package io.vigil.app.incidents;

import io.micronaut.http.HttpStatus;
import io.vigil.app.api.ApiError;
import io.vigil.workflows.incident.IncidentUpdate;
import java.util.ArrayList;
import java.util.List;

/**
 * Refuses, with a 400 naming the fields, an incident update that could never be stored or run,
 * whatever webhook it came from: a NUL character in any text (PostgreSQL cannot hold one, and the
 * update would otherwise be recorded as failed by the workflow), or an external id too long to
 * make a workflow id of. Checked before anything reaches Temporal.
 */
final class StorableUpdates {
  /** Temporal's default limit on a workflow id is 1,000 characters; incident/&lt;source&gt;/ takes a few. */
  static final int MAX_EXTERNAL_ID = 255;

  private StorableUpdates() {}

  static void require(IncidentUpdate update) {
    List<ApiError.FieldError> errors = new ArrayList<>();
    text(errors, "id", update.externalId());
    text(errors, "idempotencyKey", update.updateKey());
    text(errors, "title", update.title());
    text(errors, "description", update.description());
    text(errors, "severity", update.severity());
    text(errors, "status", update.status());
    text(errors, "statusPageUrl", update.statusPageUrl());
    texts(errors, "affectedComponents", update.components());
    texts(errors, "affectedRegions", update.regions());
    if (update.externalId() != null && update.externalId().length() > MAX_EXTERNAL_ID) {
      errors.add(new ApiError.FieldError("id", "must be at most " + MAX_EXTERNAL_ID + " characters"));
    }
    if (!errors.isEmpty()) {
      throw new ApiError(HttpStatus.BAD_REQUEST, "the incident update cannot be stored: "
          + String.join("; ", errors.stream().map(e -> e.field() + " " + e.message()).toList()), errors);
    }
  }

  private static void texts(List<ApiError.FieldError> errors, String field, List<String> values) {
    if (values != null) {
      for (int i = 0; i < values.size(); i++) {
        text(errors, field + "[" + i + "]", values.get(i));
      }
    }
  }

  private static void text(List<ApiError.FieldError> errors, String field, String value) {
    if (value != null && value.indexOf('\u0000') >= 0) {
      errors.add(new ApiError.FieldError(field, "must not contain a NUL character"));
    }
  }
}
