package io.vigil.app.web;

import io.micronaut.context.annotation.Value;
import io.vigil.app.api.Keyset;
import io.vigil.app.incidents.IncidentImpacts;
import io.vigil.infra.persistence.IncidentFollowThrough;
import io.vigil.infra.persistence.IncidentStore;
import io.vigil.infra.persistence.ProductIncident;
import jakarta.inject.Singleton;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The incidents (PRD-097 5.1) as the dashboard shows them. Every incident is listed to everyone, as
 * {@code GET /api/incidents} does (an outage is everyone's business), with its figures over all
 * customers and the ARR at risk among the viewer's own; an incident's page lists only the viewer's
 * affected customers, ranked, through {@link IncidentImpacts} (the API's
 * {@code /api/incidents/{id}/customers}), with what the response did for each.
 */
@Singleton
public class IncidentsPage {
  /** Incidents of each open status listed, and resolved ones; older ones stay in the API. */
  static final int LIST = 100;
  /** How long a resolved incident stays on the list. */
  static final Duration RECENTLY = Duration.ofDays(30);
  /** Affected customers per page of an incident. */
  static final int CUSTOMERS = 100;
  private static final List<String> OPEN = List.of("investigating", "identified", "monitoring");

  private final IncidentStore store;
  private final IncidentImpacts impacts;
  private final IncidentFollowThrough followThrough;
  private final Clock clock;
  private final Duration followUpAfter;

  public IncidentsPage(IncidentStore store, IncidentImpacts impacts, IncidentFollowThrough followThrough, Clock clock,
      @Value("${vigil.incidents.follow-up-after:2d}") Duration followUpAfter) {
    this.store = store;
    this.impacts = impacts;
    this.followThrough = followThrough;
    this.clock = clock;
    this.followUpAfter = followUpAfter;
  }

  public record Row(String id, String title, String severity, String border, String status, String started, String resolved,
      String components, long affected, long highImpact, String arrAtRisk, String yourArrAtRisk, long outreachSent) {}

  public record Listing(List<Row> open, List<Row> resolved, boolean scoped) {}

  public Listing list(Viewer viewer) {
    List<IncidentStore.Summary> open = new ArrayList<>();
    for (String status : OPEN) {
      open.addAll(store.summaries(status, null, null, LIST));
    }
    open.sort(Comparator.comparing(IncidentStore.Summary::severity)
        .thenComparing(IncidentStore.Summary::listedAt, Comparator.reverseOrder()));
    Instant since = clock.instant().minus(RECENTLY);
    List<IncidentStore.Summary> resolved = store.summaries("resolved", null, null, LIST).stream()
        .filter(s -> s.resolvedAt() == null || s.resolvedAt().isAfter(since)).toList();
    boolean scoped = !viewer.scope().isAll();
    Map<String, BigDecimal> yours = scoped
        ? store.arrAtRisk(java.util.stream.Stream.concat(open.stream(), resolved.stream()).map(IncidentStore.Summary::id).toList(),
            viewer.scope().csmIdsLiteral())
        : Map.of();
    return new Listing(open.stream().map(s -> row(s, scoped, yours)).toList(),
        resolved.stream().map(s -> row(s, scoped, yours)).toList(), scoped);
  }

  /** {@code yours}: the ARR at risk among the viewer's customers, by incident (read only when {@code scoped}). */
  private Row row(IncidentStore.Summary s, boolean scoped, Map<String, BigDecimal> yours) {
    String mine = scoped ? PageFormat.money(yours.getOrDefault(s.id(), BigDecimal.ZERO)) : "";
    return new Row(s.id(), s.title(), s.severity(), border(s.severity()), s.status(), PageFormat.when(s.startedAt()),
        PageFormat.when(s.resolvedAt()), String.join(", ", s.affectedComponents()), s.affectedCustomers(), s.highImpact(),
        PageFormat.money(s.totalArrAtRisk()), mine, s.outreachSent());
  }

  /** Severity as the left border: P1 red, P2 orange, P3 amber, anything else blue. */
  static String border(String severity) {
    return switch (severity == null ? "" : severity) {
      case "P1" -> "sev-critical";
      case "P2" -> "sev-high";
      case "P3" -> "sev-medium";
      default -> "sev-low";
    };
  }

  /**
   * An affected customer's line: {@code outreach} in words, {@code draftId} the outreach draft still
   * waiting for approval (linked to /approvals/{id}), {@code responded} whether the reply is recorded.
   */
  public record Affected(String customerId, String name, String arr, String segment, String impact, String reason,
      String outreach, String draftId, boolean responded, String resolutionEmail, String followUp, int ticketsSinceStart) {}

  public record Detail(IncidentImpacts.IncidentView incident, String border, String started, String resolvedAt,
      String arrAtRisk, List<Affected> affected, String nextCursor, String followUps) {
    public boolean isResolved() {
      return "resolved".equals(incident.status());
    }
  }

  public Detail detail(ProductIncident incident, Viewer viewer, Keyset page) {
    IncidentImpacts.Impact impact = impacts.page(incident, viewer.scope(), page);
    Map<String, IncidentFollowThrough.Customer> done = followThrough.of(incident.id(),
        impact.affectedCustomers().stream().map(a -> a.customer().id()).toList());
    Instant now = clock.instant();
    List<Affected> affected = impact.affectedCustomers().stream().map(a -> {
      IncidentFollowThrough.Customer f = done.get(a.customer().id());
      boolean high = "high".equals(a.impactLevel());
      boolean waiting = f != null && "pending".equals(f.outreachDraftStatus()) && "pending".equals(a.outreachStatus());
      return new Affected(a.customer().id(), a.customer().name(), PageFormat.money(a.customer().arr()), a.customer().segment(),
          a.impactLevel(), a.reason() == null ? "" : a.reason(), outreach(a.outreachStatus(), high, f),
          waiting ? f.outreachDraftId() : null, "responded".equals(a.outreachStatus()),
          high ? draft(f == null ? null : f.resolutionDraftStatus(), "not drafted yet") : "not needed",
          followUp(high, f, now), a.ticketsSinceStart());
    }).toList();
    return new Detail(impact.incident(), border(incident.severity()), PageFormat.when(incident.startedAt()),
        PageFormat.when(incident.resolvedAt()), PageFormat.money(impact.totalARRAtRisk()), affected, impact.nextCursor(),
        followUps(incident, viewer));
  }

  /** Outreach emails go to high-impact customers only (docs/incidents.md, step 5). */
  private static String outreach(String status, boolean high, IncidentFollowThrough.Customer f) {
    if ("responded".equals(status)) {
      return "responded";
    }
    if ("sent".equals(status)) {
      return "sent";
    }
    return high || f != null && f.outreachDraftId() != null
        ? draft(f == null ? null : f.outreachDraftStatus(), "not drafted yet") : "not needed";
  }

  private static String draft(String status, String none) {
    if (status == null) {
      return none;
    }
    return switch (status) {
      case "pending" -> "awaiting approval";
      case "approved" -> "approved, sending";
      case "drafted" -> "saved as a Gmail draft";
      case "sent" -> "sent";
      case "rejected" -> "rejected, not sent";
      case "expired" -> "expired, not sent";
      case "failed" -> "send failed";
      default -> status;
    };
  }

  private String followUp(boolean high, IncidentFollowThrough.Customer f, Instant now) {
    if (f == null || f.followUpStatus() == null) {
      return high ? "after the resolution" : "not needed";
    }
    if (!"open".equals(f.followUpStatus())) {
      return "done";
    }
    return (f.followUpDue().isBefore(now) ? "overdue since " : "due ") + PageFormat.when(f.followUpDue());
  }

  private String followUps(ProductIncident incident, Viewer viewer) {
    if (!"resolved".equals(incident.status())) {
      return "Not resolved yet: each high-impact customer gets a follow-up task " + days(followUpAfter)
          + " after the resolution.";
    }
    IncidentFollowThrough.FollowUps tasks = followThrough.followUps(incident.id(), viewer.scope().csmIdsLiteral());
    if (tasks.total() == 0) {
      return "Follow-up tasks for the high-impact customers come " + days(followUpAfter) + " after the resolution"
          + " (none yet among " + viewer.portfolio() + ").";
    }
    return "Follow-up tasks among " + viewer.portfolio() + ": " + tasks.open() + " open, " + tasks.done() + " done.";
  }

  private static String days(Duration duration) {
    long hours = duration.toHours();
    return hours % 24 == 0 ? hours / 24 + (hours == 24 ? " day" : " days") : hours + (hours == 1 ? " hour" : " hours");
  }
}
