package io.vigil.app.security;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.net.MalformedURLException;
import java.net.URI;
import java.text.ParseException;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks an ID token as OpenID Connect Core 3.1.3.7 asks, with Nimbus JOSE doing the checking: the
 * signature by one of the issuer's keys (its JWKS, cached), {@code iss} the issuer, {@code aud} our
 * client id, not expired (a minute of clock skew), and {@code nonce} the one this sign-in sent.
 */
@Singleton
@Requires(property = "vigil.oidc.client-id")
class IdTokenVerifier {
  private static final Logger LOG = LoggerFactory.getLogger(IdTokenVerifier.class);
  private static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512,
      JWSAlgorithm.PS256, JWSAlgorithm.ES256, JWSAlgorithm.ES384);

  private final OidcProvider provider;
  private volatile JWKSource<SecurityContext> keys;

  IdTokenVerifier(OidcProvider provider) {
    this.provider = provider;
  }

  JWTClaimsSet verify(String idToken, String nonce) {
    DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
    processor.setJWSKeySelector(new JWSVerificationKeySelector<>(ALGORITHMS, keys()));
    processor.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(provider.clientId(),
        new JWTClaimsSet.Builder().issuer(provider.issuer()).claim("nonce", nonce).build(),
        Set.of("sub", "iat", "exp")));
    try {
      return processor.process(idToken, null);
    } catch (ParseException | BadJOSEException | com.nimbusds.jose.JOSEException e) {
      LOG.warn("Refused an ID token from {}: {}", provider.issuer(), e.getMessage());
      throw OidcSigninRefused.badRequest("Vigil could not verify the answer from " + provider.name()
          + " (an ID token that is expired, for another application or for another sign-in). Sign in again.");
    }
  }

  private JWKSource<SecurityContext> keys() {
    JWKSource<SecurityContext> known = keys;
    if (known == null) {
      try {
        known = JWKSourceBuilder.create(URI.create(provider.jwksUri()).toURL(), new DefaultResourceRetriever(5_000, 5_000, 256 * 1024))
            .retrying(true).build();
      } catch (MalformedURLException e) {
        throw new IllegalStateException("the identity provider's jwks_uri is not a URL: " + provider.jwksUri(), e);
      }
      keys = known;
    }
    return known;
  }
}
