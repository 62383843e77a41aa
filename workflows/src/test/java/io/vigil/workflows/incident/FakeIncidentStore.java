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
  /** customerId → its impact row's id, like incident_customer_impact.id: a customer affected later gets a larger one. */
  private final Map<String, Long> impactIds = new HashMap<>();
  /** The stored impact, ranked, as assessImpact left it. */
  private List<ImpactedCustomer> stored = List.of();

  private final Map<String, String> csmByCustomer = new HashMap<>();

  FakeIncidentStore(Map<String, List<ImpactedCustomer>> customersByComponent) {
    this.customersByComponent = customersByComponent;
    customersByComponent.values().forEach(cs -> cs.forEach(c -> csmByCustomer.put(c.customerId(), c.csmId())));
  }

  String csmOf(String customerId) {
    return csmByCustomer.get(customerId);
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

  /** Stores the impact, keeping each customer's row id; answers the counts. */
  synchronized ImpactSummary assessImpact(String incidentId) {
    stored = analyzeImpact(incidentId);
    for (ImpactedCustomer c : stored) {
      impactIds.computeIfAbsent(c.customerId(), id -> (long) impactIds.size() + 1);
    }
    List<String> high = stored.stream().filter(ImpactedCustomer::high).map(ImpactedCustomer::customerId).sorted().toList();
    return new ImpactSummary(stored.size(), high.size(), (int) stored.stream().map(ImpactedCustomer::csmId).distinct().count(),
        java.math.BigDecimal.ZERO, impactIds.values().stream().mapToLong(Long::longValue).max().orElse(0),
        Integer.toHexString(high.hashCode()));
  }

  synchronized CsmPage csmsToNotify(long afterImpactId, String afterCsmId, int limit) {
    List<String> csms = stored.stream().filter(c -> impactIds.get(c.customerId()) > afterImpactId).map(ImpactedCustomer::csmId)
        .filter(csm -> afterCsmId == null || csm.compareTo(afterCsmId) > 0).distinct().sorted().toList();
    List<String> page = csms.subList(0, Math.min(limit, csms.size()));
    return new CsmPage(page, csms.size() > limit ? page.get(page.size() - 1) : null);
  }

  /** A page of the stored high-impact customers, in id order, after {@code afterCustomerId}; the next cursor last (null: no more). */
  synchronized List<ImpactedCustomer> highImpactPage(String afterCustomerId, int limit) {
    return stored.stream().filter(ImpactedCustomer::high)
        .filter(c -> afterCustomerId == null || c.customerId().compareTo(afterCustomerId) > 0)
        .sorted(Comparator.comparing(ImpactedCustomer::customerId)).limit(limit).toList();
  }

  synchronized boolean hasHighImpactAfter(String customerId) {
    return stored.stream().anyMatch(c -> c.high() && c.customerId().compareTo(customerId) > 0);
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
