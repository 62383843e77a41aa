package io.vigil.app.api;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import java.util.List;

/**
 * Refuses what no endpoint may take before it reaches one: NUL characters in the path or the query,
 * and bodies larger than their endpoint takes. Body size per endpoint: usage batches (10,000 events)
 * and ticket batches (1,000 tickets) may reach {@link #INGESTION} bytes, every
 * other request {@link #DEFAULT}. The server's own cap ({@code micronaut.server.max-request-size})
 * is the ingestion limit, for bodies sent without a length.
 */
@ServerFilter("/api/**")
public class BodyLimits {
  static final long INGESTION = 8L * 1024 * 1024;
  static final long DEFAULT = 256L * 1024;
  private static final java.util.Set<String> BATCHES = java.util.Set.of("/api/v1/usage/events", "/api/v1/tickets");

  @RequestFilter
  @Nullable
  public HttpResponse<?> limit(HttpRequest<?> request) {
    // PostgreSQL cannot hold a NUL character: one in the path or a parameter is refused before any query
    if (request.getPath().indexOf('\0') >= 0) {
      return ApiErrorHandler.response(ApiError.badRequest("path", "must not contain NUL characters"));
    }
    for (var parameter : request.getParameters()) {
      if (parameter.getKey().indexOf('\0') >= 0
          || parameter.getValue().stream().anyMatch(value -> value.indexOf('\0') >= 0)) {
        return ApiErrorHandler.response(ApiError.badRequest(parameter.getKey().replace("\0", ""),
            "must not contain NUL characters"));
      }
    }
    long length = request.getContentLength();
    long limit = BATCHES.contains(request.getPath()) ? INGESTION : DEFAULT;
    if (length > limit) {
      return ApiErrorHandler.response(new ApiError(HttpStatus.REQUEST_ENTITY_TOO_LARGE,
          "the body holds " + length + " bytes; " + request.getPath() + " takes at most " + limit, List.of()));
    }
    return null;
  }
}
