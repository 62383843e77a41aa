package io.vigil.app.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.uri.UriBuilder;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The team's identity provider as an OpenID Connect client sees it (VIGIL_OIDC_ISSUER,
 * VIGIL_OIDC_CLIENT_ID, VIGIL_OIDC_CLIENT_SECRET): where to send the browser, and the back-channel
 * exchange of a code for an ID token. The discovery document is read on first use, not at start, so
 * a provider that is down delays sign-ins only, never Vigil's start.
 */
@Singleton
@Requires(property = "vigil.oidc.client-id")
public class OidcProvider {
  public static final String CALLBACK_PATH = "/signin/oidc/callback";
  private static final Logger LOG = LoggerFactory.getLogger(OidcProvider.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String issuer;
  private final String clientId;
  private final String clientSecret;
  private final String name;
  private final String redirectUri;
  private volatile OidcDiscovery discovery;

  public OidcProvider(@Value("${vigil.oidc.issuer}") String issuer, @Value("${vigil.oidc.client-id}") String clientId,
      @Nullable @Value("${vigil.oidc.client-secret:}") String clientSecret,
      @Value("${vigil.oidc.provider-name}") String name,
      @Value("${vigil.public-url:`http://localhost:8080`}") String publicUrl) {
    this.issuer = issuer;
    this.clientId = clientId;
    this.clientSecret = clientSecret == null || clientSecret.isBlank() ? null : clientSecret;
    this.name = name;
    this.redirectUri = publicUrl.trim().replaceAll("/+$", "") + CALLBACK_PATH;
  }

  /** How the sign-in page names it: "Sign in with ...". */
  public String name() {
    return name;
  }

  String issuer() {
    return issuer;
  }

  String clientId() {
    return clientId;
  }

  String jwksUri() {
    return discovery().jwksUri();
  }

  /** Where the browser goes to sign in: the authorization code flow with PKCE (S256). */
  URI authorizationUrl(String state, String nonce, String codeChallenge) {
    return UriBuilder.of(discovery().authorizationEndpoint())
        .queryParam("response_type", "code")
        .queryParam("client_id", clientId)
        .queryParam("redirect_uri", redirectUri)
        .queryParam("scope", "openid email profile")
        .queryParam("state", state)
        .queryParam("nonce", nonce)
        .queryParam("code_challenge", codeChallenge)
        .queryParam("code_challenge_method", "S256")
        .build();
  }

  /**
   * The ID token the provider gives for {@code code}, proving with {@code codeVerifier} that this
   * server started the sign-in. A confidential client authenticates with HTTP Basic
   * (client_secret_basic, the discovery default); a public client sends only its id.
   */
  String exchange(String code, String codeVerifier) {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("grant_type", "authorization_code");
    form.put("code", code);
    form.put("redirect_uri", redirectUri);
    form.put("code_verifier", codeVerifier);
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(discovery().tokenEndpoint()))
        .timeout(Duration.ofSeconds(10))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .header("Accept", "application/json");
    if (clientSecret == null) {
      form.put("client_id", clientId);
    } else {
      String basic = urlEncode(clientId) + ":" + urlEncode(clientSecret);
      request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(basic.getBytes(StandardCharsets.UTF_8)));
    }
    String body = form.entrySet().stream().map(e -> urlEncode(e.getKey()) + "=" + urlEncode(e.getValue()))
        .collect(Collectors.joining("&"));
    try {
      HttpResponse<String> response = OidcDiscovery.HTTP.send(request.POST(HttpRequest.BodyPublishers.ofString(body)).build(),
          HttpResponse.BodyHandlers.ofString());
      JsonNode answer = JSON.readTree(response.body().isBlank() ? "{}" : response.body());
      if (response.statusCode() != 200 || !answer.path("id_token").isTextual()) {
        String error = answer.path("error").asText("status " + response.statusCode());
        LOG.warn("{} refused a sign-in code: {} {}", issuer, error, answer.path("error_description").asText(""));
        throw OidcSigninRefused.badRequest(name + " did not accept this sign-in (" + error
            + "): it may have been used already or taken too long. Sign in again.");
      }
      return answer.get("id_token").asText();
    } catch (IOException e) {
      LOG.warn("Cannot reach {}'s token endpoint: {}", issuer, e.toString());
      throw OidcSigninRefused.badRequest("Vigil could not reach " + name + " to finish signing in. Try again in a moment.");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private OidcDiscovery discovery() {
    OidcDiscovery known = discovery;
    if (known == null) {
      // not cached on failure: the next sign-in asks again
      try {
        known = OidcDiscovery.read(issuer);
      } catch (IllegalStateException e) {
        LOG.warn("Cannot read {}'s discovery document: {}", issuer, e.getMessage());
        throw OidcSigninRefused.unavailable("Vigil cannot reach " + name + " right now. Try again in a moment.");
      }
      if (known.authorizationEndpoint() == null || known.tokenEndpoint() == null) {
        LOG.warn("{}'s discovery document names no authorization_endpoint or token_endpoint", issuer);
        throw OidcSigninRefused.unavailable(name + " is not set up for signing in to Vigil. Tell an admin.");
      }
      discovery = known;
    }
    return known;
  }

  private static String urlEncode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
