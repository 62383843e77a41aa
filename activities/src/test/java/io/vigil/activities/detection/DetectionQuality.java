package io.vigil.activities.detection;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * How well one lane of a {@link DetectionReplay} detected the labeled portfolio:
 * <ul>
 *   <li><b>recall</b>: the share of real drops alerted on within 7 days of their start (evaluated
 *       day − start day ≤ 7);
 *   <li><b>false alerts per 100 customer-months</b>: alerts on a customer without a real drop, or
 *       before its drop began, per 100 × (customers × evaluated calendar days / 30.44);
 *   <li><b>median delay</b>: calendar days from a found drop's start to the evaluated day of its
 *       first alert (0: the sweep as of the start day found it);
 * </ul>
 * and where the false alerts came from (the first label that explains one, in the order of
 * {@link #cause}). Alerts on a real drop after the first are repeats, counted apart.
 */
record DetectionQuality(String lane, int drops, int found, double recall, int falseAlerts, double customerMonths,
    double falsePer100CustomerMonths, double medianDelayDays, int repeatAlerts, Map<String, Integer> falseByCause,
    Map<String, Integer> falseByMetric) {

  static DetectionQuality of(String lane, SyntheticPortfolio portfolio, List<DetectionReplay.Alert> alerts,
      List<DetectionReplay.LateDay> lateDays) {
    Map<String, List<DetectionReplay.LateDay>> late = lateDays.stream()
        .collect(Collectors.groupingBy(DetectionReplay.LateDay::customerId));
    Map<String, List<DetectionReplay.Alert>> byCustomer = alerts.stream()
        .sorted(Comparator.comparing(DetectionReplay.Alert::day))
        .collect(Collectors.groupingBy(DetectionReplay.Alert::customerId));
    int drops = 0;
    List<Long> delays = new ArrayList<>();
    int falseAlerts = 0;
    int repeats = 0;
    Map<String, Integer> causes = new TreeMap<>();
    Map<String, Integer> metrics = new TreeMap<>();
    for (SyntheticPortfolio.Account account : portfolio.accounts()) {
      List<DetectionReplay.Alert> own = byCustomer.getOrDefault(account.id(), List.of());
      SyntheticPortfolio.Drop drop = account.drop();
      if (drop != null) {
        drops++;
        Optional<DetectionReplay.Alert> first = own.stream().filter(a -> !a.day().isBefore(drop.start())).findFirst();
        first.map(a -> a.day().toEpochDay() - drop.start().toEpochDay()).filter(d -> d <= 7).ifPresent(delays::add);
        if (Boolean.getBoolean("vigil.quality.details")) {
          System.out.printf("    drop %s %s %s start=%s depth=%.2f seats=%d bySeats=%s first=%s%n", lane, account.id(),
              drop.start().getDayOfWeek(), drop.start(), drop.depth(), account.seats().length, account.dropBySeats(),
              first.map(a -> a.day() + " " + a.details()).orElse("none"));
        }
      }
      long onTheDrop = drop == null ? 0 : own.stream().filter(a -> !a.day().isBefore(drop.start())).count();
      repeats += (int) Math.max(0, onTheDrop - 1);
      for (DetectionReplay.Alert alert : own) {
        if (drop == null || alert.day().isBefore(drop.start())) {
          falseAlerts++;
          String cause = cause(account, alert.day(), late.getOrDefault(account.id(), List.of()));
          causes.merge(cause, 1, Integer::sum);
          if (Boolean.getBoolean("vigil.quality.details")) {
            System.out.printf("    false %s %s %s seats=%d trend=%.3f %s: %s%n", lane, account.id(), alert.day(),
                account.seats().length, account.weeklyTrend(), cause, alert.details());
          }
          metrics.merge(alert.metric(), 1, Integer::sum);
        }
      }
    }
    long days = portfolio.evaluationEnd().toEpochDay() - portfolio.evaluationStart().toEpochDay() + 1;
    double customerMonths = portfolio.accounts().size() * days / 30.44;
    delays.sort(Long::compare);
    double median = delays.isEmpty() ? Double.NaN
        : delays.size() % 2 == 1 ? delays.get(delays.size() / 2)
        : (delays.get(delays.size() / 2 - 1) + delays.get(delays.size() / 2)) / 2.0;
    return new DetectionQuality(lane, drops, delays.size(), drops == 0 ? 1 : (double) delays.size() / drops, falseAlerts,
        customerMonths, 100.0 * falseAlerts / customerMonths, median, repeats, causes, metrics);
  }

  /** The label that explains a false alert on {@code day}: the first that applies, in this order. */
  static String cause(SyntheticPortfolio.Account account, LocalDate day, List<DetectionReplay.LateDay> lateDays) {
    LocalDate thanksgiving = SyntheticPortfolio.THANKSGIVING;
    if (!day.isBefore(thanksgiving) && day.isBefore(thanksgiving.plusDays(7))) {
      return "portfolio holiday (Thanksgiving) in the recent week";
    }
    if (lateDays.stream().anyMatch(l -> !l.day().isBefore(day.minusDays(6)) && !l.day().isAfter(day)
        && l.seenFrom().isAfter(day))) {
      return "events of the recent week not arrived yet (late data)";
    }
    if (account.quietWeek() != null && !day.isBefore(account.quietWeek().start())
        && day.isBefore(account.quietWeek().end().plusDays(7))) {
      return "the account's own quiet week in the recent week";
    }
    if (account.trainingWeek() != null && !account.trainingWeek().end().isBefore(day.minusDays(34))
        && account.trainingWeek().start().isBefore(day.minusDays(6))) {
      return "a training week in the baseline";
    }
    if (!thanksgiving.isBefore(day.minusDays(34)) && thanksgiving.isBefore(day.minusDays(6))) {
      return "portfolio holiday (Thanksgiving) in the baseline";
    }
    if (account.small()) {
      return "small account (4-10 seats), nothing unusual";
    }
    return account.weeklyTrend() < 0 ? "slow decline, nothing else unusual" : "nothing unusual";
  }

  String report() {
    StringBuilder text = new StringBuilder();
    text.append(String.format("  %s: recall %.3f (%d of %d drops found within 7 days), false alerts %.2f per 100 "
            + "customer-months (%d in %.0f customer-months), median delay %.1f days, %d repeat alerts on real drops%n",
        lane, recall, found, drops, falsePer100CustomerMonths, falseAlerts, customerMonths, medianDelayDays, repeatAlerts));
    falseByCause.forEach((cause, n) -> text.append(String.format("      false alerts from %s: %d%n", cause, n)));
    text.append("      false alerts led by: ").append(falseByMetric).append('\n');
    return text.toString();
  }
}
