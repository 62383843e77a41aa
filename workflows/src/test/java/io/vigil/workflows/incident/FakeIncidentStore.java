package io.vigil.workflows.incident;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the mocked {@code applyUpdate} and {@code analyzeImpact} answer, kept like IncidentStore keeps
 * it: an update key seen before is a "duplicate", an update older than the newest applied one is
 * "stale", anything else is "applied" (fields it names replace the stored ones, components and regions
 * accumulate). Impact is the customers of every stored component, ranked high, medium, low.
 */
final class FakeIncidentStore {
  private static final List<String> LEVELS = List.of("high", "medium", "low");

  private final Map<String, List<ImpactedCustomer>> customersByComponent;
  /** update key → outcome, like incident_updates. */
  private final Map<String, String> seenKeys = new HashMap<>();
  private Instant lastEventAt;
  private IncidentSnapshot incident;

  FakeIncidentStore(Map<String, List<ImpactedCustomer>> customersByComponent) {
    this.customersByComponent = customersByComponent;
  }

  /** Marks {@code updateKey} as seen by an earlier run, without storing an incident. */
  synchronized void alreadySeen(String updateKey) {
    seenKeys.put(updateKey, "applied");
  }

  synchronized AppliedUpdate apply(IncidentUpdate u) {
    if (seenKeys.containsKey(u.updateKey())) {
      return new AppliedUpdate("duplicate", incident);
    }
    if (incident != null && u.occurredAt().isBefore(lastEventAt)) {
      seenKeys.put(u.updateKey(), "stale");
      return new AppliedUpdate("stale", incident);
    }
    String id = IncidentResponseWorkflow.incidentId(u.source(), u.externalId());
    incident = incident == null
        ? new IncidentSnapshot(id, u.title() == null ? u.source() + " incident " + u.externalId() : u.title(),
            u.severity() == null ? "P3" : u.severity(), u.status() == null ? "investigating" : u.status(),
            sorted(List.of(), u.components()), sorted(List.of(), u.regions()))
        : new IncidentSnapshot(id, coalesce(u.title(), incident.title()), coalesce(u.severity(), incident.severity()),
            coalesce(u.status(), incident.status()), sorted(incident.components(), u.components()),
            sorted(incident.regions(), u.regions()));
    lastEventAt = u.occurredAt();
    seenKeys.put(u.updateKey(), "applied");
    return new AppliedUpdate("applied", incident);
  }

  synchronized List<ImpactedCustomer> analyzeImpact(String incidentId) {
    if (incident == null || !incident.incidentId().equals(incidentId)) {
      throw new IllegalStateException("no incident " + incidentId);
    }
    Set<ImpactedCustomer> affected = new LinkedHashSet<>();
    incident.components().forEach(c -> affected.addAll(customersByComponent.getOrDefault(c, List.of())));
    List<ImpactedCustomer> ranked = new ArrayList<>(affected);
    ranked.sort(Comparator.comparing((ImpactedCustomer c) -> LEVELS.indexOf(c.impactLevel()))
        .thenComparing(ImpactedCustomer::customerId));
    return ranked;
  }

  synchronized IncidentSnapshot incident() {
    return incident;
  }

  private static List<String> sorted(List<String> stored, List<String> added) {
    Set<String> all = new TreeSet<>(stored);
    if (added != null) {
      all.addAll(added);
    }
    return List.copyOf(all);
  }

  private static String coalesce(String value, String stored) {
    return value != null ? value : stored;
  }
}
