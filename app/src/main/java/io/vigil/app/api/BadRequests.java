package io.vigil.app.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.core.bind.exceptions.UnsatisfiedArgumentException;
import io.micronaut.core.convert.exceptions.ConversionErrorException;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.exceptions.ContentLengthExceededException;
import io.micronaut.http.server.exceptions.ContentLengthExceededHandler;
import io.micronaut.http.server.exceptions.ConversionErrorHandler;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.micronaut.http.server.exceptions.JacksonExceptionHandler;
import io.micronaut.http.server.exceptions.JsonExceptionHandler;
import io.micronaut.http.server.exceptions.UnsatisfiedArgumentHandler;
import io.micronaut.http.server.exceptions.UnsatisfiedRouteHandler;
import io.micronaut.web.router.exceptions.UnsatisfiedRouteException;
import io.micronaut.json.JsonSyntaxException;
import io.micronaut.validation.exceptions.ConstraintExceptionHandler;
import jakarta.inject.Singleton;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Every way a request body or parameter can be wrong ends in the same 400 shape as {@link ApiError}:
 * Bean Validation violations, JSON that does not bind (wrong type, a number out of range, a NUL
 * character, a date outside 2000-2100, malformed JSON) and missing arguments, each with the path of
 * the field at fault ({@code events[3].occurredAt}).
 */
public final class BadRequests {
  private BadRequests() {}

  public static ApiError from(ConstraintViolationException e) {
    List<ApiError.FieldError> errors = new ArrayList<>();
    for (ConstraintViolation<?> violation : e.getConstraintViolations()) {
      errors.add(new ApiError.FieldError(field(violation.getPropertyPath()), violation.getMessage()));
    }
    errors.sort(Comparator.comparing(ApiError.FieldError::field).thenComparing(ApiError.FieldError::message));
    return ApiError.invalid(errors);
  }

  /** Violations of one element of a list, under {@code prefix} ({@code events[3]}). */
  public static void collect(String prefix, java.util.Set<? extends ConstraintViolation<?>> violations,
      List<ApiError.FieldError> into) {
    for (ConstraintViolation<?> violation : violations) {
      String field = field(violation.getPropertyPath());
      into.add(new ApiError.FieldError("body".equals(field) ? prefix : prefix + "." + field, violation.getMessage()));
    }
  }

  static ApiError from(Throwable jsonProblem) {
    Throwable cause = jsonProblem;
    while (cause != null && !(cause instanceof JsonProcessingException) && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    if (cause instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
      return ApiError.invalid(List.of(new ApiError.FieldError(path(mapping.getPath()), reason(mapping))));
    }
    if (cause instanceof MismatchedInputException) {
      return ApiError.invalid(List.of(new ApiError.FieldError("body", "must be a JSON object")));
    }
    if (cause instanceof JsonProcessingException json) {
      return ApiError.invalid(List.of(new ApiError.FieldError("body", "is not valid JSON: " + json.getOriginalMessage())));
    }
    return ApiError.invalid(List.of(new ApiError.FieldError("body", String.valueOf(jsonProblem.getMessage()))));
  }

  /** The path after the method and its body parameter: {@code events[3].occurredAt}. */
  static String field(Path path) {
    StringBuilder field = new StringBuilder();
    List<Path.Node> nodes = new ArrayList<>();
    path.forEach(nodes::add);
    for (int i = 0; i < nodes.size(); i++) {
      Path.Node node = nodes.get(i);
      if (node.getKind() == ElementKind.METHOD || node.getKind() == ElementKind.CONSTRUCTOR) {
        continue;
      }
      // a body parameter is the request itself; any other parameter (path, query) is named
      if (node.getKind() == ElementKind.PARAMETER && i + 1 < nodes.size()) {
        continue;
      }
      // an element of a list or map: its index or key belongs to the container before it
      if (node.isInIterable() && node.getIndex() != null) {
        field.append('[').append(node.getIndex()).append(']');
      } else if (node.isInIterable() && node.getKey() != null) {
        field.append('.').append(node.getKey());
      }
      if (node.getName() != null && !node.getName().startsWith("<")) {
        if (!field.isEmpty()) {
          field.append('.');
        }
        field.append(node.getName());
      }
    }
    return field.isEmpty() ? "body" : field.toString();
  }

  private static String path(List<JsonMappingException.Reference> references) {
    StringBuilder field = new StringBuilder();
    for (JsonMappingException.Reference reference : references) {
      if (reference.getFieldName() != null) {
        if (!field.isEmpty()) {
          field.append('.');
        }
        field.append(reference.getFieldName());
      } else if (reference.getIndex() >= 0) {
        field.append('[').append(reference.getIndex()).append(']');
      }
    }
    return field.isEmpty() ? "body" : field.toString();
  }

  private static String reason(JsonMappingException e) {
    if (e instanceof UnrecognizedPropertyException) {
      return "is not a known field";
    }
    if (e instanceof InvalidFormatException invalid) {
      String message = invalid.getOriginalMessage();
      int because = message.lastIndexOf(": ");
      String why = because >= 0 ? message.substring(because + 2) : message;
      return why.contains("out of range") ? "is out of range for " + invalid.getTargetType().getSimpleName()
          : why.length() > 200 ? "has the wrong format" : why;
    }
    if (e instanceof MismatchedInputException mismatched && mismatched.getTargetType() != null) {
      return "must be " + describe(mismatched.getTargetType());
    }
    String message = e.getOriginalMessage();
    return message.contains("out of range") ? "is out of range" : "has the wrong type or format";
  }

  private static String describe(Class<?> type) {
    Map<Class<?>, String> names = Map.of(String.class, "a string", Integer.class, "an integer", int.class, "an integer",
        Long.class, "an integer", java.math.BigDecimal.class, "a number", Boolean.class, "true or false",
        List.class, "an array");
    return names.getOrDefault(type, "a " + type.getSimpleName());
  }

  @Produces
  @Singleton
  @Replaces(ConstraintExceptionHandler.class)
  public static class Violations implements ExceptionHandler<ConstraintViolationException, HttpResponse<?>> {
    @Override
    public HttpResponse<?> handle(HttpRequest request, ConstraintViolationException e) {
      return ApiErrorHandler.response(from(e));
    }
  }

  @Produces
  @Singleton
  @Replaces(ConversionErrorHandler.class)
  public static class Conversions implements ExceptionHandler<ConversionErrorException, HttpResponse<?>> {
    @Override
    public HttpResponse<?> handle(HttpRequest request, ConversionErrorException e) {
      Throwable cause = e.getConversionError().getCause();
      if (cause instanceof JsonProcessingException) {
        return ApiErrorHandler.response(from(cause));
      }
      String field = e.getArgument() == null ? "body" : e.getArgument().getName();
      return ApiErrorHandler.response(ApiError.invalid(List.of(new ApiError.FieldError(field,
          "has the wrong type or format" + (cause == null || cause.getMessage() == null ? "" : ": " + cause.getMessage())))));
    }
  }

  @Produces
  @Singleton
  @Replaces(JacksonExceptionHandler.class)
  public static class Jackson implements ExceptionHandler<JsonProcessingException, HttpResponse<?>> {
    @Override
    public HttpResponse<?> handle(HttpRequest request, JsonProcessingException e) {
      return ApiErrorHandler.response(from(e));
    }
  }

  @Produces
  @Singleton
  @Replaces(JsonExceptionHandler.class)
  public static class Syntax implements ExceptionHandler<JsonSyntaxException, HttpResponse<?>> {
    @Override
    public HttpResponse<?> handle(HttpRequest request, JsonSyntaxException e) {
      return ApiErrorHandler.response(from(e));
    }
  }

  /** A required argument the request did not carry: the body, or a named parameter. */
  static HttpResponse<?> missing(io.micronaut.core.type.Argument<?> argument) {
    boolean body = argument.getAnnotationMetadata().hasAnnotation(io.micronaut.http.annotation.Body.class);
    return ApiErrorHandler.response(ApiError.invalid(List.of(new ApiError.FieldError(body ? "body" : argument.getName(),
        body ? "is required: send a JSON object" : "is required"))));
  }

  @Produces
  @Singleton
  @Replaces(UnsatisfiedArgumentHandler.class)
  public static class Missing implements ExceptionHandler<UnsatisfiedArgumentException, HttpResponse<?>> {
    @Override
    public HttpResponse<?> handle(HttpRequest request, UnsatisfiedArgumentException e) {
      return missing(e.getArgument());
    }
  }

  @Produces
  @Singleton
  @Replaces(UnsatisfiedRouteHandler.class)
  public static class MissingRouteArgument implements ExceptionHandler<UnsatisfiedRouteException, HttpResponse<?>> {
    @Override
    public HttpResponse<?> handle(HttpRequest request, UnsatisfiedRouteException e) {
      return missing(e.getArgument());
    }
  }

  @Produces
  @Singleton
  @Replaces(ContentLengthExceededHandler.class)
  public static class TooLarge implements ExceptionHandler<ContentLengthExceededException, HttpResponse<?>> {
    @Override
    public HttpResponse<?> handle(HttpRequest request, ContentLengthExceededException e) {
      return ApiErrorHandler.response(new ApiError(HttpStatus.REQUEST_ENTITY_TOO_LARGE, e.getMessage(), List.of()));
    }
  }
}
