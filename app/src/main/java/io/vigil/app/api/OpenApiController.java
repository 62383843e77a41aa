package io.vigil.app.api;

import io.micronaut.core.io.ResourceResolver;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.swagger.v3.oas.annotations.Hidden;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The OpenAPI document generated at build time from the controllers, at {@code /openapi.yml}, and
 * a browsable page of it at {@code /swagger-ui} (both open: the document holds no data).
 */
@Controller
@Secured(SecurityRule.IS_ANONYMOUS)
@Hidden
public class OpenApiController {
  private final byte[] document;

  public OpenApiController(ResourceResolver resources) {
    try (InputStream in = resources.getResourceAsStream("classpath:META-INF/swagger/openapi.yml")
        .orElseThrow(() -> new IllegalStateException("META-INF/swagger/openapi.yml is missing from the build"))) {
      document = in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Get(value = "/openapi.yml", produces = "application/yaml")
  public HttpResponse<byte[]> document() {
    return HttpResponse.ok(document).contentType(MediaType.of("application/yaml"));
  }

  @Get("/swagger-ui")
  public HttpResponse<?> page() {
    return HttpResponse.redirect(java.net.URI.create("/swagger/views/swagger-ui/index.html"));
  }
}
