package io.vigil.app.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.inject.Singleton;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Validator;
import java.util.List;
import java.util.Set;

/**
 * A typed, validated request record read from a raw body, for the endpoints that also need the raw
 * text (an incident webhook hashes it for its idempotency key). The same binding and the same 400 as
 * a {@code @Body @Valid} parameter: the JSON guards, Bean Validation, {@link BadRequests}.
 */
@Singleton
public class TypedBodies {
  private final ObjectMapper json;
  private final Validator validator;

  public TypedBodies(ObjectMapper json, Validator validator) {
    this.json = json;
    this.validator = validator;
  }

  public <T> T read(String raw, Class<T> type) {
    T value;
    try {
      value = json.readValue(raw == null ? "" : raw, type);
    } catch (JsonProcessingException e) {
      throw BadRequests.from(e);
    }
    if (value == null) {
      throw ApiError.invalid(List.of(new ApiError.FieldError("body", "must be a JSON object")));
    }
    Set<ConstraintViolation<T>> violations = validator.validate(value);
    if (!violations.isEmpty()) {
      throw BadRequests.from(new ConstraintViolationException(violations));
    }
    return value;
  }
}
