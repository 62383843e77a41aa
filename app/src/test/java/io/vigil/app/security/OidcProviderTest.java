package io.vigil.app.security;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The parts of the code flow that need no app: PKCE's challenge, a public client's token request, the provider's refusal. */
class OidcProviderTest {
  private static WireMockServer idp;

  @BeforeAll
  static void startTheProvider() {
    idp = new WireMockServer(WireMockConfiguration.options().dynamicPort());
    idp.start();
    idp.stubFor(WireMock.get(urlEqualTo("/.well-known/openid-configuration")).willReturn(aResponse()
        .withHeader("Content-Type", "application/json")
        .withBody("{\"issuer\":\"" + idp.baseUrl() + "\",\"jwks_uri\":\"" + idp.baseUrl() + "/jwks\","
            + "\"authorization_endpoint\":\"" + idp.baseUrl() + "/authorize\",\"token_endpoint\":\"" + idp.baseUrl() + "/token\"}")));
  }

  @AfterAll
  static void stopTheProvider() {
    idp.stop();
  }

  @Test
  void theS256Challenge_isRfc7636sExample() {
    // RFC 7636, Appendix B
    assertThat(OidcSignins.challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"))
        .isEqualTo("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
  }

  @Test
  void givenAPublicClient_theTokenRequestNamesTheClient_withoutAnyCredential() {
    idp.stubFor(post(urlEqualTo("/token")).withRequestBody(containing("code=public-code")).willReturn(aResponse()
        .withHeader("Content-Type", "application/json").withBody("{\"id_token\":\"the.id.token\"}")));
    OidcProvider provider = new OidcProvider(idp.baseUrl(), "public-app", null, "Acme SSO", "https://vigil.example.com/");

    assertThat(provider.exchange("public-code", "the-verifier")).isEqualTo("the.id.token");

    LoggedRequest request = idp.findAll(postRequestedFor(urlEqualTo("/token")).withRequestBody(containing("code=public-code"))).get(0);
    assertThat(request.getBodyAsString()).contains("client_id=public-app", "code_verifier=the-verifier",
        "redirect_uri=https%3A%2F%2Fvigil.example.com%2Fsignin%2Foidc%2Fcallback");
    assertThat(request.containsHeader("Authorization")).isFalse();
  }

  @Test
  void givenTheProviderRefusesTheCode_theSigninIsRefusedInWords() {
    idp.stubFor(post(urlEqualTo("/token")).withRequestBody(containing("code=used-code")).willReturn(aResponse()
        .withStatus(400).withHeader("Content-Type", "application/json").withBody("{\"error\":\"invalid_grant\"}")));
    OidcProvider provider = new OidcProvider(idp.baseUrl(), "app", "secret", "Acme SSO", "http://localhost:8080");

    assertThatThrownBy(() -> provider.exchange("used-code", "v"))
        .isInstanceOf(OidcSigninRefused.class)
        .hasMessageContaining("Acme SSO did not accept this sign-in (invalid_grant)");
  }

  @Test
  void givenTheProviderIsUnreachable_aSigninIsRefusedInWords_andTheNextOneAsksAgain() {
    OidcProvider provider = new OidcProvider(idp.baseUrl() + "/missing", "app", "secret", "Acme SSO", "http://localhost:8080");

    assertThatThrownBy(() -> provider.authorizationUrl("s", "n", "c"))
        .isInstanceOf(OidcSigninRefused.class)
        .hasMessageContaining("cannot reach Acme SSO")
        .extracting(e -> ((OidcSigninRefused) e).status().getCode()).isEqualTo(503);
    idp.stubFor(WireMock.get(urlEqualTo("/missing/.well-known/openid-configuration")).willReturn(aResponse()
        .withHeader("Content-Type", "application/json")
        .withBody("{\"jwks_uri\":\"x\",\"authorization_endpoint\":\"https://idp.example/auth\",\"token_endpoint\":\"t\"}")));
    assertThat(provider.authorizationUrl("s", "n", "c").toString()).startsWith("https://idp.example/auth?response_type=code");
  }
}
