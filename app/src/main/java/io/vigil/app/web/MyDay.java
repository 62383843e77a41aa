package io.vigil.app.web;

import io.vigil.infra.persistence.Approval;
import io.vigil.infra.persistence.ApprovalRepository;
import io.vigil.infra.persistence.Customer;
import io.vigil.infra.persistence.CustomerRepository;
import io.vigil.infra.persistence.ExpansionFacts;
import io.vigil.infra.persistence.IncidentsTouching;
import io.vigil.infra.persistence.RiskSignal;
import io.vigil.infra.persistence.RiskSignalRepository;
import io.vigil.infra.persistence.Task;
import io.vigil.infra.persistence.TaskRepository;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The CSM's home (PRD-086 FR-4.5): the alerts still to act on, most severe first; tasks due;
 * drafts waiting for approval; incidents touching the portfolio; expansion opportunities. A manager
 * sees the team's, an admin everyone's: the same scope as the API.
 */
@Singleton
public class MyDay {
  static final int LIMIT = 50;

  private final RiskSignalRepository signals;
  private final TaskRepository tasks;
  private final ApprovalRepository approvals;
  private final IncidentsTouching incidents;
  private final ExpansionFacts expansion;
  private final CustomerRepository customers;
  private final Clock clock;

  public MyDay(RiskSignalRepository signals, TaskRepository tasks, ApprovalRepository approvals,
      IncidentsTouching incidents, ExpansionFacts expansion, CustomerRepository customers, Clock clock) {
    this.signals = signals;
    this.tasks = tasks;
    this.approvals = approvals;
    this.incidents = incidents;
    this.expansion = expansion;
    this.customers = customers;
    this.clock = clock;
  }

  public record AlertItem(long id, String customerId, String customerName, String type, String severity, String status,
      String summary, String detectedAt) {
    public boolean isOpen() {
      return "open".equals(status);
    }
  }

  public record TaskItem(long id, String title, String customerId, String customerName, String priority, String due,
      boolean overdue) {}

  public record ApprovalItem(String id, String customerId, String customerName, String kind, String subject, String created) {}

  public record IncidentItem(String id, String title, String severity, String status, String started, int customers,
      String arrAtRisk, String customerNames) {}

  public record OpportunityItem(long id, String customerId, String customerName, String arr, String summary, String found) {}

  public record View(List<AlertItem> alerts, List<TaskItem> tasks, List<ApprovalItem> approvals,
      List<IncidentItem> incidents, List<OpportunityItem> opportunities, String asOf) {}

  public View of(Viewer viewer) {
    String scope = viewer.scope().csmIdsLiteral();
    List<String> csmIds = viewer.scope().csmIds();
    Instant now = clock.instant();
    List<RiskSignal> unclosed = signals.unclosed(ExpansionFacts.SIGNAL_TYPE, scope, LIMIT);
    List<Task> due = tasks.open(scope, LIMIT);
    List<Approval> pending = approvals.search("pending", null, scope, null, null, LIMIT);
    Map<String, String> names = names(unclosed.stream().map(RiskSignal::customerId), due.stream().map(Task::customerId),
        pending.stream().map(Approval::customerId));
    return new View(
        unclosed.stream().map(s -> new AlertItem(s.id(), s.customerId(), names.getOrDefault(s.customerId(), s.customerId()),
            PageFormat.label(s.type()), s.severity(), s.status(), PageFormat.field(s.metadata(), "summary"),
            PageFormat.when(s.createdAt()))).toList(),
        due.stream().map(t -> new TaskItem(t.id(), t.title(), t.customerId(), names.getOrDefault(t.customerId(), t.customerId()),
            t.priority(), PageFormat.when(t.dueAt()), t.dueAt().isBefore(now))).toList(),
        pending.stream().map(a -> new ApprovalItem(a.id(), a.customerId(), names.getOrDefault(a.customerId(), a.customerId()),
            PageFormat.label(a.kind()), a.subject(), PageFormat.when(a.createdAt()))).toList(),
        incidents.open(csmIds, LIMIT).stream().map(i -> new IncidentItem(i.id(), i.title(), i.severity(), i.status(),
            PageFormat.when(i.startedAt()), i.customers(), PageFormat.money(i.arrAtRisk()),
            String.join(", ", i.customerNames()))).toList(),
        expansion.opportunities(csmIds, null, null, LIMIT).stream().map(o -> new OpportunityItem(o.id(), o.customerId(),
            o.customerName(), PageFormat.money(o.arr()), PageFormat.field(o.metadata(), "reason"),
            PageFormat.when(o.createdAt()))).toList(),
        PageFormat.when(now));
  }

  @SafeVarargs
  private Map<String, String> names(java.util.stream.Stream<String>... ids) {
    Set<String> all = new HashSet<>();
    for (java.util.stream.Stream<String> stream : ids) {
      stream.forEach(all::add);
    }
    return all.isEmpty() ? Map.of() : customers.findByIdInList(List.copyOf(all)).stream()
        .collect(Collectors.toMap(Customer::id, Customer::name, (a, b) -> a));
  }
}
