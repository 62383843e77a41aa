package io.vigil.app.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns {@code VIGIL_OIDC_ISSUER} (and optionally {@code VIGIL_OIDC_JWKS_URL},
 * {@code VIGIL_OIDC_AUDIENCE}) into micronaut-security-jwt settings: the issuer's JWKS as the one
 * accepted signature, and the issuer (and audience) claims checked. Without a JWKS URL the issuer's
 * discovery document names it.
 */
public final class OidcProperties {
  private static final Logger LOG = LoggerFactory.getLogger(OidcProperties.class);

  private OidcProperties() {}

  public static Map<String, Object> from(Function<String, String> env) {
    String issuer = env.apply("VIGIL_OIDC_ISSUER");
    Map<String, Object> properties = new HashMap<>();
    if (issuer == null || issuer.isBlank()) {
      return properties;
    }
    issuer = issuer.trim();
    String jwks = env.apply("VIGIL_OIDC_JWKS_URL");
    if (jwks == null || jwks.isBlank()) {
      jwks = discoverJwks(issuer);
    }
    properties.put("vigil.oidc.issuer", issuer);
    properties.put("micronaut.security.token.jwt.signatures.jwks.oidc.url", jwks);
    properties.put("micronaut.security.token.jwt.claims-validators.issuer", issuer);
    String audience = env.apply("VIGIL_OIDC_AUDIENCE");
    if (audience != null && !audience.isBlank()) {
      properties.put("micronaut.security.token.jwt.claims-validators.audience", audience.trim());
    }
    LOG.info("Accepting bearer JWTs issued by {} (keys from {})", issuer, jwks);
    return properties;
  }

  static String discoverJwks(String issuer) {
    URI discovery = URI.create(issuer.replaceAll("/+$", "") + "/.well-known/openid-configuration");
    try {
      HttpResponse<String> response = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build()
          .send(HttpRequest.newBuilder(discovery).timeout(Duration.ofSeconds(10)).GET().build(),
              HttpResponse.BodyHandlers.ofString());
      JsonNode document = new ObjectMapper().readTree(response.body());
      if (response.statusCode() != 200 || !document.path("jwks_uri").isTextual()) {
        throw new IllegalStateException("the OIDC discovery document " + discovery + " answered "
            + response.statusCode() + " without a jwks_uri; set VIGIL_OIDC_JWKS_URL");
      }
      return document.get("jwks_uri").asText();
    } catch (IOException e) {
      throw new IllegalStateException("cannot read the OIDC discovery document " + discovery
          + " (" + e.getMessage() + "); set VIGIL_OIDC_JWKS_URL", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
