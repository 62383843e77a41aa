package io.vigil.app.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * API token secrets: 32 random bytes, shown once; only their SHA-256 is stored. A fast hash is
 * enough here (unlike passwords) because the secret is random and long: there is nothing to guess.
 */
final class TokenHashes {
  static final String PREFIX = "vgl_";
  private static final SecureRandom RANDOM = new SecureRandom();

  private TokenHashes() {}

  static String newSecret() {
    return newSecret(PREFIX);
  }

  /** 32 random bytes after {@code prefix}, which tells API tokens, sign-in links and sessions apart. */
  static String newSecret(String prefix) {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  static String newId() {
    return newId("tok_");
  }

  static String newId(String prefix) {
    byte[] bytes = new byte[6];
    RANDOM.nextBytes(bytes);
    return prefix + HexFormat.of().formatHex(bytes);
  }

  static String hash(String secret) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static boolean sameSecret(String expected, String given) {
    return expected != null && given != null
        && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
  }
}
