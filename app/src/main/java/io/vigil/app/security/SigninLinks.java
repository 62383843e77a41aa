package io.vigil.app.security;

import io.micronaut.context.annotation.Value;
import io.vigil.infra.persistence.SigninLink;
import io.vigil.infra.persistence.SigninLinkRepository;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * One-time browser sign-in links: a random secret in the link, only its hash stored, a short
 * expiry, usable once. No password is ever stored for the local sign-in.
 */
@Singleton
public class SigninLinks {
  public static final String PREFIX = "vsl_";
  public static final Duration DEFAULT_TTL = Duration.ofMinutes(15);

  private final SigninLinkRepository links;
  private final Clock clock;
  private final String publicUrl;

  public SigninLinks(SigninLinkRepository links, Clock clock,
      @Value("${vigil.public-url:`http://localhost:8080`}") String publicUrl) {
    this.links = links;
    this.clock = clock;
    this.publicUrl = publicUrl.replaceAll("/+$", "");
  }

  /** {@code path} is the link relative to the server, {@code url} the same under VIGIL_PUBLIC_URL. */
  public record Issued(String id, String userId, String path, String url, Instant expiresAt) {}

  public Issued issue(String userId, String createdBy, Duration ttl) {
    String secret = TokenHashes.newSecret(PREFIX);
    String id = TokenHashes.newId("sil_");
    Instant expiresAt = clock.instant().plus(ttl);
    links.insert(id, TokenHashes.hash(secret), userId, expiresAt, createdBy);
    String path = "/signin?token=" + secret;
    return new Issued(id, userId, path, publicUrl + path, expiresAt);
  }

  /** Why a link did not sign anyone in, in words a person can act on. */
  public enum Refusal {
    UNKNOWN("This sign-in link is not valid. Ask an admin for a new one."),
    USED("This sign-in link was already used; each link signs in once. Ask an admin for a new one."),
    EXPIRED("This sign-in link has expired. Ask an admin for a new one.");

    private final String message;

    Refusal(String message) {
      this.message = message;
    }

    public String message() {
      return message;
    }
  }

  /** The user the link signs in, or why it does not; the link is used up either way it succeeds. */
  public record Redemption(String userId, Refusal refusal) {}

  public Redemption redeem(String secret) {
    if (secret == null || !secret.startsWith(PREFIX)) {
      return new Redemption(null, Refusal.UNKNOWN);
    }
    String hash = TokenHashes.hash(secret);
    Instant now = clock.instant();
    String userId = links.use(hash, now);
    if (userId != null) {
      return new Redemption(userId, null);
    }
    Optional<SigninLink> link = links.findByTokenHash(hash);
    Refusal refusal = link.isEmpty() ? Refusal.UNKNOWN : link.get().usedAt() != null ? Refusal.USED : Refusal.EXPIRED;
    return new Redemption(null, refusal);
  }
}
