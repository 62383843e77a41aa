package io.vigil.activities.tickets;

import io.vigil.infra.persistence.ThemeTicket;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Tickets of one category about the same thing. {@code key} is the category and the id of the theme's
 * earliest ticket ({@code feature_request/t-17}): a theme that grows with newer tickets keeps it.
 * {@code terms} are the words that weigh most in the theme (its label), {@code tickets} in (opened, id)
 * order.
 */
public record TicketTheme(String key, String category, List<String> terms, List<ThemeTicket> tickets,
    List<String> quotes) {

  public String label() {
    return String.join(", ", terms);
  }

  /** Each customer once, in the order of their first ticket in the theme. */
  public List<ThemeTicket> customers() {
    Map<String, ThemeTicket> first = new LinkedHashMap<>();
    for (ThemeTicket t : tickets) {
      first.putIfAbsent(t.customerId(), t);
    }
    return List.copyOf(first.values());
  }

  /** The combined ARR of the theme's customers, each counted once. */
  public BigDecimal totalArr() {
    return customers().stream().map(ThemeTicket::customerArr).reduce(BigDecimal.ZERO, BigDecimal::add);
  }
}
