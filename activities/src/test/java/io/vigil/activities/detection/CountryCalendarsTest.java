package io.vigil.activities.detection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.infra.persistence.CustomerPlace;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which calendar a customer follows, and what that calendar holds (Jollyday, no database). */
class CountryCalendarsTest {
  private static final LocalDate THANKSGIVING = LocalDate.of(2026, 11, 26);
  private static final PublicHolidays ALL = new PublicHolidays("all");

  @Test
  void givenACountryOfItsOwn_itWinsOverTheRegionAndTheDefault() {
    CountryResolver resolver = new CountryResolver("us-east=US;emea=GB", "US");
    assertThat(resolver.countryOf(new CustomerPlace("c", "DE", "emea"))).contains("DE");
  }

  @Test
  void givenNoCountry_theRegionMapsToOne_comparedWithoutCaseOrSpaces() {
    CountryResolver resolver = new CountryResolver(" us-east = us ; EMEA=GB ", "none");
    assertThat(resolver.countryOf(new CustomerPlace("c", null, "emea"))).contains("GB");
    assertThat(resolver.countryOf(new CustomerPlace("c", null, "US-East"))).contains("US");
  }

  @Test
  void givenNeitherCountryNorAMappedRegion_theDefaultCountryApplies_orNoneAtAll() {
    assertThat(new CountryResolver("emea=GB", "US").countryOf(new CustomerPlace("c", null, "apac"))).contains("US");
    assertThat(new CountryResolver("emea=GB", "none").countryOf(new CustomerPlace("c", null, "apac"))).isEmpty();
    assertThat(CountryResolver.OWN_COUNTRY_ONLY.countryOf(new CustomerPlace("c", null, "na"))).isEmpty();
  }

  @Test
  void givenSettingsThatAreNotCountries_theStartFailsNamingTheSetting() {
    assertThatThrownBy(() -> new CountryResolver("emea=Europe", "US"))
        .hasMessageContaining("vigil.region-countries").hasMessageContaining("Europe");
    assertThatThrownBy(() -> new CountryResolver("emea", "US")).hasMessageContaining("region=COUNTRY");
    assertThatThrownBy(() -> new CountryResolver("", "USA")).hasMessageContaining("vigil.default-country");
    assertThatThrownBy(() -> new PublicHolidays("US,XX")).hasMessageContaining("vigil.holiday-calendars");
  }

  @Test
  void givenTheUsCalendar_thanksgivingIsAHoliday_andTheGbCalendarHasNone() {
    assertThat(ALL.between("US", THANKSGIVING.minusDays(3), THANKSGIVING.plusDays(3))).containsExactly(THANKSGIVING);
    assertThat(ALL.between("GB", THANKSGIVING.minusDays(3), THANKSGIVING.plusDays(3))).isEmpty();
  }

  @Test
  void givenAHolidayOnASaturday_theObservedWeekdayIsTheDayOff() {
    // 2026-07-04 is a Saturday: the US observe Independence Day on Friday the 3rd
    assertThat(ALL.between("US", LocalDate.of(2026, 7, 1), LocalDate.of(2026, 7, 6))).containsExactly(LocalDate.of(2026, 7, 3));
  }

  @Test
  void givenAWindowAcrossNewYear_bothYearsCalendarsAreRead() {
    assertThat(ALL.between("GB", LocalDate.of(2026, 12, 20), LocalDate.of(2027, 1, 5)))
        .contains(LocalDate.of(2026, 12, 25), LocalDate.of(2027, 1, 1));
  }

  @Test
  void givenCalendarsSwitchedOffOrLimited_onlyTheListedCountriesHaveHolidays() {
    assertThat(new PublicHolidays("none").between("US", THANKSGIVING, THANKSGIVING)).isEmpty();
    PublicHolidays gbOnly = new PublicHolidays("GB");
    assertThat(gbOnly.between("US", THANKSGIVING, THANKSGIVING)).isEmpty();
    assertThat(gbOnly.between("GB", LocalDate.of(2026, 12, 25), LocalDate.of(2026, 12, 25))).hasSize(1);
  }

  @Test
  void givenACountryWithoutACalendar_itHasNoHolidays() {
    // Antarctica is an ISO code, with no public holidays to know of
    assertThat(ALL.between("AQ", LocalDate.of(2026, 1, 1), LocalDate.of(2026, 12, 31))).isEmpty();
  }

  @Test
  void givenUsAndGbCustomers_theWindowGivesThanksgivingToTheUsOnes_andConfiguredHolidaysToNobodyInParticular() {
    DetectionCalendar calendar = new DetectionCalendar(List.of("2026-11-20"), new CountryResolver("emea=GB", "US"), ALL);
    DetectionCalendar.Window window = calendar.window(List.of(new CustomerPlace("us-1", null, "na"),
        new CustomerPlace("gb-1", null, "emea"), new CustomerPlace("de-1", "DE", "emea")), THANKSGIVING.minusDays(34), THANKSGIVING);

    assertThat(window.offOnDay()).containsExactly("us-1");
    assertThat(window.countries()).containsEntry("us-1", "US").containsEntry("gb-1", "GB").containsEntry("de-1", "DE");
    // Veterans Day (2026-11-11) and Thanksgiving for the US customer; nothing in the window for GB or DE
    assertThat(window.days().customerIds()).containsExactly("us-1", "us-1");
    assertThat(window.days().days()).containsExactlyInAnyOrder(LocalDate.of(2026, 11, 11), THANKSGIVING);
    assertThat(window.days().everyone()).containsExactly(LocalDate.of(2026, 11, 20));
  }

  @Test
  void givenCountryCodes_onlyIsoAlpha2CodesAreTaken_inAnyCase() {
    assertThat(Countries.parse("gb")).contains("GB");
    assertThat(Countries.parse(" US ")).contains("US");
    assertThat(Countries.parse("UK")).isEmpty();
    assertThat(Countries.parse("USA")).isEmpty();
    assertThat(Countries.parse("")).isEmpty();
  }
}
