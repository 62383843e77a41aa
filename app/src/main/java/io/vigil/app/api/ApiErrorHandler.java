package io.vigil.app.api;

import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.Map;

@Produces
@Singleton
@Requires(classes = {ApiError.class, ExceptionHandler.class})
public class ApiErrorHandler implements ExceptionHandler<ApiError, HttpResponse<Map<String, Object>>> {
  @Override
  public HttpResponse<Map<String, Object>> handle(HttpRequest request, ApiError error) {
    return response(error);
  }

  /** The one error shape: {@code {status, error, message, errors?: [{field, message}]}}, and Retry-After when it says. */
  public static HttpResponse<Map<String, Object>> response(ApiError error) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", error.status().getCode());
    body.put("error", error.status().getReason().toLowerCase().replace(' ', '_'));
    body.put("message", error.getMessage());
    if (!error.errors().isEmpty()) {
      body.put("errors", error.errors());
    }
    MutableHttpResponse<Map<String, Object>> response = HttpResponse.<Map<String, Object>>status(error.status()).body(body);
    error.retryAfter().ifPresent(after -> response.header(HttpHeaders.RETRY_AFTER, String.valueOf(after.toSeconds())));
    return response;
  }
}
