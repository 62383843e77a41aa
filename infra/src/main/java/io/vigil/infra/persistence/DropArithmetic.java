package io.vigil.infra.persistence;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The detection's arithmetic for one customer, on its {@link RollupWindow} alone (no database):
 * exactly the rows {@code UsageStore}'s detection statement answers for the customer (its drops in
 * the statement's order, or why it was skipped), value for value. docs/detection.md says what the
 * figures mean; the comments here say which part of the statement each step is.
 *
 * <p>Days are counted back from the evaluated day: {@code k = asOf - day}, week {@code k / 7} (0 the
 * recent week, 1..N the baseline), day in week {@code k % 7} (0 the evaluated day's weekday).
 * A figure absent from the statement (SQL NULL) is a null {@code Long}/{@code Double} here.
 */
public final class DropArithmetic {
  /** Who the drops belong to, as the statement joins it from {@code customers}. */
  public record Account(String id, String name, String csmId, String segment, BigDecimal arr) {}

  /** The customer's drops past the threshold (the statement's order), or the reason it was not evaluated. */
  public record Verdict(List<DetectedDrop> drops, String skipReason) {}

  private static final Comparator<Candidate> STATEMENT_ORDER = Comparator
      .comparingDouble((Candidate c) -> c.pct).reversed()
      .thenComparing(c -> c.metric)
      .thenComparing(c -> c.feature, Comparator.nullsLast(Comparator.naturalOrder()));

  private final LocalDate asOf;
  private final int weeks;
  /** 7 × (weeks + 1): the days judged, counted back from the evaluated day. */
  private final int days;
  /** Whether day k is a weekday; the same for every customer, so worked out once. */
  private final boolean[] business;
  private final double minPercent;
  private final double minBaselineUsers;
  private final double minBaselineFeatureUses;

  public DropArithmetic(LocalDate asOf, int baselineWeeks, double minPercent, double minBaselineUsers,
      double minBaselineFeatureUses) {
    this.asOf = asOf;
    this.weeks = baselineWeeks;
    this.minPercent = minPercent;
    this.minBaselineUsers = minBaselineUsers;
    this.minBaselineFeatureUses = minBaselineFeatureUses;
    this.days = 7 * baselineWeeks + 7;
    this.business = new boolean[days];
    for (int k = 0; k < days; k++) {
      DayOfWeek weekday = asOf.minusDays(k).getDayOfWeek();
      business[k] = weekday != DayOfWeek.SATURDAY && weekday != DayOfWeek.SUNDAY;
    }
  }

  /** The first day the detection reads: the baseline's first week's first day. */
  public LocalDate windowStart() {
    return asOf.minusDays(7L * weeks + 6);
  }

  /** {@code holidays}: the customer's days off (everyone's and its own); only the window's matter. */
  public Verdict judge(Account account, RollupWindow window, Set<LocalDate> holidays) {
    // per customer only what differs between customers: where its arrays hold each day, and its days
    // off (a handful, so each is placed, rather than every day looked up in the set)
    int[] at = new int[days];
    boolean[] has = new boolean[days];
    boolean[] holiday = new boolean[days];
    long asOfAt = ChronoUnit.DAYS.between(window.start(), asOf);
    int length = window.dau().length;
    for (int k = 0; k < days; k++) {
      long i = asOfAt - k;
      at[k] = i >= 0 && i < length ? (int) i : -1;
      has[k] = RollupWindow.at(window.dau(), at[k]) != RollupWindow.NO_ROLLUP;
    }
    for (LocalDate day : holidays) {
      long k = ChronoUnit.DAYS.between(day, asOf);
      if (k >= 0 && k < days) {
        holiday[(int) k] = true;
      }
    }

    // per_week: the week's figures; its end (k = 7w) is the evaluated day's weekday
    Long[] dayDau = new Long[weeks + 1];
    Long[] weekWau = new Long[weeks + 1];
    Long[] weekMau = new Long[weeks + 1];
    Long[] loginDays = new Long[weeks + 1];
    Long[] loginWau = new Long[weeks + 1];
    Double[] login = new Double[weeks + 1];
    Long[] userDays = new Long[weeks + 1];
    long[] openBusinessDays = new long[weeks + 1];
    boolean[] hasEnd = new boolean[weeks + 1];
    boolean anyRow = false;
    for (int w = 0; w <= weeks; w++) {
      // summed unboxed, boxed once per week (a Long per day was most of this loop's cost)
      long logins = 0;
      long users = 0;
      boolean anyLogins = false;
      boolean anyUsers = false;
      for (int k = 7 * w; k < 7 * w + 7; k++) {
        if (!has[k]) {
          continue;
        }
        anyRow = true;
        anyLogins = true;
        logins += window.loginUsers()[at[k]];
        if (!holiday[k]) {
          anyUsers = true;
          users += window.dau()[at[k]];
          openBusinessDays[w] += business[k] ? 1 : 0;
        }
      }
      loginDays[w] = anyLogins ? logins : null;
      userDays[w] = anyUsers ? users : null;
      int end = 7 * w;
      hasEnd[w] = has[end];
      if (hasEnd[w]) {
        dayDau[w] = holiday[end] ? null : (long) window.dau()[at[end]];
        weekWau[w] = (long) window.wau()[at[end]];
        weekMau[w] = (long) window.mau()[at[end]];
        loginWau[w] = (long) window.loginWau()[at[end]];
        login[w] = loginWau[w] == 0 ? null : loginDays[w].doubleValue() / loginWau[w];
      }
    }
    int baselineWeeks = 0;
    for (int w = 1; w <= weeks; w++) {
      baselineWeeks += hasEnd[w] ? 1 : 0;
    }
    // evaluated: a rollup for the evaluated day and every baseline week's last day
    if (!anyRow || !hasEnd[0] || baselineWeeks != weeks) {
      return new Verdict(List.of(), DropScan.NOT_ENOUGH_HISTORY);
    }

    // per_day: each day of the recent week with its weekday's trimmed baseline (holidays left out)
    Long[] cur = new Long[7];
    Double[] base = new Double[7];
    for (int j = 0; j < 7; j++) {
      Long[] open = new Long[weeks + 1];
      for (int w = 0; w <= weeks; w++) {
        int k = 7 * w + j;
        open[w] = has[k] && !holiday[k] ? (long) window.dau()[at[k]] : null;
      }
      cur[j] = open[0];
      base[j] = trimmed(open);
    }
    // week_days: the evaluated day is a data gap when no event came on it after an active previous open business day
    Long previousOpen = null;
    for (int j = 1; j < 7 && previousOpen == null; j++) {
      previousOpen = business[j] ? cur[j] : null;
    }
    boolean gap = business[0] && cur[0] != null && cur[0] == 0 && previousOpen != null && previousOpen > 0;
    Double usualUserDays = null;
    for (int j = gap ? 1 : 0; j < 7; j++) {
      if (cur[j] != null && base[j] != null) {
        usualUserDays = usualUserDays == null ? base[j] : usualUserDays + base[j];
      }
    }
    long openBusiness = Math.max(openBusinessDays[0] - (gap ? 1 : 0), 0);

    Double baseDayDau = trimmed(dayDau);
    Double baseWau = trimmed(weekWau);
    Double baseLogin = trimmedDoubles(login);
    Double baseLoginDays = trimmed(loginDays);
    Double baseLoginWau = trimmed(loginWau);
    double baseMau = weekMau[weeks];
    Double curUserDays = userDays[0] == null ? null : userDays[0].doubleValue();
    Double curLogin = openBusiness == 0 ? null : (login[0] == null ? 0.0 : login[0]) * 5.0 / openBusiness;

    List<Candidate> candidates = new ArrayList<>();
    Double weekPct = usualUserDays == null || curUserDays == null || usualUserDays == 0 ? null
        : 100.0 * (usualUserDays - curUserDays) / usualUserDays;
    account(candidates, "dau", asDouble(dayDau[0]), baseDayDau, baseDayDau, weekPct, curUserDays, usualUserDays, gap);
    account(candidates, "wau", asDouble(weekWau[0]), baseWau, baseWau, null, curUserDays, usualUserDays, false);
    account(candidates, "mau", asDouble(weekMau[0]), baseMau, baseMau, null, curUserDays, usualUserDays, false);
    account(candidates, "login_frequency", curLogin, baseLogin, baseLoginWau, null, asDouble(loginDays[0]),
        baseLoginDays == null ? null : baseLoginDays * openBusiness / 5.0, false);

    // feature_weekly: a week without a use counts as 0
    boolean anyFeatureBaseline = false;
    List<Candidate> features = new ArrayList<>();
    for (Map.Entry<String, int[]> feature : window.featureUses().entrySet()) {
      // summed unboxed in the same order (0.0, then each day), boxed once per week
      double[] sums = new double[weeks + 1];
      boolean[] used = new boolean[weeks + 1];
      boolean present = false;
      for (int k = 0; k < days; k++) {
        int uses = RollupWindow.at(feature.getValue(), at[k]);
        if (uses != RollupWindow.NO_ROLLUP) {
          present = true;
          used[k / 7] = true;
          sums[k / 7] += uses;
        }
      }
      if (!present) {
        continue;
      }
      Double[] weekUses = new Double[weeks + 1];
      for (int w = 0; w <= weeks; w++) {
        weekUses[w] = used[w] ? sums[w] : null;
      }
      double featureBase = trimmedWithMissingWeeksAsZero(weekUses);
      if (featureBase < minBaselineFeatureUses) {
        continue;
      }
      anyFeatureBaseline = true;
      if (openBusiness > 0) {
        double uses = weekUses[0] == null ? 0.0 : weekUses[0];
        double perFiveDays = uses * 5.0 / openBusiness;
        features.add(new Candidate("feature_usage", feature.getKey(), perFiveDays, featureBase,
            100.0 * (featureBase - perFiveDays) / featureBase, null, uses, featureBase * openBusiness / 5.0, false));
      }
    }
    // skipped: too small on every account metric and every feature
    double largestBaseline = max(baseDayDau, baseWau, baseMau, baseLoginWau);
    if (largestBaseline < minBaselineUsers && !anyFeatureBaseline) {
      return new Verdict(List.of(), DropScan.BASELINE_TOO_SMALL);
    }
    for (Candidate feature : features) {
      feature.featuresTested = features.size();
      feature.accountCount = curUserDays;
      feature.accountUsual = usualUserDays;
    }
    candidates.addAll(features);

    RecentDays recent = recentDays(cur, base, business, gap);
    List<Candidate> kept = new ArrayList<>();
    for (Candidate c : candidates) {
      if (c.pct > minPercent) {
        kept.add(c);
      }
    }
    kept.sort(STATEMENT_ORDER);
    List<DetectedDrop> drops = new ArrayList<>(kept.size());
    for (Candidate c : kept) {
      drops.add(new DetectedDrop(account.id(), account.name(), account.csmId(), account.segment(), account.arr(),
          c.metric, c.feature, round(c.cur, 2), round(c.base, 2), round(c.pct, 1),
          c.weekPct == null ? null : round(c.weekPct, 1), c.curCount, c.baseCount,
          c.metric.equals("dau") ? recent : null, c.dataGap, c.featuresTested, c.accountCount, c.accountUsual));
    }
    return new Verdict(drops, null);
  }

  /** candidates (account metrics): kept when the baseline has the minimum users and there is a current value. */
  private void account(List<Candidate> candidates, String metric, Double cur, Double base, Double baseUsers,
      Double weekPct, Double curCount, Double baseCount, boolean dataGap) {
    if (baseUsers != null && baseUsers >= minBaselineUsers && base != null && base > 0 && cur != null) {
      candidates.add(new Candidate(metric, null, cur, base, 100.0 * (base - cur) / base, weekPct, curCount, baseCount,
          dataGap));
    }
  }

  /**
   * judged_days / recent: the days since a DAU drop began, the run ending on the evaluated day before
   * the nearest business day that reached its weekday's baseline; reported with two business days or more.
   */
  private static RecentDays recentDays(Long[] cur, Double[] base, boolean[] business, boolean gap) {
    int lastUsual = 7;
    for (int j = gap ? 1 : 0; j < 7; j++) {
      if (cur[j] != null && base[j] != null && business[j] && cur[j] >= base[j]) {
        lastUsual = j;
        break;
      }
    }
    double count = 0;
    Double usual = null;
    int businessDays = 0;
    int lastDay = -1;
    for (int j = gap ? 1 : 0; j < lastUsual; j++) {
      if (cur[j] != null && base[j] != null) {
        count += cur[j];
        usual = usual == null ? base[j] : usual + base[j];
        businessDays += business[j] ? 1 : 0;
        lastDay = j;
      }
    }
    return businessDays >= 2 ? new RecentDays(count, usual, lastDay + 1) : null;
  }

  /** TRIMMED over the baseline weeks (1..N): without the highest and the lowest of three or more, else the mean; nulls left out. */
  private static Double trimmed(Long[] byWeek) {
    long sum = 0;
    long max = Long.MIN_VALUE;
    long min = Long.MAX_VALUE;
    int count = 0;
    for (int w = 1; w < byWeek.length; w++) {
      if (byWeek[w] != null) {
        sum += byWeek[w];
        max = Math.max(max, byWeek[w]);
        min = Math.min(min, byWeek[w]);
        count++;
      }
    }
    if (count == 0) {
      return null;
    }
    return count >= 3 ? (double) (sum - (max + min)) / (count - 2) : (double) sum / count;
  }

  private static Double trimmedDoubles(Double[] byWeek) {
    Double sum = null;
    double max = Double.NEGATIVE_INFINITY;
    double min = Double.POSITIVE_INFINITY;
    int count = 0;
    for (int w = 1; w < byWeek.length; w++) {
      if (byWeek[w] != null) {
        sum = sum == null ? byWeek[w] : sum + byWeek[w];
        max = Math.max(max, byWeek[w]);
        min = Math.min(min, byWeek[w]);
        count++;
      }
    }
    if (count == 0) {
      return null;
    }
    return count >= 3 ? (sum - (max + min)) / (count - 2) : sum / count;
  }

  /** FEATURE_TRIMMED: over all N baseline weeks, a week without a row counting as 0. */
  private double trimmedWithMissingWeeksAsZero(Double[] byWeek) {
    double sum = 0;
    Double max = null;
    Double min = null;
    int count = 0;
    for (int w = 1; w < byWeek.length; w++) {
      if (byWeek[w] != null) {
        sum += byWeek[w];
        max = max == null ? byWeek[w] : Math.max(max, byWeek[w]);
        min = min == null ? byWeek[w] : Math.min(min, byWeek[w]);
        count++;
      }
    }
    double trim = weeks >= 3 ? (max == null ? 0 : max) + (count < weeks ? 0 : min) : 0;
    return (sum - trim) / (weeks - (weeks >= 3 ? 2 : 0));
  }

  private static Double asDouble(Long value) {
    return value == null ? null : value.doubleValue();
  }

  /** greatest(...) of the non-null values, 0 when all are null (coalesce). */
  private static double max(Double... values) {
    Double max = null;
    for (Double v : values) {
      if (v != null && (max == null || v > max)) {
        max = v;
      }
    }
    return max == null ? 0 : max;
  }

  /**
   * round(x::numeric, places) as PostgreSQL 14 does it: float8 to numeric keeps 15 significant digits
   * (correctly rounded), then round() rounds half away from zero.
   */
  static double round(double value, int places) {
    if (value == 0 || Double.isNaN(value) || Double.isInfinite(value)) {
      return value;
    }
    return new BigDecimal(value).round(new MathContext(15, RoundingMode.HALF_EVEN))
        .setScale(places, RoundingMode.HALF_UP).doubleValue();
  }

  /** One row of the statement's candidates before the threshold. */
  private static final class Candidate {
    final String metric;
    final String feature;
    final double cur;
    final double base;
    final double pct;
    final Double weekPct;
    final Double curCount;
    final Double baseCount;
    final boolean dataGap;
    Integer featuresTested;
    Double accountCount;
    Double accountUsual;

    Candidate(String metric, String feature, double cur, double base, double pct, Double weekPct, Double curCount,
        Double baseCount, boolean dataGap) {
      this.metric = metric;
      this.feature = feature;
      this.cur = cur;
      this.base = base;
      this.pct = pct;
      this.weekPct = weekPct;
      this.curCount = curCount;
      this.baseCount = baseCount;
      this.dataGap = dataGap;
    }
  }
}
