package io.vigil.activities.report;

import io.vigil.infra.persistence.WeeklyReportFigures;
import io.vigil.infra.persistence.WeeklyReportFigures.CategoryCount;
import io.vigil.infra.persistence.WeeklyReportFigures.FeatureRequest;
import io.vigil.workflows.report.IsoWeek;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The week's tickets by category (most first) and its feature requests with the customer who asked.
 * Ticket themes (issue 10) come as a section of their own beside this one.
 */
@Singleton
public class TicketsSection implements WeeklyReportSection {
  static final int FEATURE_REQUESTS = 10;
  /** A category is worth a priority when it grew over the week before and has at least this many tickets. */
  static final int GROWING_CATEGORY_MIN = 2;

  private final WeeklyReportFigures figures;

  public TicketsSection(WeeklyReportFigures figures) {
    this.figures = figures;
  }

  public record Tickets(List<CategoryCount> categories, List<FeatureRequest> featureRequests) {}

  @Override
  public String key() {
    return "tickets";
  }

  @Override
  public int order() {
    return 50;
  }

  @Override
  public SectionResult compute(IsoWeek week) {
    List<CategoryCount> categories = figures.ticketCategories(week.monday(), week.nextMonday());
    List<FeatureRequest> requests = figures.featureRequests(week.monday(), week.nextMonday(), FEATURE_REQUESTS);
    List<String> lines = new ArrayList<>();
    for (CategoryCount c : categories) {
      lines.add(label(c.category()) + ": " + c.tickets() + " tickets from " + c.customers() + " customers ("
          + ReportText.money(c.arr()) + " ARR), " + c.previousTickets() + " the week before");
    }
    for (FeatureRequest r : requests) {
      lines.add("Feature request from " + r.customerName() + " (" + r.segment() + ", " + ReportText.money(r.arr())
          + " ARR" + (r.healthBand() == null ? "" : ", " + r.healthBand()) + "): " + r.subject());
    }
    List<Priority> priorities = growing(categories)
        .map(c -> new Priority(Priority.GROWING_TICKET_CATEGORY, null, c.arr(), "Look into " + label(c.category())
            + "s: " + c.tickets() + " tickets from " + c.customers() + " customers this week, " + c.previousTickets()
            + " the week before"))
        .stream().toList();
    return new SectionResult(new Tickets(categories, requests), priorities,
        new ReportText.Block("Support tickets by category", lines, "No tickets this week."));
  }

  /** The category that grew most over the week before (ties: more tickets, then more ARR). */
  static Optional<CategoryCount> growing(List<CategoryCount> categories) {
    return categories.stream()
        .filter(c -> c.tickets() >= GROWING_CATEGORY_MIN && c.tickets() > c.previousTickets())
        .max(Comparator.comparingInt((CategoryCount c) -> c.tickets() - c.previousTickets())
            .thenComparingInt(CategoryCount::tickets)
            .thenComparing(CategoryCount::arr));
  }

  static String label(String category) {
    return category.replace('_', ' ');
  }
}
