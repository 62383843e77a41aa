package io.vigil.app.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** An OpenID provider's discovery document ({@code <issuer>/.well-known/openid-configuration}): where its endpoints are. */
record OidcDiscovery(String authorizationEndpoint, String tokenEndpoint, String jwksUri) {
  static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  static OidcDiscovery read(String issuer) {
    URI discovery = URI.create(issuer.replaceAll("/+$", "") + "/.well-known/openid-configuration");
    try {
      HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(discovery).timeout(Duration.ofSeconds(10)).GET().build(),
          HttpResponse.BodyHandlers.ofString());
      JsonNode document = response.statusCode() == 200 ? new ObjectMapper().readTree(response.body()) : null;
      if (document == null || !document.path("jwks_uri").isTextual()) {
        throw new IllegalStateException("the OIDC discovery document " + discovery + " answered "
            + response.statusCode() + " without a jwks_uri; set VIGIL_OIDC_JWKS_URL");
      }
      return new OidcDiscovery(document.path("authorization_endpoint").asText(null),
          document.path("token_endpoint").asText(null), document.get("jwks_uri").asText());
    } catch (IOException e) {
      throw new IllegalStateException("cannot read the OIDC discovery document " + discovery
          + " (" + e.getMessage() + "); set VIGIL_OIDC_JWKS_URL", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
