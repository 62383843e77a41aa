package io.vigil.app.security;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import com.github.tomakehurst.wiremock.client.WireMock;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.vigil.app.Api;
import io.vigil.app.Scenarios;
import io.vigil.app.TestInfrastructure;
import io.vigil.app.web.PageClient;
import io.vigil.infra.persistence.WebSessionRepository;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The team's identity provider, played by WireMock (discovery document, JWKS, authorize and token
 * endpoints; ID tokens signed here). Bearer JWTs: verified by micronaut-security-jwt, mapped to a
 * Vigil user by their email, scoped like any token. Browser sign-in: the authorization code flow with
 * PKCE through the app's own pages, ending in a Vigil session, or in a refusal and no session.
 * One class, so the app starts once for both.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OidcIT implements TestPropertyProvider {
  private static final RSAKey KEY = newKey("idp-key-1");
  private static final RSAKey STRANGER = newKey("idp-key-1");

  private static final String CLIENT_ID = "vigil-dashboard";
  private static final String CLIENT_SECRET = "dashboard-secret";

  @Inject EmbeddedServer server;
  @Inject WebSessionRepository sessions;
  private Api admin;
  private String issuer;
  private WireMockServer idp;

  @Override
  public Map<String, String> getProperties() {
    var wireMock = TestInfrastructure.wireMock();
    idp = wireMock;
    issuer = wireMock.baseUrl() + "/idp";
    wireMock.stubFor(WireMock.get(urlEqualTo("/idp/.well-known/openid-configuration")).willReturn(aResponse()
        .withHeader("Content-Type", "application/json")
        .withBody("{\"issuer\":\"" + issuer + "\",\"jwks_uri\":\"" + issuer + "/jwks\","
            + "\"authorization_endpoint\":\"" + issuer + "/authorize\",\"token_endpoint\":\"" + issuer + "/token\"}")));
    wireMock.stubFor(WireMock.get(urlPathEqualTo("/idp/authorize")).willReturn(aResponse()
        .withHeader("Content-Type", "text/html").withBody("<h1>Acme SSO: sign in</h1>")));
    wireMock.stubFor(WireMock.get(urlEqualTo("/idp/jwks")).willReturn(aResponse()
        .withHeader("Content-Type", "application/json")
        .withBody(new JWKSet(KEY.toPublicJWK()).toString())));
    Map<String, String> properties = new HashMap<>(TestInfrastructure.properties());
    Map<String, String> env = Map.of("VIGIL_OIDC_ISSUER", issuer, "VIGIL_OIDC_CLIENT_ID", CLIENT_ID,
        "VIGIL_OIDC_CLIENT_SECRET", CLIENT_SECRET, "VIGIL_OIDC_PROVIDER_NAME", "Acme SSO");
    OidcProperties.from(env::get).forEach((k, v) -> properties.put(k, String.valueOf(v)));
    return properties;
  }

  @BeforeAll
  void givenAUserKnownByEmail() {
    admin = new Api(server.getURL().toString());
    Scenarios.putUser(admin, "oidc-csm", "csm", null);
    Scenarios.putUser(admin, "oidc-other", "csm", null);
    Scenarios.putCustomer(admin, "oidc-own", "Owned", "oidc-csm");
    Scenarios.putCustomer(admin, "oidc-theirs", "Theirs", "oidc-other");
  }

  @Test
  void aJwtWhoseEmailIsAVigilUser_actsAsThatUserWithinTheirScope() {
    Api csm = admin.as(jwt(KEY, issuer, "OIDC-CSM@example.com", Instant.now().plusSeconds(300)));
    assertThat(csm.get("/api/customers/oidc-own").status()).isEqualTo(200);
    assertThat(csm.get("/api/customers/oidc-theirs").status()).isEqualTo(404);
    assertThat(csm.get("/api/tokens").status()).isEqualTo(403);
  }

  @Test
  void aValidJwtForAnUnknownEmail_isForbiddenAndSaysWhy() {
    Api.Response response = admin.as(jwt(KEY, issuer, "stranger@example.com", Instant.now().plusSeconds(300)))
        .get("/api/customers/oidc-own");
    assertThat(response.status()).isEqualTo(403);
    assertThat(response.body().get("message").asText()).contains("stranger@example.com");
  }

  @Test
  void aJwtFromAnotherIssuer_orSignedByAnotherKey_orExpired_isUnauthorized() {
    Instant later = Instant.now().plusSeconds(300);
    assertThat(admin.as(jwt(KEY, "https://evil.example", "oidc-csm@example.com", later))
        .get("/api/customers/oidc-own").status()).isEqualTo(401);
    assertThat(admin.as(jwt(STRANGER, issuer, "oidc-csm@example.com", later))
        .get("/api/customers/oidc-own").status()).isEqualTo(401);
    assertThat(admin.as(jwt(KEY, issuer, "oidc-csm@example.com", Instant.now().minusSeconds(600)))
        .get("/api/customers/oidc-own").status()).isEqualTo(401);
  }

  @Test
  void theSigninPage_offersTheProvider_nextToTheLinks() {
    PageClient.Page page = browser().get("/signin?next=%2Fapprovals");
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.body()).contains("Sign in with Acme SSO", "href=\"/signin/oidc?next=/approvals\"",
        "one-time sign-in link");
  }

  @Test
  void givenAKnownVerifiedEmail_whenTheCodeFlowCompletes_itOpensAnOidcSessionAsThatUser_onThePageAskedFor() {
    PageClient browser = browser();
    Authorization authorization = authorize(browser, "/customers/oidc-own");
    assertThat(authorization.query()).containsEntry("response_type", "code").containsEntry("client_id", CLIENT_ID)
        .containsEntry("code_challenge_method", "S256")
        .containsEntry("redirect_uri", "http://localhost:8080" + OidcProvider.CALLBACK_PATH);
    assertThat(authorization.query().get("scope").split(" ")).contains("openid", "email", "profile");
    String stateCookie = browser.cookie(OidcStateCookie.NAME).orElseThrow();
    assertThat(stateCookie).isEqualTo(authorization.state());

    String code = grant(idToken(KEY, CLIENT_ID, authorization.nonce(), "OIDC-CSM@Example.com", true, in(300)));
    String callback = callbackPath(authorization.state(), code);
    PageClient.Page signedIn = browser.get(callback);

    assertThat(signedIn.status()).as(signedIn.body()).isEqualTo(303);
    assertThat(signedIn.location()).contains("/customers/oidc-own");
    assertThat(browser.cookie(OidcStateCookie.NAME)).as("the state is used up").isEmpty();
    String cookie = signedIn.setCookies().stream().filter(c -> c.startsWith("vigil_session=")).findFirst().orElseThrow();
    assertThat(cookie.toLowerCase()).contains("httponly", "samesite=lax", "path=/");
    assertThat(sessions.findByTokenHash(TokenHashes.hash(browser.session())).orElseThrow().method()).isEqualTo("oidc");
    PageClient.Page home = browser.get("/");
    assertThat(home.status()).isEqualTo(200);
    assertThat(home.body()).contains("User oidc-csm", "(csm)");
    assertThat(browser.get("/customers/oidc-own").status()).isEqualTo(200);
    assertThat(browser.get("/customers/oidc-theirs").status()).as("scope as in the API").isEqualTo(404);

    // the PKCE proof: the token request carried the verifier whose S256 is the challenge sent to the browser
    LoggedRequest exchange = idp.findAll(postRequestedFor(urlEqualTo("/idp/token"))
        .withRequestBody(containing("code=" + code))).get(0);
    Map<String, String> form = formOf(exchange.getBodyAsString());
    assertThat(form).containsEntry("grant_type", "authorization_code")
        .containsEntry("redirect_uri", authorization.query().get("redirect_uri"));
    assertThat(OidcSignins.challenge(form.get("code_verifier"))).isEqualTo(authorization.query().get("code_challenge"));
    assertThat(exchange.getHeader("Authorization")).isEqualTo("Basic "
        + Base64.getEncoder().encodeToString((CLIENT_ID + ":" + CLIENT_SECRET).getBytes(StandardCharsets.UTF_8)));

    // replayed: by this browser (its state cookie is gone) and by one that kept the cookie (the row is used)
    PageClient.Page replayed = browser().get(callback);
    assertThat(replayed.status()).isEqualTo(400);
    PageClient.Page replayedWithCookie = browser().get(callback, Map.of("Cookie", OidcStateCookie.NAME + "=" + stateCookie));
    assertThat(replayedWithCookie.status()).isEqualTo(400);
    assertThat(replayedWithCookie.body()).contains("already finished or has expired");
    assertThat(replayedWithCookie.setCookies()).noneMatch(c -> c.startsWith("vigil_session="));
    assertThat(idp.findAll(postRequestedFor(urlEqualTo("/idp/token")).withRequestBody(containing("code=" + code))))
        .as("a replay never reaches the provider").hasSize(1);

    PageClient.Page signedOut = browser.post("/signout", Map.of());
    assertThat(signedOut.status()).isEqualTo(303);
    assertThat(browser().withSession(cookie.substring("vigil_session=".length()).split(";", 2)[0]).get("/").status())
        .as("signing out ends the session row").isEqualTo(303);
  }

  @Test
  void givenAnEmailNoVigilUserHas_theCallbackRefusesInWords_andOpensNoSession() {
    PageClient browser = browser();
    Authorization authorization = authorize(browser, "/");
    String code = grant(idToken(KEY, CLIENT_ID, authorization.nonce(), "stranger@example.com", true, in(300)));

    PageClient.Page refused = browser.get(callbackPath(authorization.state(), code));

    assertThat(refused.status()).isEqualTo(403);
    assertThat(refused.body()).contains("stranger@example.com", "no Vigil user has that email", "Sign in with Acme SSO");
    assertThat(browser.session()).isNull();
  }

  @Test
  void givenAnEmailTheProviderHasNotVerified_theCallbackRefuses() {
    PageClient browser = browser();
    Authorization authorization = authorize(browser, "/");
    String code = grant(idToken(KEY, CLIENT_ID, authorization.nonce(), "oidc-csm@example.com", false, in(300)));

    PageClient.Page refused = browser.get(callbackPath(authorization.state(), code));

    assertThat(refused.status()).isEqualTo(403);
    assertThat(refused.body()).contains("has not verified the email");
    assertThat(browser.session()).isNull();
  }

  @Test
  void givenAWrongOrMissingState_theCallbackRefuses_beforeAskingTheProvider() {
    PageClient browser = browser();
    Authorization authorization = authorize(browser, "/");
    String code = grant(idToken(KEY, CLIENT_ID, authorization.nonce(), "oidc-csm@example.com", true, in(300)));

    PageClient.Page forged = browser.get(callbackPath("forged-state", code));
    PageClient.Page missing = browser.get(OidcProvider.CALLBACK_PATH + "?code=" + code);
    // another browser (an attacker's link to the victim): the right state, but no cookie holding it
    PageClient.Page elsewhere = browser().get(callbackPath(authorization.state(), code));

    for (PageClient.Page refused : List.of(forged, missing, elsewhere)) {
      assertThat(refused.status()).isEqualTo(400);
      assertThat(refused.body()).contains("not started in this browser");
      assertThat(refused.setCookies()).noneMatch(c -> c.startsWith("vigil_session="));
    }
    assertThat(idp.findAll(postRequestedFor(urlEqualTo("/idp/token")).withRequestBody(containing("code=" + code)))).isEmpty();
  }

  @Test
  void givenAnIdTokenExpired_forAnotherAudience_forAnotherNonce_orSignedByAnotherKey_theCallbackRefuses() {
    List<java.util.function.Function<Authorization, String>> badTokens = List.of(
        a -> idToken(KEY, CLIENT_ID, a.nonce(), "oidc-csm@example.com", true, in(-600)),
        a -> idToken(KEY, "another-app", a.nonce(), "oidc-csm@example.com", true, in(300)),
        a -> idToken(KEY, CLIENT_ID, "another-nonce", "oidc-csm@example.com", true, in(300)),
        a -> idToken(STRANGER, CLIENT_ID, a.nonce(), "oidc-csm@example.com", true, in(300)));
    for (var badToken : badTokens) {
      PageClient browser = browser();
      Authorization authorization = authorize(browser, "/");
      String code = grant(badToken.apply(authorization));

      PageClient.Page refused = browser.get(callbackPath(authorization.state(), code));

      assertThat(refused.status()).isEqualTo(400);
      assertThat(refused.body()).contains("could not verify the answer from Acme SSO");
      assertThat(browser.session()).isNull();
    }
  }

  @Test
  void givenTheProviderAnswersAnError_theCallbackSaysSo() {
    PageClient browser = browser();
    Authorization authorization = authorize(browser, "/");

    PageClient.Page refused = browser.get(OidcProvider.CALLBACK_PATH + "?state=" + authorization.state()
        + "&error=access_denied&error_description=The+user+cancelled");

    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.body()).contains("Acme SSO did not sign you in (access_denied)");
    assertThat(browser.session()).isNull();
  }

  /** What the browser carried to the provider's authorize endpoint. */
  private record Authorization(Map<String, String> query) {
    String state() {
      return query.get("state");
    }

    String nonce() {
      return query.get("nonce");
    }
  }

  private PageClient browser() {
    return new PageClient(server.getURL().toString());
  }

  /** Presses "Sign in with Acme SSO" and follows the redirect to the fake provider's authorize page. */
  private Authorization authorize(PageClient browser, String next) {
    PageClient.Page start = browser.get("/signin/oidc?next=" + URLEncoder.encode(next, StandardCharsets.UTF_8));
    assertThat(start.status()).isEqualTo(303);
    URI location = URI.create(start.location().orElseThrow());
    assertThat(location.toString()).startsWith(issuer + "/authorize?");
    HttpResponse<String> authorizePage = send(HttpRequest.newBuilder(location).GET().build());
    assertThat(authorizePage.statusCode()).isEqualTo(200);
    return new Authorization(formOf(location.getRawQuery()));
  }

  /** The fake provider's token endpoint answers {@code idToken} for a new code, which it returns. */
  private String grant(String idToken) {
    String code = "code-" + UUID.randomUUID();
    idp.stubFor(WireMock.post(urlEqualTo("/idp/token")).withRequestBody(containing("code=" + code)).willReturn(aResponse()
        .withHeader("Content-Type", "application/json")
        .withBody("{\"access_token\":\"at\",\"token_type\":\"Bearer\",\"expires_in\":300,\"id_token\":\"" + idToken + "\"}")));
    return code;
  }

  private static String callbackPath(String state, String code) {
    return OidcProvider.CALLBACK_PATH + "?state=" + URLEncoder.encode(state, StandardCharsets.UTF_8) + "&code=" + code;
  }

  private String idToken(RSAKey key, String audience, String nonce, String email, boolean verified, Instant expiry) {
    JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(issuer).subject("sub-" + email).audience(audience)
        .claim("email", email).claim("email_verified", verified).claim("nonce", nonce)
        .issueTime(Date.from(expiry.minusSeconds(900))).expirationTime(Date.from(expiry)).build();
    return sign(key, claims);
  }

  private static Instant in(long seconds) {
    return Instant.now().plusSeconds(seconds);
  }

  private static Map<String, String> formOf(String encoded) {
    Map<String, String> form = new HashMap<>();
    for (String pair : encoded.split("&")) {
      String[] kv = pair.split("=", 2);
      form.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8), kv.length == 2 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
    }
    return form;
  }

  private static HttpResponse<String> send(HttpRequest request) {
    try {
      return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String jwt(RSAKey key, String issuer, String email, Instant expiry) {
    JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(issuer).subject("sub-" + email).claim("email", email)
        .issueTime(Date.from(expiry.minusSeconds(900))).expirationTime(Date.from(expiry)).build();
    return sign(key, claims);
  }

  private static String sign(RSAKey key, JWTClaimsSet claims) {
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
    try {
      jwt.sign(new RSASSASigner(key));
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
    return jwt.serialize();
  }

  private static RSAKey newKey(String id) {
    try {
      return new RSAKeyGenerator(2048).keyID(id).generate();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }
}
