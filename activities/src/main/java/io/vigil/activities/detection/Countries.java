package io.vigil.activities.detection;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** ISO 3166-1 alpha-2 country codes, as the API and the settings take them. */
public final class Countries {
  private static final Set<String> ISO = Set.of(Locale.getISOCountries());

  private Countries() {}

  /** {@code code} upper-cased when it is an ISO 3166-1 alpha-2 code (any case), else empty. */
  public static Optional<String> parse(String code) {
    if (code == null) {
      return Optional.empty();
    }
    String upper = code.strip().toUpperCase(Locale.ROOT);
    return ISO.contains(upper) ? Optional.of(upper) : Optional.empty();
  }

  /** As {@link #parse}, for a setting: a code that is not one stops the start with the setting's name. */
  static String require(String code, String setting) {
    return parse(code).orElseThrow(() -> new IllegalArgumentException(
        setting + ": \"" + code.strip() + "\" is not an ISO 3166-1 alpha-2 country code (such as US, GB, DE)"));
  }
}
