package io.vigil.activities.detection;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * A labeled, seeded portfolio of customers whose usage looks like real product data, to measure
 * the detector against (docs/detection.md, "How well it detects"). Every customer's labels and
 * events follow from the seed and its index alone, so a portfolio is the same on every run.
 *
 * <p>What it holds, decided before the detector was measured and not tuned to it:
 * <ul>
 *   <li>seats of three kinds (daily, regular, occasional users), each active on a day with its own
 *       probability; a weekday rhythm (Friday lighter, weekends ~1/8) and month-end peaks (the last
 *       three business days of a month, ×1.2);
 *   <li>35% small accounts of 4-10 seats, 45% of 11-60, 20% large ones of 61-300;
 *   <li>a slow trend per account: 60% flat, 20% growing, 20% declining by 0.5-2% a week;
 *   <li>a training week (activity ×1.7 for 5 weekdays) at 20% of the accounts;
 *   <li>a quiet week of the account's own (a shutdown or offsite: ×0.15 for 5-9 days) at 6%;
 *   <li><b>real drops</b> at 15%: from a labeled weekday on, lasting, 38-80% deep, half as seats
 *       that stop, half as everyone using it less;
 *   <li>late data: 1.5% of customer-days arrive 1-3 days late (after the sweep judged the day);
 *   <li>Thanksgiving (×0.08) and the Friday after (×0.4) for every customer, configured nowhere.
 * </ul>
 * Each active user-day is one login event, and with some probability a use of "dashboards" (0.5),
 * "reports" (0.25) or the rarely used "exports" (0.08).
 */
final class SyntheticPortfolio {
  static final LocalDate THANKSGIVING = LocalDate.of(2026, 11, 26);

  private static final double[] WEEKDAY = {1.0, 1.05, 1.05, 1.0, 0.85, 0.12, 0.1};
  private static final String[] FEATURES = {"dashboards", "reports", "exports"};
  private static final double[] FEATURE_USE = {0.5, 0.25, 0.08};

  private final long seed;
  private final LocalDate historyStart;
  private final LocalDate evaluationStart;
  private final LocalDate evaluationEnd;
  private final List<Account> accounts = new ArrayList<>();

  /** A drop's label: the customer, the day it starts (a weekday) and how deep it is (0.38-0.80). */
  record Drop(LocalDate start, double depth) {}

  /** A week (or so) of unusual activity: [start, end] and the factor on every seat's probability. */
  record Episode(LocalDate start, LocalDate end, double factor) {
    boolean covers(LocalDate day) {
      return !day.isBefore(start) && !day.isAfter(end);
    }
  }

  /** One customer, its seats' base probabilities, and its labels. */
  record Account(String id, int index, String segment, double[] seats, double weeklyTrend, Episode trainingWeek,
      Episode quietWeek, Drop drop, boolean dropBySeats) {
    boolean small() {
      return seats.length <= 10;
    }
  }

  /** One event: who, what, on which day, and the first evaluated day whose sweep sees it. */
  record Event(String customerId, String userId, String type, String featureId, LocalDate day, LocalDate seenFrom) {}

  SyntheticPortfolio(long seed, int customers, LocalDate evaluationStart, LocalDate evaluationEnd) {
    this.seed = seed;
    this.evaluationStart = evaluationStart;
    this.evaluationEnd = evaluationEnd;
    // the evaluation's window (5 weeks) and the 29 days before it that feed its wau and mau
    this.historyStart = evaluationStart.minusDays(7L * 5 + 29);
    for (int i = 0; i < customers; i++) {
      accounts.add(account(i));
    }
  }

  List<Account> accounts() {
    return accounts;
  }

  LocalDate historyStart() {
    return historyStart;
  }

  LocalDate evaluationStart() {
    return evaluationStart;
  }

  LocalDate evaluationEnd() {
    return evaluationEnd;
  }

  private Account account(int index) {
    Random r = independent(seed * 1_000_003L + index);
    double size = r.nextDouble();
    int seatCount = size < 0.35 ? 4 + r.nextInt(7)
        : size < 0.80 ? 11 + r.nextInt(50)
        : (int) Math.round(61 * Math.pow(300.0 / 61, r.nextDouble()));
    String segment = size < 0.35 ? "smb" : size < 0.80 ? "mid-market" : "enterprise";
    double[] seats = new double[seatCount];
    for (int s = 0; s < seatCount; s++) {
      double kind = r.nextDouble();
      seats[s] = kind < 0.30 ? 0.85 : kind < 0.75 ? 0.55 : 0.2;
    }
    double trendKind = r.nextDouble();
    double trend = trendKind < 0.6 ? 0 : (trendKind < 0.8 ? 1 : -1) * (0.005 + 0.015 * r.nextDouble());
    Episode training = r.nextDouble() < 0.20 ? weekdaysFrom(randomWeekday(r, historyStart.plusDays(7), evaluationEnd), 5, 1.7)
        : null;
    Episode quiet = null;
    if (r.nextDouble() < 0.06) {
      LocalDate start = randomWeekday(r, evaluationStart.minusDays(7), evaluationEnd);
      quiet = new Episode(start, start.plusDays(4 + r.nextInt(5)), 0.15);
    }
    Drop drop = r.nextDouble() < 0.15
        ? new Drop(randomWeekday(r, evaluationStart, evaluationEnd.minusDays(8)), 0.38 + 0.42 * r.nextDouble()) : null;
    return new Account("q%05d".formatted(index), index, segment, seats, trend, training, quiet, drop, r.nextBoolean());
  }

  /**
   * A generator for one account's draws. {@code new Random(n)} and {@code new Random(n + 1)} give
   * nearly the same first {@code nextDouble} (the seed is only XOR-scrambled before the first step of
   * a linear congruential generator), which made every account of a portfolio draw the same size
   * class; the seed is mixed first (SplittableRandom's finalizer), so neighbouring accounts differ
   * from their first draw on.
   */
  private static Random independent(long seed) {
    return new Random(new SplittableRandom(seed).nextLong());
  }

  private static Episode weekdaysFrom(LocalDate monday, int days, double factor) {
    LocalDate start = monday.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
    return new Episode(start, start.plusDays(days - 1), factor);
  }

  private static LocalDate randomWeekday(Random r, LocalDate from, LocalDate to) {
    while (true) {
      LocalDate day = from.plusDays(r.nextInt((int) (to.toEpochDay() - from.toEpochDay()) + 1));
      if (day.getDayOfWeek().getValue() <= 5) {
        return day;
      }
    }
  }

  /** Every event of {@code account} from the history's start to the evaluation's end, day by day. */
  void events(Account account, Consumer<Event> sink) {
    Random r = independent(seed * 7_919L + account.index() * 31L + 17);
    int[] stopped = new int[account.seats().length];
    if (account.drop() != null && account.dropBySeats()) {
      for (int s = 0; s < stopped.length; s++) {
        stopped[s] = r.nextDouble() < account.drop().depth() ? 1 : 0;
      }
    }
    for (LocalDate day = historyStart; !day.isAfter(evaluationEnd); day = day.plusDays(1)) {
      double factor = dayFactor(account, day);
      LocalDate seenFrom = r.nextDouble() < 0.015 ? day.plusDays(1 + r.nextInt(3)) : day;
      boolean dropped = account.drop() != null && !day.isBefore(account.drop().start());
      for (int s = 0; s < account.seats().length; s++) {
        if (dropped && account.dropBySeats() && stopped[s] == 1) {
          continue;
        }
        double p = account.seats()[s] * factor * (dropped && !account.dropBySeats() ? 1 - account.drop().depth() : 1);
        if (r.nextDouble() >= Math.min(0.97, p)) {
          continue;
        }
        String user = "u" + s;
        sink.accept(new Event(account.id(), user, "login", null, day, seenFrom));
        for (int f = 0; f < FEATURES.length; f++) {
          if (r.nextDouble() < FEATURE_USE[f]) {
            sink.accept(new Event(account.id(), user, "feature_used", FEATURES[f], day, seenFrom));
          }
        }
      }
    }
  }

  /** The factor on every seat's probability on {@code day}, drops aside. */
  private double dayFactor(Account account, LocalDate day) {
    double factor = WEEKDAY[day.getDayOfWeek().getValue() - 1];
    if (isMonthEnd(day)) {
      factor *= 1.2;
    }
    factor *= Math.pow(1 + account.weeklyTrend(), (day.toEpochDay() - historyStart.toEpochDay()) / 7.0);
    if (account.trainingWeek() != null && account.trainingWeek().covers(day)) {
      factor *= account.trainingWeek().factor();
    }
    if (account.quietWeek() != null && account.quietWeek().covers(day)) {
      factor *= account.quietWeek().factor();
    }
    if (day.equals(THANKSGIVING)) {
      factor *= 0.08;
    } else if (day.equals(THANKSGIVING.plusDays(1))) {
      factor *= 0.4;
    }
    return factor;
  }

  /** One of the last three business days of its month. */
  static boolean isMonthEnd(LocalDate day) {
    if (day.getDayOfWeek().getValue() > 5) {
      return false;
    }
    int businessDaysAfter = 0;
    for (LocalDate d = day.plusDays(1); d.getMonth() == day.getMonth(); d = d.plusDays(1)) {
      if (d.getDayOfWeek().getValue() <= 5) {
        businessDaysAfter++;
      }
    }
    return businessDaysAfter < 3;
  }
}
