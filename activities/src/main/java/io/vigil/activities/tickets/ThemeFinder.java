package io.vigil.activities.tickets;

import io.vigil.infra.persistence.ThemeTickets;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.List;

/** Themes among the tickets of a range: what the themes API shows and escalations are evaluated on. */
@Singleton
public class ThemeFinder {
  /**
   * The most tickets one finding reads (the newest of the range): clustering keeps a similarity per
   * pair of tickets of a category, so memory grows with its square (docs/insights.md, "Speed").
   */
  public static final int MAX_TICKETS = 20_000;

  private final ThemeTickets tickets;

  public ThemeFinder(ThemeTickets tickets) {
    this.tickets = tickets;
  }

  /** What was read and what was found in it. */
  public record Found(int tickets, boolean truncated, List<TicketTheme> themes) {}

  /** {@code from} inclusive, {@code to} exclusive (null: unbounded); {@code csmIds} null: every customer. */
  public Found find(Instant from, Instant to, List<String> csmIds) {
    var read = tickets.opened(from, to, csmIds, MAX_TICKETS + 1);
    boolean truncated = read.size() > MAX_TICKETS;
    var kept = truncated ? read.subList(1, read.size()) : read; // the oldest goes: the rows come oldest first
    return new Found(kept.size(), truncated, TicketThemes.of(kept));
  }
}
