package io.vigil.activities.detection;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.List;
import java.util.Properties;
import org.assertj.core.api.SoftAssertions;

/**
 * One measured run of the detector over a synthetic portfolio, held against the figures recorded in
 * {@code detection-quality.properties} (and docs/detection.md): a change may make them better,
 * never worse. When a change improves them, record the new figures there.
 */
final class DetectionQualityCheck {
  /**
   * No holiday known at all (VIGIL_HOLIDAY_CALENDARS=none, nothing in VIGIL_HOLIDAYS): Thanksgiving
   * and the Friday after are left to the common-mode rule.
   */
  static final String UNCONFIGURED = "unconfigured";
  /**
   * A new installation's defaults: every customer (region "na", no country) follows the US public
   * holidays from Jollyday, which know Thanksgiving but not the Friday after; nothing configured.
   */
  static final String DEFAULTS = "defaults";

  private DetectionQualityCheck() {}

  static List<DetectionReplay.Lane> lanes() {
    return List.of(new DetectionReplay.Lane(UNCONFIGURED,
            remembered -> new DetectionCalendar(List.of(), CountryResolver.OWN_COUNTRY_ONLY, PublicHolidays.NONE, remembered)),
        new DetectionReplay.Lane(DEFAULTS,
            remembered -> new DetectionCalendar(List.of(), new CountryResolver("", "US"), new PublicHolidays("all"), remembered)));
  }

  /** Measures {@code portfolio}, prints the figures and checks them against the ones recorded under {@code name}. */
  static void measureAndCheck(String name, SyntheticPortfolio portfolio) {
    try (TestDatabase db = new TestDatabase()) {
      DetectionReplay.Outcome outcome = new DetectionReplay(db).run(portfolio, lanes());
      Properties recorded = recorded();
      SoftAssertions figures = new SoftAssertions();
      for (DetectionReplay.Lane lane : lanes()) {
        DetectionQuality quality = DetectionQuality.of(lane.name(), portfolio, outcome.alerts().get(lane.name()),
            outcome.lateDays());
        System.out.print(quality.report());
        String key = name + "." + lane.name() + ".";
        System.out.printf("  record as: %srecall=%.4f %sfalsePer100CustomerMonths=%.3f %smedianDelayDays=%.1f%n",
            key, quality.recall(), key, quality.falsePer100CustomerMonths(), key, quality.medianDelayDays());
        figures.assertThat(quality.recall()).as("%s recall", lane.name())
            .isGreaterThanOrEqualTo(Double.parseDouble(recorded.getProperty(key + "recall")));
        figures.assertThat(quality.falsePer100CustomerMonths()).as("%s false alerts per 100 customer-months", lane.name())
            .isLessThanOrEqualTo(Double.parseDouble(recorded.getProperty(key + "falsePer100CustomerMonths")));
        figures.assertThat(quality.medianDelayDays()).as("%s median delay in days", lane.name())
            .isLessThanOrEqualTo(Double.parseDouble(recorded.getProperty(key + "medianDelayDays")));
      }
      figures.assertAll();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Properties recorded() throws IOException {
    Properties properties = new Properties();
    try (InputStream in = DetectionQualityCheck.class.getResourceAsStream("detection-quality.properties")) {
      properties.load(in);
    }
    return properties;
  }
}
