package io.vigil.app.security;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import com.github.tomakehurst.wiremock.client.WireMock;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
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
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.vigil.app.Api;
import io.vigil.app.Scenarios;
import io.vigil.app.TestInfrastructure;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Bearer JWTs from the team's identity provider (played by WireMock: discovery document and JWKS):
 * verified by micronaut-security-jwt, mapped to a Vigil user by their email, scoped like any token.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OidcBearerIT implements TestPropertyProvider {
  private static final RSAKey KEY = newKey("idp-key-1");
  private static final RSAKey STRANGER = newKey("idp-key-1");

  @Inject EmbeddedServer server;
  private Api admin;
  private String issuer;

  @Override
  public Map<String, String> getProperties() {
    var wireMock = TestInfrastructure.wireMock();
    issuer = wireMock.baseUrl() + "/idp";
    wireMock.stubFor(WireMock.get(urlEqualTo("/idp/.well-known/openid-configuration")).willReturn(aResponse()
        .withHeader("Content-Type", "application/json")
        .withBody("{\"issuer\":\"" + issuer + "\",\"jwks_uri\":\"" + wireMock.baseUrl() + "/idp/jwks\"}")));
    wireMock.stubFor(WireMock.get(urlEqualTo("/idp/jwks")).willReturn(aResponse()
        .withHeader("Content-Type", "application/json")
        .withBody(new JWKSet(KEY.toPublicJWK()).toString())));
    Map<String, String> properties = new HashMap<>(TestInfrastructure.properties());
    Map<String, String> env = Map.of("VIGIL_OIDC_ISSUER", issuer);
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

  private static String jwt(RSAKey key, String issuer, String email, Instant expiry) {
    JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(issuer).subject("sub-" + email).claim("email", email)
        .issueTime(Date.from(expiry.minusSeconds(900))).expirationTime(Date.from(expiry)).build();
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
