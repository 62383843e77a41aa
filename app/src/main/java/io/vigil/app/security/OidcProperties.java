package io.vigil.app.security;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns {@code VIGIL_OIDC_ISSUER} (and optionally {@code VIGIL_OIDC_JWKS_URL},
 * {@code VIGIL_OIDC_AUDIENCE}) into micronaut-security-jwt settings: the issuer's JWKS as the one
 * accepted signature, and the issuer (and audience) claims checked. Without a JWKS URL the issuer's
 * discovery document names it. With {@code VIGIL_OIDC_CLIENT_ID} (and {@code VIGIL_OIDC_CLIENT_SECRET}
 * unless the client is public) the dashboard also signs in through the issuer.
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
    putBrowserSignin(env, issuer, properties);
    return properties;
  }

  /** The dashboard's "Sign in with ..." (authorization code + PKCE, {@link OidcSignins}): needs a client id. */
  private static void putBrowserSignin(Function<String, String> env, String issuer, Map<String, Object> properties) {
    String clientId = env.apply("VIGIL_OIDC_CLIENT_ID");
    if (clientId == null || clientId.isBlank()) {
      return;
    }
    properties.put("vigil.oidc.client-id", clientId.trim());
    String secret = env.apply("VIGIL_OIDC_CLIENT_SECRET");
    if (secret != null && !secret.isBlank()) {
      properties.put("vigil.oidc.client-secret", secret.trim());
    }
    String name = env.apply("VIGIL_OIDC_PROVIDER_NAME");
    properties.put("vigil.oidc.provider-name", name == null || name.isBlank() ? URI.create(issuer).getHost() : name.trim());
    LOG.info("Dashboard sign-in through {} as client {} ({})", issuer, clientId.trim(),
        secret == null || secret.isBlank() ? "a public client, PKCE only" : "with a client secret");
  }

  static String discoverJwks(String issuer) {
    return OidcDiscovery.read(issuer).jwksUri();
  }
}
