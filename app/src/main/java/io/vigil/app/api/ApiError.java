package io.vigil.app.api;

import io.micronaut.http.HttpStatus;
import java.util.List;

/** A client error with what is wrong, field by field where it can say. */
public final class ApiError extends RuntimeException {
  public record FieldError(String field, String message) {}

  private final HttpStatus status;
  private final List<FieldError> errors;

  public ApiError(HttpStatus status, String message, List<FieldError> errors) {
    super(message);
    this.status = status;
    this.errors = errors;
  }

  public static ApiError notFound(String what, String id) {
    return new ApiError(HttpStatus.NOT_FOUND, what + " " + id + " not found", List.of());
  }

  public static ApiError conflict(String message) {
    return new ApiError(HttpStatus.CONFLICT, message, List.of());
  }

  public static ApiError badRequest(String field, String message) {
    return new ApiError(HttpStatus.BAD_REQUEST, field + ": " + message, List.of(new FieldError(field, message)));
  }

  public HttpStatus status() {
    return status;
  }

  public List<FieldError> errors() {
    return errors;
  }
}
