package io.vigil.app.security;

import com.nimbusds.jwt.JWTClaimsSet;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.vigil.infra.persistence.OidcSignin;
import io.vigil.infra.persistence.OidcSigninRepository;
import io.vigil.infra.persistence.User;
import io.vigil.infra.persistence.UserRepository;
import jakarta.inject.Singleton;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/**
 * Browser sign-in through the team's identity provider (docs/security.md, "Signing in with your
 * identity provider"): the authorization code flow with PKCE. {@link #begin} keeps the code verifier,
 * the nonce and the page to return to in a row keyed by the state's hash; the browser keeps the state
 * in a cookie, so the callback is honoured only in the browser that started it, once, within
 * {@link #TTL}. {@link #finish} answers the Vigil user the verified email names.
 */
@Singleton
@Requires(property = "vigil.oidc.client-id")
public class OidcSignins {
  public static final Duration TTL = Duration.ofMinutes(10);

  private final OidcProvider provider;
  private final IdTokenVerifier idTokens;
  private final OidcSigninRepository signins;
  private final UserRepository users;
  private final Clock clock;

  public OidcSignins(OidcProvider provider, IdTokenVerifier idTokens, OidcSigninRepository signins, UserRepository users,
      Clock clock) {
    this.provider = provider;
    this.idTokens = idTokens;
    this.signins = signins;
    this.users = users;
    this.clock = clock;
  }

  /** {@code state} goes into the browser's cookie, {@code authorizationUrl} is where the browser goes next. */
  public record Started(URI authorizationUrl, String state) {}

  /** The user signed in, and the page of Vigil they asked for. */
  public record Finished(String userId, String next) {}

  /** {@code next}: already a path of this server (Pages.safeNext). */
  public Started begin(String next) {
    Instant now = clock.instant();
    signins.deleteExpiredBefore(now.minus(Duration.ofDays(1)));
    String state = TokenHashes.newSecret("");
    String nonce = TokenHashes.newSecret("");
    String verifier = TokenHashes.newSecret("");
    signins.insert(TokenHashes.hash(state), verifier, nonce, next, now.plus(TTL));
    return new Started(provider.authorizationUrl(state, nonce, challenge(verifier)), state);
  }

  /**
   * The callback: {@code state} from the query, {@code browserState} from the cookie. Throws
   * {@link OidcSigninRefused} saying why nobody is signed in.
   */
  public Finished finish(@Nullable String state, @Nullable String browserState, @Nullable String code,
      @Nullable String error) {
    if (state == null || !TokenHashes.sameSecret(browserState, state)) {
      throw OidcSigninRefused.badRequest("This sign-in was not started in this browser, or it took longer than "
          + TTL.toMinutes() + " minutes. Sign in again.");
    }
    String stateHash = TokenHashes.hash(state);
    if (signins.use(stateHash, clock.instant()) != 1) {
      throw OidcSigninRefused.badRequest("This sign-in is already finished or has expired. Sign in again.");
    }
    OidcSignin signin = signins.findById(stateHash).orElseThrow();
    if (error != null) {
      // the provider's error code only (OAuth 2.0 codes are [a-z_]): the query is anyone's to write
      String said = error.matches("[A-Za-z_]{1,40}") ? error : "an error";
      throw OidcSigninRefused.badRequest(provider.name() + " did not sign you in (" + said + "). Sign in again.");
    }
    if (code == null || code.isBlank()) {
      throw OidcSigninRefused.badRequest(provider.name() + " sent no sign-in code. Sign in again.");
    }
    JWTClaimsSet claims = idTokens.verify(provider.exchange(code, signin.codeVerifier()), signin.nonce());
    return new Finished(userFor(claims).id(), signin.nextPath());
  }

  private User userFor(JWTClaimsSet claims) {
    String email;
    Boolean verified;
    try {
      email = claims.getStringClaim("email");
      verified = claims.getBooleanClaim("email_verified");
    } catch (ParseException e) {
      throw OidcSigninRefused.badRequest(provider.name() + " sent an email claim Vigil cannot read.");
    }
    if (email == null || email.isBlank()) {
      throw OidcSigninRefused.forbidden(provider.name() + " did not tell Vigil your email address, which is how Vigil "
          + "knows who you are. An admin must allow the 'email' scope for Vigil there.");
    }
    if (Boolean.FALSE.equals(verified)) {
      throw OidcSigninRefused.forbidden(provider.name() + " has not verified the email " + email
          + ", so Vigil cannot sign you in with it. Verify it there, then sign in again.");
    }
    Optional<User> user = users.findByEmailIgnoringCase(email);
    return user.orElseThrow(() -> OidcSigninRefused.forbidden("You are signed in to " + provider.name() + " as " + email
        + ", but no Vigil user has that email. Ask a Vigil admin to add you."));
  }

  /** PKCE's S256: the base64url SHA-256 of the verifier (RFC 7636 4.2). */
  static String challenge(String verifier) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
