package io.vigil.app.api;

import io.micronaut.http.HttpStatus;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** A client error with what is wrong, field by field where it can say. */
public final class ApiError extends RuntimeException {
  public record FieldError(String field, String message) {}

  private final HttpStatus status;
  private final List<FieldError> errors;
  private final Duration retryAfter;

  public ApiError(HttpStatus status, String message, List<FieldError> errors) {
    this(status, message, errors, null);
  }

  private ApiError(HttpStatus status, String message, List<FieldError> errors, Duration retryAfter) {
    super(message);
    this.status = status;
    this.errors = errors;
    this.retryAfter = retryAfter;
  }

  /** A 503 the same request may retry: the answer carries {@code Retry-After}. */
  public static ApiError unavailable(String message, Duration retryAfter) {
    return new ApiError(HttpStatus.SERVICE_UNAVAILABLE, message, List.of(), retryAfter);
  }

  public static ApiError notFound(String what, String id) {
    return new ApiError(HttpStatus.NOT_FOUND, what + " " + id + " not found", List.of());
  }

  public static ApiError conflict(String message) {
    return new ApiError(HttpStatus.CONFLICT, message, List.of());
  }

  /** A 400 naming every field at fault, at most {@link Limits#MAX_ERRORS} of them (the message says how many). */
  public static ApiError invalid(List<FieldError> errors) {
    String message = errors.size() == 1 ? errors.get(0).field() + ": " + errors.get(0).message()
        : errors.size() > Limits.MAX_ERRORS
            ? "more than " + Limits.MAX_ERRORS + " fields are invalid; the first " + Limits.MAX_ERRORS + " are listed"
            : errors.size() + " fields are invalid";
    List<FieldError> listed = errors.size() > Limits.MAX_ERRORS ? List.copyOf(errors.subList(0, Limits.MAX_ERRORS)) : errors;
    return new ApiError(HttpStatus.BAD_REQUEST, message, listed);
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

  /** When the caller may try the same request again, if this error says. */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }
}
