package io.vigil.app.security;

import com.nimbusds.jwt.JWT;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.token.jwt.validator.DefaultJwtAuthenticationFactory;
import io.micronaut.security.token.jwt.validator.JwtAuthenticationFactory;
import io.vigil.infra.persistence.UserRepository;
import jakarta.inject.Singleton;
import java.text.ParseException;
import java.util.Optional;

/**
 * Maps a JWT from the team's identity provider (already verified against the issuer's JWKS and
 * claims by micronaut-security-jwt) to the Vigil user its {@code email} claim names. The role comes
 * from Vigil, never from the token. An email no user has yields a credential with no role: 403.
 */
@Singleton
@Replaces(DefaultJwtAuthenticationFactory.class)
@Requires(property = "vigil.oidc.issuer")
public class OidcAuthenticationFactory implements JwtAuthenticationFactory {
  private final UserRepository users;

  public OidcAuthenticationFactory(UserRepository users) {
    this.users = users;
  }

  @Override
  public Optional<Authentication> createAuthentication(JWT token) {
    try {
      String email = token.getJWTClaimsSet().getStringClaim("email");
      String subject = token.getJWTClaimsSet().getSubject();
      if (email == null || email.isBlank()) {
        return Optional.empty();
      }
      return Optional.of(ApiTokens.forUser(users.findByEmailIgnoringCase(email), email, "oidc:" + subject));
    } catch (ParseException e) {
      return Optional.empty();
    }
  }
}
