package io.vigil.activities.detection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.LocalDate;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The generator holds what its documentation says it holds, whatever the seed. */
class SyntheticPortfolioTest {
  private static final int ACCOUNTS = 600;

  @ParameterizedTest
  @ValueSource(longs = {20261126L, 20261127L, 1L})
  void givenASeed_theAccountsAreOfEverySizeInTheDocumentedShares(long seed) {
    List<SyntheticPortfolio.Account> accounts = portfolio(seed).accounts();

    // 600 accounts: a share's standard deviation is about 2 points, so 6 points is 3 of them
    assertThat(share(accounts, a -> a.seats().length <= 10)).as("small, 4-10 seats").isCloseTo(0.35, within(0.06));
    assertThat(share(accounts, a -> a.seats().length > 60)).as("large, 61-300 seats").isCloseTo(0.20, within(0.06));
  }

  @ParameterizedTest
  @ValueSource(longs = {20261126L, 20261127L})
  void givenASeed_realDropsAreAsCommonAsDocumented(long seed) {
    assertThat(share(portfolio(seed).accounts(), a -> a.drop() != null)).as("real drops").isCloseTo(0.15, within(0.05));
  }

  private static SyntheticPortfolio portfolio(long seed) {
    return new SyntheticPortfolio(seed, ACCOUNTS, LocalDate.of(2026, 10, 12), LocalDate.of(2026, 12, 11));
  }

  private static double share(List<SyntheticPortfolio.Account> accounts, Predicate<SyntheticPortfolio.Account> which) {
    return (double) accounts.stream().filter(which).count() / accounts.size();
  }
}
