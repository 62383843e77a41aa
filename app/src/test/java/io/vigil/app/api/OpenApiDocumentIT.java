package io.vigil.app.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.http.HttpMethod;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.micronaut.web.router.Router;
import io.micronaut.web.router.UriRouteInfo;
import io.vigil.app.TestInfrastructure;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The OpenAPI document served at /openapi.yml is true to the code: every route the application
 * answers is in it, with its method. A new endpoint missing from the document fails the build.
 */
@MicronautTest(transactional = false)
@org.junit.jupiter.api.TestInstance(org.junit.jupiter.api.TestInstance.Lifecycle.PER_CLASS)
class OpenApiDocumentIT implements TestPropertyProvider {
  /**
   * The document's own routes are hidden from it on purpose, and so is Prometheus' scrape: its body
   * is Prometheus' text format, not the API's JSON (docs/operations.md, "Metrics").
   */
  private static final Set<String> UNDOCUMENTED = Set.of("/openapi.yml", "/swagger-ui", "/metrics");
  private static final String DASHBOARD = "io.vigil.app.web";

  @Inject EmbeddedServer server;
  @Inject Router router;

  @Override
  public Map<String, String> getProperties() {
    return TestInfrastructure.properties();
  }

  @Test
  @SuppressWarnings("unchecked")
  void everyRouteIsInTheServedDocument() throws Exception {
    HttpResponse<String> served = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(server.getURL() + "/openapi.yml")).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(served.statusCode()).isEqualTo(200);
    Map<String, Object> document = new Yaml().load(served.body());
    Map<String, Map<String, Object>> paths = (Map<String, Map<String, Object>>) document.get("paths");

    List<String> routes = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    router.uriRoutes().forEach(route -> {
      UriRouteInfo<?, ?> info = route;
      String path = info.getUriMatchTemplate().toPathString();
      HttpMethod method = info.getHttpMethod();
      // Micronaut answers HEAD for every GET by itself; the dashboard's pages are HTML, not API
      // (docs/architecture.md, "The dashboard")
      if (UNDOCUMENTED.contains(path) || method == HttpMethod.HEAD
          || DASHBOARD.equals(info.getTargetMethod().getDeclaringType().getPackageName())) {
        return;
      }
      routes.add(method + " " + path);
      Map<String, Object> operations = paths.get(path);
      if (operations == null || !operations.containsKey(method.name().toLowerCase())) {
        missing.add(method + " " + path);
      }
    });
    assertThat(routes).hasSizeGreaterThan(30);
    assertThat(missing).as("routes missing from /openapi.yml").isEmpty();
  }

  /**
   * OpenAPI patterns are ECMA-262 regular expressions: a Java-only construct (inline flags such as
   * {@code (?s)}, {@code \A}, {@code \z}, possessive quantifiers) makes clients and the fuzzer refuse the
   * schema, so the fields behind it are never tested.
   */
  @Test
  void everyPatternInTheDocumentIsAnEcmaScriptRegex() throws Exception {
    HttpResponse<String> served = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(server.getURL() + "/openapi.yml")).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    List<String> patterns = new ArrayList<>();
    collectPatterns(new Yaml().load(served.body()), patterns);

    assertThat(patterns).isNotEmpty();
    assertThat(patterns).as("patterns with Java-only syntax")
        .noneMatch(p -> p.matches("(?s).*(\\(\\?[a-zA-Z]|\\\\[AzZ]|[*+?}]\\+).*"));
  }

  @SuppressWarnings("unchecked")
  private static void collectPatterns(Object node, List<String> patterns) {
    if (node instanceof Map<?, ?> map) {
      map.forEach((key, value) -> {
        if ("pattern".equals(key) && value instanceof String pattern) {
          patterns.add(pattern);
        } else {
          collectPatterns(value, patterns);
        }
      });
    } else if (node instanceof List<?> list) {
      list.forEach(item -> collectPatterns(item, patterns));
    }
  }

  @Test
  void theBrowsablePageIsServedWithoutACredential() throws Exception {
    HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build();
    HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(server.getURL() + "/swagger-ui")).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).containsIgnoringCase("swagger");
  }
}
