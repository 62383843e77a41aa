package io.vigil.activities.silence;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.temporal.common.converter.JacksonJsonPayloadConverter;
import io.vigil.activities.health.HealthScore;
import io.vigil.infra.persistence.DailyHealth;
import io.vigil.infra.persistence.HealthStore;
import io.vigil.infra.persistence.TicketRow;
import io.vigil.infra.persistence.TicketStore;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a CSM could talk about with a silent customer: the sentence naming what moved its health
 * most, its usage inputs furthest from their baselines, and its open support tickets, when any.
 */
@Singleton
public class TalkingPoints {
  static final int USAGE_POINTS = 3;
  static final int TICKETS = 3;
  private static final ObjectMapper JSON = JacksonJsonPayloadConverter.newDefaultObjectMapper();

  private final HealthStore health;
  private final TicketStore tickets;

  public TalkingPoints(HealthStore health, TicketStore tickets) {
    this.health = health;
    this.tickets = tickets;
  }

  /** Talking points for the CSM, and the open tickets' subjects for the email. */
  public record Points(List<String> forCsm, List<String> openTickets) {}

  public Points of(String customerId) {
    List<String> points = new ArrayList<>();
    health.latest(customerId).ifPresent(day -> {
      if (day.mostImpactful() != null) {
        points.add(day.mostImpactful());
      }
      usage(day).forEach(points::add);
    });
    List<TicketRow> open = tickets.openTickets(customerId, TICKETS + 1);
    List<String> subjects = open.stream().limit(TICKETS).map(TicketRow::subject).toList();
    if (!open.isEmpty()) {
      points.add((open.size() > TICKETS ? "More than " + TICKETS : String.valueOf(open.size()))
          + " open support ticket" + (open.size() == 1 ? "" : "s") + ": " + String.join("; ", subjects));
    }
    return new Points(points, subjects);
  }

  /** The inputs with a value and a baseline that moved the score most, as "label: value against baseline". */
  private static List<String> usage(DailyHealth day) {
    Map<String, HealthScore.Component> components;
    try {
      components = JSON.readValue(day.componentsJson(), new TypeReference<Map<String, HealthScore.Component>>() {});
    } catch (Exception unreadable) {
      return List.of();
    }
    return components.values().stream().filter(Objects::nonNull).filter(c -> c.inputs() != null)
        .flatMap(c -> c.inputs().stream())
        .filter(i -> i.value() != null && i.baseline() != null && i.effect() != null)
        .sorted(Comparator.comparingDouble((HealthScore.Input i) -> Math.abs(i.effect())).reversed())
        .limit(USAGE_POINTS)
        .map(i -> i.label() + ": " + number(i.value()) + " against " + number(i.baseline())
            + " (moved the score " + signed(i.effect()) + ")")
        .toList();
  }

  private static String number(double value) {
    return value == Math.rint(value) ? String.valueOf((long) value) : String.format(java.util.Locale.ROOT, "%.2f", value);
  }

  private static String signed(double effect) {
    long points = Math.round(effect);
    return (points >= 0 ? "+" : "") + points + " points";
  }
}
