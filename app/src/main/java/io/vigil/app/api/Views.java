package io.vigil.app.api;

import io.micronaut.core.annotation.Nullable;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.infra.persistence.ActivityLogEntry;
import io.vigil.infra.persistence.Approval;
import io.vigil.infra.persistence.Customer;
import io.vigil.infra.persistence.Notification;
import io.vigil.infra.persistence.RiskSignal;
import io.vigil.infra.persistence.Task;
import io.vigil.infra.persistence.TriggerRule;
import io.vigil.infra.persistence.TriggerRuleChanges;
import jakarta.inject.Singleton;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/** The API's JSON shapes (the contract in the issue), kept apart from the stored rows. */
@Singleton
public class Views {
  private final ObjectMapper json;

  public Views(ObjectMapper json) {
    this.json = json;
  }

  public record CustomerView(String id, String name, BigDecimal arr, String segment, String region, String csmId,
      String championName, String championEmail, @Nullable String productName, @Nullable String timezone, int healthScore,
      @Nullable List<String> components, @Nullable String country, @Nullable Integer seats, @Nullable String plan,
      @Nullable LocalDate startDate, @Nullable LocalDate renewalDate) {}

  /** {@code status}: open or done. */
  public record TaskView(long id, String title, String assigneeId, String customerId, String priority, Instant dueAt,
      Instant createdAt, String status, @Nullable Instant completedAt, @Nullable String completedBy) {}

  /** {@code error}: why a failed delivery failed, in the provider's words. */
  public record NotificationView(long id, @Nullable String customerId, String channel, String recipient,
      @Nullable String subject, String text, String status, @Nullable String error, Instant createdAt) {}

  public record ApprovalView(String id, String workflowId, String customerId, String kind, String to, String subject,
      String body, String status, Instant createdAt, String approverId, @Nullable String decidedBy, @Nullable String decidedCredential,
      @Nullable Instant decidedAt, @Nullable String reason) {}

  /**
   * {@code metadata}: a JSON object, declared as Object so that the document does not read JsonNode as
   * an array. {@code status}: open, acknowledged, resolved (with {@code outcome}) or dismissed (with
   * {@code dismissReason}); {@code acknowledgedAt}: the first action on it; {@code closedAt}/{@code closedBy}:
   * who resolved or dismissed it.
   */
  public record RiskSignalView(long id, String customerId, String type, String severity,
      @io.swagger.v3.oas.annotations.media.Schema(type = "object") Object metadata, Instant createdAt, String status,
      @Nullable String ownerId, @Nullable Instant acknowledgedAt, @Nullable Instant closedAt, @Nullable String closedBy,
      @Nullable String outcome, @Nullable String dismissReason) {}

  /** {@code details}: a JSON object, declared as Object so that the document does not read JsonNode as an array. */
  public record ActivityView(long id, @Nullable String workflowId, String action,
      @io.swagger.v3.oas.annotations.media.Schema(type = "object") Object details, Instant createdAt) {}

  public record TriggerView(String id, String type, String name, @Nullable String segment, ConditionView condition,
      int cooldownDays, List<String> actions, boolean enabled, Instant createdAt, @Nullable Instant updatedAt,
      @Nullable String updatedBy) {}

  /** {@code severity}: the rule's floor, null when the drop's size alone decides. */
  public record ConditionView(String metricType, BigDecimal threshold, int comparisonPeriod, @Nullable String severity) {}

  /**
   * {@code before}/{@code after}: the rule's definition as stored (JSON objects, declared as Object so
   * that the document does not read JsonNode as an array), {@code before} null for its creation.
   */
  public record TriggerChangeView(long id, String triggerId, Instant at, String actor, String change,
      @Nullable @io.swagger.v3.oas.annotations.media.Schema(type = "object", nullable = true) Object before,
      @io.swagger.v3.oas.annotations.media.Schema(type = "object") Object after) {}

  public CustomerView customer(Customer c) {
    return new CustomerView(c.id(), c.name(), c.arr(), c.segment(), c.region(), c.csmId(), c.championName(),
        c.championEmail(), c.productName(), c.timezone(), c.healthScore(),
        c.components() == null ? List.of() : List.of(c.components()), c.country(), c.seats(), c.plan(), c.startDate(),
        c.renewalDate());
  }

  public TaskView task(Task t) {
    return new TaskView(t.id(), t.title(), t.assigneeId(), t.customerId(), t.priority(), t.dueAt(), t.createdAt(), t.status(),
        t.completedAt(), t.completedBy());
  }

  public NotificationView notification(Notification n) {
    return new NotificationView(n.id(), n.customerId(), n.channel(), n.recipient(), n.subject(), n.text(), n.status(),
        n.error(), n.createdAt());
  }

  public ApprovalView approval(Approval a) {
    return new ApprovalView(a.id(), a.workflowId(), a.customerId(), a.kind(), a.toAddress(), a.subject(), a.body(),
        a.status(), a.createdAt(), a.approverId(), a.decidedBy(), a.decidedCredential(), a.decidedAt(), a.reason());
  }

  public RiskSignalView riskSignal(RiskSignal r) {
    return new RiskSignalView(r.id(), r.customerId(), r.type(), r.severity(), parse(r.metadata()), r.createdAt(), r.status(),
        r.ownerId(), r.acknowledgedAt(), r.closedAt(), r.closedBy(), r.outcome(), r.dismissReason());
  }

  public ActivityView activity(ActivityLogEntry e) {
    return new ActivityView(e.id(), e.workflowId(), e.action(), parse(e.details()), e.createdAt());
  }

  public TriggerView trigger(TriggerRule t) {
    return new TriggerView(t.id(), t.type(), t.name(), t.segment(),
        new ConditionView(t.metricType(), t.threshold(), t.comparisonPeriodDays(), t.minSeverity()),
        t.cooldownDays(), List.of(t.actions()), t.enabled(), t.createdAt(), t.updatedAt(), t.updatedBy());
  }

  public TriggerChangeView triggerChange(TriggerRuleChanges.Change c) {
    return new TriggerChangeView(c.id(), c.triggerId(), c.at(), c.actor(), c.change(),
        c.before() == null ? null : parse(c.before()), parse(c.after()));
  }

  private JsonNode parse(String text) {
    try {
      return json.readTree(text);
    } catch (Exception e) {
      return json.getNodeFactory().textNode(text);
    }
  }
}
