package io.vigil.activities.detection;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Stage 5's analysis of the small accounts' drops (docs/detection.md, "Stage 5"), straight from the
 * generator's events, without the database: what a detector can know of each small account's drop by
 * its 7th day, and what a "regular seats gone silent" rule would find and raise on the labeled
 * portfolio. It prints; it holds nothing (the detector's own figures are DetectionQualityTest's). Run:
 * {@code mvn -B -o -pl activities -am test -Dgroups=bench -DexcludedGroups=none
 * -Dtest=SmallAccountDropsAnalysis -Dsurefire.failIfNoSpecifiedTests=false [-Dvigil.quality.seed=N]
 * [-Dvigil.analysis.silent-days=4,5] [-Dvigil.analysis.alpha=1e-4] [-Dvigil.analysis.regular=0.6]}.
 */
@Tag("bench")
class SmallAccountDropsAnalysis {
  private final SyntheticPortfolio portfolio = new SyntheticPortfolio(Long.getLong("vigil.quality.seed", DetectionQualityTest.SEED),
      120, LocalDate.of(2026, 10, 12), LocalDate.of(2026, 12, 11));

  /**
   * For each small account's drop, its active user-days (logins seen by then) up to its 7th day
   * against the usual ones (the business-day mean of the 4 weeks before it began): since it began
   * (as if the start were known), and in the last 7, 14 and 21 days.
   */
  @Test
  void whatTheSeventhDayHolds() {
    for (SyntheticPortfolio.Account account : portfolio.accounts()) {
      if (account.drop() == null || !account.small()) {
        continue;
      }
      Map<LocalDate, List<SyntheticPortfolio.Event>> logins = logins(account);
      LocalDate start = account.drop().start();
      LocalDate seventh = start.plusDays(7).isAfter(portfolio.evaluationEnd()) ? portfolio.evaluationEnd() : start.plusDays(7);
      double baselineDays = 0;
      double baselineUserDays = 0;
      for (LocalDate day = start.minusDays(28); day.isBefore(start); day = day.plusDays(1)) {
        if (open(day)) {
          baselineDays++;
          baselineUserDays += logins.getOrDefault(day, List.of()).size();
        }
      }
      double perDay = baselineUserDays / baselineDays;
      StringBuilder line = new StringBuilder(String.format("%s seats=%d start=%s %s depth=%.2f bySeats=%s day7=%s | since it began %s",
          account.id(), account.seats().length, start, start.getDayOfWeek(), account.drop().depth(), account.dropBySeats(), seventh,
          counts(logins, start, seventh, perDay)));
      for (int days : new int[] {7, 14, 21}) {
        line.append(" | last ").append(days).append(" days ").append(counts(logins, seventh.minusDays(days - 1), seventh, perDay));
      }
      System.out.println("DAY7 " + line);
    }
  }

  private static String counts(Map<LocalDate, List<SyntheticPortfolio.Event>> logins, LocalDate from, LocalDate to, double perDay) {
    int days = 0;
    double observed = 0;
    for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1)) {
      if (open(day)) {
        days++;
        observed += logins.getOrDefault(day, List.of()).stream().filter(e -> !e.seenFrom().isAfter(to)).count();
      }
    }
    return String.format("%d business days, %.0f user-days against a usual %.1f, P=%.3g", days, observed, days * perDay,
        DropSignificance.chance(observed, days * perDay));
  }

  /**
   * The rule of "regular seats gone silent", judged on every open business day D: a seat is regular
   * when it was active on at least {@code regular} of the 4 baseline weeks' open business days (D-34 …
   * D-7); it is silent when it has no activity seen by D on the last K open business days to D. Each
   * regular seat's chance of that silence is (1 - p)^K with p its baseline rate ((active + 1) /
   * (days + 2), so a seat seen every day is not certain); the count of silent regular seats is tested
   * against chance (the tail of the sum of those independent chances) for each K, at alpha shared
   * among the K tried, and counts when at least 30% of the regular seats are silent. Prints each
   * firing on an account without a drop (or before it) and each drop's first firing.
   */
  @Test
  void regularSeatsGoneSilent() {
    int[] silentDays = Arrays.stream(System.getProperty("vigil.analysis.silent-days", "4,5").split(","))
        .mapToInt(Integer::parseInt).toArray();
    double alpha = Double.parseDouble(System.getProperty("vigil.analysis.alpha", "1e-4")) / silentDays.length;
    double regular = Double.parseDouble(System.getProperty("vigil.analysis.regular", "0.6"));
    for (SyntheticPortfolio.Account account : portfolio.accounts()) {
      Map<String, Map<LocalDate, LocalDate>> seenFrom = new HashMap<>();
      portfolio.events(account, e -> seenFrom.computeIfAbsent(e.userId(), u -> new HashMap<>())
          .merge(e.day(), e.seenFrom(), (a, b) -> a.isBefore(b) ? a : b));
      LocalDate firstOnTheDrop = null;
      for (LocalDate day = portfolio.evaluationStart(); !day.isAfter(portfolio.evaluationEnd()); day = day.plusDays(1)) {
        if (!open(day)) {
          continue;
        }
        for (int k : silentDays) {
          List<Double> chances = new ArrayList<>();
          List<String> silent = new ArrayList<>();
          List<LocalDate> baseline = openDays(day.minusDays(34), day.minusDays(7));
          List<LocalDate> recent = lastOpenDays(day, k);
          for (int s = 0; s < account.seats().length; s++) {
            Map<LocalDate, LocalDate> active = seenFrom.getOrDefault("u" + s, Map.of());
            LocalDate asOf = day;
            long activeDays = baseline.stream().filter(d -> active.containsKey(d) && !active.get(d).isAfter(asOf)).count();
            if (activeDays < regular * baseline.size()) {
              continue;
            }
            chances.add(Math.pow(1 - (activeDays + 1.0) / (baseline.size() + 2.0), k));
            if (recent.stream().noneMatch(d -> active.containsKey(d) && !active.get(d).isAfter(asOf))) {
              silent.add(String.format("u%d(p=%.2f, %d of %d days)", s, account.seats()[s], activeDays, baseline.size()));
            }
          }
          double chance = atLeast(chances, silent.size());
          if (silent.isEmpty() || chance >= alpha || silent.size() < 0.3 * chances.size()) {
            continue;
          }
          boolean onTheDrop = account.drop() != null && !day.isBefore(account.drop().start());
          if (!onTheDrop || firstOnTheDrop == null) {
            System.out.printf("FIRES %s %s K=%d %s: %d of %d regular seats silent, chance %.2g: %s (drop %s, quiet week %s)%n",
                account.id(), day, k, onTheDrop ? "ON THE DROP" : "FALSE", silent.size(), chances.size(), chance, silent,
                account.drop(), account.quietWeek());
          }
          if (onTheDrop && firstOnTheDrop == null) {
            firstOnTheDrop = day;
          }
        }
      }
      if (account.drop() != null) {
        System.out.printf("DROP %s seats=%d start=%s depth=%.2f bySeats=%s first firing %s%n", account.id(), account.seats().length,
            account.drop().start(), account.drop().depth(), account.dropBySeats(), firstOnTheDrop == null ? "none"
                : firstOnTheDrop + " (day " + (firstOnTheDrop.toEpochDay() - account.drop().start().toEpochDay()) + ")");
      }
    }
  }

  private Map<LocalDate, List<SyntheticPortfolio.Event>> logins(SyntheticPortfolio.Account account) {
    Map<LocalDate, List<SyntheticPortfolio.Event>> byDay = new HashMap<>();
    Consumer<SyntheticPortfolio.Event> sink = e -> {
      if (e.type().equals("login")) {
        byDay.computeIfAbsent(e.day(), d -> new ArrayList<>()).add(e);
      }
    };
    portfolio.events(account, sink);
    return byDay;
  }

  /** A weekday that is neither Thanksgiving nor the Friday after (a holiday, or a remembered common-mode day, in both lanes). */
  private static boolean open(LocalDate day) {
    LocalDate thanksgiving = SyntheticPortfolio.THANKSGIVING;
    return day.getDayOfWeek().getValue() <= 5 && !day.equals(thanksgiving) && !day.equals(thanksgiving.plusDays(1));
  }

  private static List<LocalDate> openDays(LocalDate from, LocalDate to) {
    List<LocalDate> days = new ArrayList<>();
    for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1)) {
      if (open(day)) {
        days.add(day);
      }
    }
    return days;
  }

  private static List<LocalDate> lastOpenDays(LocalDate to, int count) {
    List<LocalDate> days = new ArrayList<>();
    for (LocalDate day = to; days.size() < count; day = day.minusDays(1)) {
      if (open(day)) {
        days.add(day);
      }
    }
    return days;
  }

  /** P(at least {@code count} of independent events with these chances happen): the Poisson-binomial tail. */
  private static double atLeast(List<Double> chances, int count) {
    double[] exactly = new double[chances.size() + 1];
    exactly[0] = 1;
    for (double chance : chances) {
      for (int i = exactly.length - 1; i >= 0; i--) {
        exactly[i] = exactly[i] * (1 - chance) + (i > 0 ? exactly[i - 1] * chance : 0);
      }
    }
    return Arrays.stream(exactly, count, exactly.length).sum();
  }
}
