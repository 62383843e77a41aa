package io.vigil.activities.health;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.context.annotation.Value;
import io.temporal.common.converter.JacksonJsonPayloadConverter;
import io.vigil.infra.persistence.CustomerScope;
import io.vigil.infra.persistence.DailyHealth;
import io.vigil.infra.persistence.HealthComponent;
import io.vigil.infra.persistence.HealthInput;
import io.vigil.infra.persistence.HealthInputSource;
import io.vigil.infra.persistence.HealthStore;
import io.vigil.infra.persistence.Sql;
import io.vigil.infra.persistence.UsageStore;
import jakarta.inject.Singleton;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Scores customers' health as of a day, a page at a time: every live source reads the whole page
 * (no query per customer), the model scores each customer, the trend compares with the stored days,
 * and the page's days are stored, in one transaction. The daily sweep scores every customer this
 * way; one customer is scored the same way on demand.
 */
@Singleton
public class HealthScoring {
  private static final ObjectMapper JSON = JacksonJsonPayloadConverter.newDefaultObjectMapper();

  private final Sql sql;
  private final List<HealthInputSource> sources;
  private final HealthStore store;
  private final UsageStore usage;
  private final HealthModel model;
  private final Set<HealthComponent> fed;
  private final List<HealthPlaybookTrigger> triggers;
  private final int pageSize;

  public HealthScoring(Sql sql, List<HealthInputSource> sources, HealthStore store, UsageStore usage, HealthWeights weights,
      List<HealthPlaybookTrigger> triggers, @Value("${vigil.health.page-size:5000}") int pageSize) {
    this.sql = sql;
    this.triggers = List.copyOf(triggers);
    this.sources = List.copyOf(sources);
    this.store = store;
    this.usage = usage;
    this.model = new HealthModel(weights);
    this.pageSize = pageSize;
    Set<HealthComponent> components = EnumSet.noneOf(HealthComponent.class);
    sources.forEach(s -> components.add(s.component()));
    this.fed = Set.copyOf(components);
  }

  /** The page of customers after {@code afterCustomerId}, as a page of the sweep. */
  public record Page(String lastCustomerId, boolean last, int customers, int scored) {}

  /**
   * Scores the page of customers after {@code afterCustomerId} (null: the first) as of {@code asOf},
   * the sweep's day: the playbooks on health hear of the page's days.
   */
  public Page scorePage(LocalDate asOf, String afterCustomerId) {
    return scorePage(asOf, afterCustomerId, null, true);
  }

  /**
   * As {@link #scorePage(LocalDate, String)}, among the customers up to and including {@code
   * throughCustomerId} (null: to the last): a page of one slice of the sweep. {@code last}: no customer
   * of the slice follows.
   */
  public Page scorePage(LocalDate asOf, String afterCustomerId, String throughCustomerId) {
    return scorePage(asOf, afterCustomerId, throughCustomerId, true);
  }

  private Page scorePage(LocalDate asOf, String afterCustomerId, String throughCustomerId, boolean current) {
    List<String> ids = usage.customerIdsBetween(afterCustomerId, throughCustomerId, pageSize);
    if (ids.isEmpty()) {
      return new Page(afterCustomerId, true, 0, 0);
    }
    String upTo = ids.get(ids.size() - 1);
    List<DailyHealth> days = score(asOf, CustomerScope.range(afterCustomerId, upTo), ids);
    int scored = (int) days.stream().filter(d -> d.score() != null).count();
    if (current) {
      // After the page's days are committed, so a playbook reads the score it was started for.
      triggers.forEach(trigger -> trigger.dispatch(asOf, days));
    }
    return new Page(upTo, ids.size() < pageSize, ids.size(), scored);
  }

  /** Scores every customer as of {@code asOf}, page after page as the sweep does; answers how many got a score. */
  public long scoreAll(LocalDate asOf) {
    return scoreEveryPage(asOf, true);
  }

  /**
   * Scores every customer on each day from {@code from} to {@code to}, oldest first, so that each
   * day's trend reads the days before it; answers how many got a score on {@code to}. The days before
   * {@code to} are history: the playbooks on health hear of {@code to} only, as they would of a sweep
   * that day, never of a red day the customer has since left (a customer red three weeks ago and green
   * now needs no escalation, and would otherwise get one per playbook).
   */
  public long backfill(LocalDate from, LocalDate to) {
    if (from.isAfter(to)) {
      throw new IllegalArgumentException("a backfill from " + from + " to " + to + " has no days");
    }
    for (LocalDate day = from; day.isBefore(to); day = day.plusDays(1)) {
      scoreEveryPage(day, false);
    }
    return scoreEveryPage(to, true);
  }

  private long scoreEveryPage(LocalDate asOf, boolean current) {
    long scored = 0;
    String after = null;
    while (true) {
      Page page = scorePage(asOf, after, null, current);
      scored += page.scored();
      after = page.lastCustomerId();
      if (page.last()) {
        return scored;
      }
    }
  }

  /** Scores one customer as of {@code asOf}, stores the day and answers it. */
  public HealthScore scoreCustomer(String customerId, LocalDate asOf) {
    Map<String, HealthScore> scores = new HashMap<>();
    score(asOf, CustomerScope.of(customerId), List.of(customerId), scores);
    return scores.get(customerId);
  }

  /**
   * The day an on-demand score is as of: the customer's newest rolled-up usage day up to yesterday
   * ({@code today} - 1), so that a customer whose rollups lag is not scored on a day without data;
   * yesterday when it has none.
   */
  public LocalDate onDemandDay(String customerId, LocalDate today) {
    return store.newestUsageDay(customerId, today.minusDays(1)).orElse(today.minusDays(1));
  }

  /** The components some live source feeds (the others are reported missing for every customer). */
  public Set<HealthComponent> liveComponents() {
    return fed;
  }

  private List<DailyHealth> score(LocalDate asOf, CustomerScope scope, List<String> ids) {
    return score(asOf, scope, ids, new HashMap<>());
  }

  /** Scores and stores the customers' day; answers the stored rows and puts each model score in {@code scores}. */
  private List<DailyHealth> score(LocalDate asOf, CustomerScope scope, List<String> ids, Map<String, HealthScore> scores) {
    sources.forEach(source -> source.prepareDay(asOf));
    return sql.inTransaction(connection -> {
      Map<String, Map<HealthComponent, List<HealthInput>>> inputs = new HashMap<>();
      for (HealthInputSource source : sources) {
        source.read(connection, asOf, scope).forEach((customerId, list) -> inputs
            .computeIfAbsent(customerId, k -> new EnumMap<>(HealthComponent.class))
            .computeIfAbsent(source.component(), k -> new ArrayList<>()).addAll(list));
      }
      Map<String, Double> earlier = store.averageScores(connection, ids, HealthTrend.windowStart(asOf),
          HealthTrend.windowFirstWeekEnd(asOf));
      List<DailyHealth> rows = new ArrayList<>(ids.size());
      for (String id : ids) {
        HealthScore score = model.score(inputs.getOrDefault(id, Map.of()), fed);
        scores.put(id, score);
        HealthTrend trend = HealthTrend.of(score.score(), earlier.get(id));
        rows.add(new DailyHealth(id, asOf, score.score(), score.band() == null ? null : score.band().label(),
            trend == null ? null : trend.label(), decimal(score, HealthComponent.ENGAGEMENT),
            decimal(score, HealthComponent.SENTIMENT), decimal(score, HealthComponent.GROWTH), toJson(score.components()),
            score.missing(), score.mostImpactful(), null));
      }
      store.save(connection, asOf, rows);
      return rows;
    });
  }

  private static BigDecimal decimal(HealthScore score, HealthComponent component) {
    Double value = score.components().get(component.label()).score();
    return value == null ? null : BigDecimal.valueOf(value);
  }

  private static String toJson(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot store health components", e);
    }
  }
}
