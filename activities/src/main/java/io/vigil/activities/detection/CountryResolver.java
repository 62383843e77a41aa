package io.vigil.activities.detection;

import io.micronaut.context.annotation.Value;
import io.vigil.infra.persistence.CustomerPlace;
import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Whose calendar a customer is judged by: its own {@code country}; else its region's, from
 * {@code vigil.region-countries} ({@code VIGIL_REGION_COUNTRIES}, "us-east=US;emea=GB", regions
 * compared without case); else {@code vigil.default-country} ({@code VIGIL_DEFAULT_COUNTRY},
 * default {@code US}; {@code none}: such customers have no public holidays).
 */
@Singleton
public class CountryResolver {
  /** No mapping and no default: only customers with a country of their own have one. */
  public static final CountryResolver OWN_COUNTRY_ONLY = new CountryResolver("", "none");

  private final Map<String, String> regions;
  private final String defaultCountry;

  public CountryResolver(@Value("${vigil.region-countries:}") String regionCountries,
      @Value("${vigil.default-country:US}") String defaultCountry) {
    this.regions = parse(regionCountries == null ? "" : regionCountries);
    String fallback = defaultCountry == null ? "" : defaultCountry.strip();
    this.defaultCountry = fallback.isEmpty() || fallback.equalsIgnoreCase("none") ? null
        : Countries.require(fallback, "vigil.default-country");
  }

  /** The country whose calendar applies to {@code place}, or empty when none is known. */
  public Optional<String> countryOf(CustomerPlace place) {
    if (place.country() != null) {
      return Optional.of(place.country());
    }
    String byRegion = place.region() == null ? null : regions.get(key(place.region()));
    return Optional.ofNullable(byRegion != null ? byRegion : defaultCountry);
  }

  private static Map<String, String> parse(String setting) {
    Map<String, String> regions = new LinkedHashMap<>();
    for (String pair : setting.split(";")) {
      if (pair.isBlank()) {
        continue;
      }
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("vigil.region-countries: \"" + pair.strip()
            + "\" is not region=COUNTRY (e.g. \"us-east=US;emea=GB\")");
      }
      regions.put(key(pair.substring(0, eq)), Countries.require(pair.substring(eq + 1), "vigil.region-countries"));
    }
    return regions;
  }

  private static String key(String region) {
    return region.strip().toLowerCase(Locale.ROOT);
  }
}
