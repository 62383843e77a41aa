package io.vigil.activities.report;

import io.vigil.activities.tickets.ThemeFinder;
import io.vigil.activities.tickets.TicketTheme;
import io.vigil.infra.persistence.ThemeTicket;
import io.vigil.workflows.report.IsoWeek;
import jakarta.inject.Singleton;
import java.math.BigDecimal;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The week's top ticket themes (docs/insights.md, "Themes"): tickets opened in the week about the same
 * thing, with their impact (tickets, customers, their ARR) and the customers behind each, so a feature
 * request is read with who asked for it. Themes of the whole portfolio, as the other sections.
 */
@Singleton
public class TicketThemesSection implements WeeklyReportSection {
  static final int TOP = 5;
  /** One ticket is a ticket, not a theme. */
  static final int MIN_TICKETS = 2;
  /** Customers named in a theme's line; the JSON has them all. */
  static final int NAMED = 5;

  private final ThemeFinder finder;

  public TicketThemesSection(ThemeFinder finder) {
    this.finder = finder;
  }

  public record Customer(String customerId, String name, BigDecimal arr) {}

  public record Theme(String key, String theme, String category, int tickets, int customerCount, BigDecimal arr,
      List<Customer> customers, List<String> quotes) {}

  /** {@code tickets}: the week's tickets the themes were found among; {@code truncated} as the themes API's. */
  public record Themes(int tickets, boolean truncated, List<Theme> themes) {}

  @Override
  public String key() {
    return "ticketThemes";
  }

  @Override
  public int order() {
    return 55;
  }

  @Override
  public SectionResult compute(IsoWeek week) {
    ThemeFinder.Found found = finder.find(week.monday().atStartOfDay(ZoneOffset.UTC).toInstant(),
        week.nextMonday().atStartOfDay(ZoneOffset.UTC).toInstant(), null);
    List<Theme> themes = found.themes().stream()
        .filter(t -> t.tickets().size() >= MIN_TICKETS)
        .limit(TOP)
        .map(TicketThemesSection::theme)
        .toList();
    List<String> lines = new ArrayList<>();
    for (Theme t : themes) {
      String named = t.customers().stream().limit(NAMED)
          .map(c -> c.name() + " (" + ReportText.money(c.arr()) + ")").collect(Collectors.joining(", "));
      lines.add(t.theme() + " (" + TicketsSection.label(t.category()) + "): " + t.tickets() + " tickets from "
          + t.customerCount() + (t.customerCount() == 1 ? " customer" : " customers") + " ("
          + ReportText.money(t.arr()) + " ARR): " + named
          + (t.customerCount() > NAMED ? " and " + (t.customerCount() - NAMED) + " more" : ""));
    }
    return new SectionResult(new Themes(found.tickets(), found.truncated(), themes), List.of(),
        new ReportText.Block("Top ticket themes", lines, "No two tickets about the same thing this week."));
  }

  private static Theme theme(TicketTheme t) {
    List<Customer> customers = t.customers().stream()
        .map((ThemeTicket c) -> new Customer(c.customerId(), c.customerName(), c.customerArr())).toList();
    return new Theme(t.key(), t.label(), t.category(), t.tickets().size(), customers.size(), t.totalArr(), customers,
        t.quotes());
  }
}
