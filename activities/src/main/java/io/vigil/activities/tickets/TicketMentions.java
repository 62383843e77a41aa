package io.vigil.activities.tickets;

import io.vigil.activities.report.ReportText;
import io.vigil.infra.persistence.ProductIncident;
import io.vigil.infra.persistence.TicketRow;
import io.vigil.infra.persistence.TicketStore;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * A customer's support tickets as the playbooks mention them (docs/insights.md, "Tickets in the
 * playbooks"): the usage-drop alert and check-in name the open ones, an incident's affected
 * customers those opened since it started. One line per ticket: its subject, id, priority and age.
 */
@Singleton
public class TicketMentions {
  /** Tickets named per customer; the rest are counted. */
  public static final int SHOWN = 5;

  private final TicketStore tickets;
  private final Clock clock;

  public TicketMentions(TicketStore tickets, Clock clock) {
    this.tickets = tickets;
    this.clock = clock;
  }

  /**
   * {@code lines} as written, for emails; {@code slackLines} with Slack's control characters
   * escaped, so a subject cannot ping a channel; {@code total} all of them, named or not.
   */
  public record Mentions(List<String> lines, List<String> slackLines, int total) {
    public static final Mentions NONE = new Mentions(List.of(), List.of(), 0);

    /** "1 more", when more tickets than lines. */
    public String more() {
      int more = total - lines.size();
      return more > 0 ? more + " more" : null;
    }
  }

  /** The customer's open and pending tickets, newest first; solved and closed ones are left out. */
  public Mentions open(String customerId) {
    return mentions(tickets.openOf(customerId, SHOWN), clock.instant());
  }

  /**
   * The customers' tickets opened since the incident started (when Vigil first heard of it, if its
   * source never said), whatever their status, the newest {@value #SHOWN} each with their total;
   * customers without any are absent.
   */
  public Map<String, TicketStore.TicketsOf> sinceStartOf(ProductIncident incident, Collection<String> customerIds) {
    Instant start = incident.startedAt() != null ? incident.startedAt() : incident.createdAt();
    return tickets.openedSince(customerIds, start, SHOWN);
  }

  /** Tickets as lines, aged as of now. */
  public Mentions mentions(TicketStore.TicketsOf of) {
    return mentions(of, clock.instant());
  }

  private static Mentions mentions(TicketStore.TicketsOf of, Instant now) {
    if (of.total() == 0) {
      return Mentions.NONE;
    }
    List<String> lines = of.newest().stream().map(t -> line(t, now)).toList();
    return new Mentions(lines, lines.stream().map(ReportText::escape).toList(), of.total());
  }

  /** {@code Export totals are wrong (#T-88, urgent priority, pending, opened 3 days ago)}. */
  static String line(TicketRow ticket, Instant now) {
    StringBuilder line = new StringBuilder(ticket.subject().strip().replaceAll("\\s+", " ")).append(" (#").append(ticket.id());
    if (ticket.priority() != null) {
      line.append(", ").append(ticket.priority()).append(" priority");
    }
    if (!"open".equals(ticket.status())) {
      line.append(", ").append(ticket.status());
    }
    return line.append(", opened ").append(age(Duration.between(ticket.openedAt(), now))).append(')').toString();
  }

  /** Hours under a day, days from then on: "less than an hour ago", "1 hour ago", "3 days ago". */
  static String age(Duration age) {
    if (age.toHours() < 1) {
      return "less than an hour ago";
    }
    if (age.toDays() < 1) {
      return age.toHours() + (age.toHours() == 1 ? " hour ago" : " hours ago");
    }
    return age.toDays() + (age.toDays() == 1 ? " day ago" : " days ago");
  }
}
