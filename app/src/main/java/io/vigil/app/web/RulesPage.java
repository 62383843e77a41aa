package io.vigil.app.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.app.api.ApiError;
import io.vigil.infra.persistence.TriggerRule;
import io.vigil.infra.persistence.TriggerRuleChanges;
import io.vigil.infra.persistence.TriggerRuleRepository;
import io.vigil.infra.persistence.User;
import io.vigil.infra.persistence.UserRepository;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The trigger rules as {@code GET /api/triggers} lists them, each with its history
 * ({@code GET /api/triggers/{id}/changes}) told as what changed from what to what, and its edit
 * form: as stored, or as typed when an edit was refused.
 */
@Singleton
public class RulesPage {
  static final int RULES = 500;
  static final int HISTORY = 20;
  /** The stored columns a history row names, in words; the rest (id, type) never change. */
  private static final Map<String, String> FIELDS = new LinkedHashMap<>();

  static {
    FIELDS.put("name", "name");
    FIELDS.put("segment", "segment");
    FIELDS.put("metric_type", "metric");
    FIELDS.put("threshold", "threshold (%)");
    FIELDS.put("comparison_period_days", "comparison period (days)");
    FIELDS.put("min_severity", "severity floor");
    FIELDS.put("cooldown_days", "cooldown (days)");
    FIELDS.put("actions", "actions");
    FIELDS.put("enabled", "enabled");
  }

  private final TriggerRuleRepository triggers;
  private final TriggerRuleChanges changes;
  private final UserRepository users;
  private final ObjectMapper json;

  public RulesPage(TriggerRuleRepository triggers, TriggerRuleChanges changes, UserRepository users, ObjectMapper json) {
    this.triggers = triggers;
    this.changes = changes;
    this.users = users;
    this.json = json;
  }

  public record ChangeRow(String when, String who, String change, List<String> what) {}

  /** {@code error}/{@code fieldErrors}: why this rule's last edit was refused (input name → words). */
  public record Rule(String id, String name, boolean enabled, String metric, String threshold, String comparisonPeriod,
      String segment, String severity, String cooldown, String actions, String lastChange, RuleForm form,
      String error, Map<String, String> fieldErrors, List<ChangeRow> history) {
    public boolean isRefused() {
      return error != null;
    }
  }

  /** Every rule; {@code refusedId}'s form shows {@code typed} and {@code refusal} (both null when none was refused). */
  public List<Rule> rules(String refusedId, RuleForm typed, ApiError refusal) {
    List<TriggerRule> all = triggers.search(null, null, null, RULES);
    Map<String, String> names = new HashMap<>();
    List<Rule> rules = new ArrayList<>();
    for (TriggerRule t : all) {
      boolean refused = t.id().equals(refusedId) && refusal != null;
      rules.add(new Rule(t.id(), t.name(), t.enabled(), metric(t.metricType()), t.threshold().stripTrailingZeros().toPlainString() + "% drop",
          t.comparisonPeriodDays() + " days", t.segment() == null ? "every segment" : t.segment(),
          t.minSeverity() == null ? "none (the drop's size decides)" : t.minSeverity(),
          t.cooldownDays() + " days", String.join(", ", Arrays.stream(t.actions()).map(PageFormat::label).toList()),
          t.updatedAt() == null ? "never changed since created " + PageFormat.when(t.createdAt())
              : PageFormat.when(t.updatedAt()) + " by " + name(t.updatedBy(), names),
          refused && typed != null ? typed : RuleForm.of(t), refused ? Words.of(refusal) : null,
          refused ? fieldErrors(refusal) : Map.of(), history(t.id(), names)));
    }
    return rules;
  }

  private static String metric(String metricType) {
    return switch (metricType) {
      case "dau", "wau", "mau" -> metricType.toUpperCase();
      default -> PageFormat.label(metricType);
    };
  }

  private List<ChangeRow> history(String id, Map<String, String> names) {
    return changes.history(id, HISTORY).stream().map(c -> new ChangeRow(PageFormat.when(c.at()), name(c.actor(), names),
        c.change(), differences(c.before(), c.after()))).toList();
  }

  /** "threshold (%): 30 → 25" for each field that changed; for a creation, what it was created with. */
  private List<String> differences(String beforeText, String afterText) {
    JsonNode before = read(beforeText);
    JsonNode after = read(afterText);
    List<String> lines = new ArrayList<>();
    for (Map.Entry<String, String> field : FIELDS.entrySet()) {
      JsonNode was = before == null ? null : before.get(field.getKey());
      JsonNode is = after == null ? null : after.get(field.getKey());
      if (before == null) {
        lines.add(field.getValue() + ": " + text(is));
      } else if (!String.valueOf(was).equals(String.valueOf(is))) {
        lines.add(field.getValue() + ": " + text(was) + " → " + text(is));
      }
    }
    return lines;
  }

  private static String text(JsonNode value) {
    if (value == null || value.isNull()) {
      return "none";
    }
    if (value.isArray()) {
      List<String> items = new ArrayList<>();
      for (Iterator<JsonNode> it = value.elements(); it.hasNext(); ) {
        items.add(it.next().asText());
      }
      return String.join(", ", items);
    }
    return value.isNumber() ? value.decimalValue().stripTrailingZeros().toPlainString() : value.asText();
  }

  private JsonNode read(String text) {
    try {
      return text == null ? null : json.readTree(text);
    } catch (IOException e) {
      return null;
    }
  }

  private String name(String actor, Map<String, String> names) {
    if (actor == null) {
      return "";
    }
    return names.computeIfAbsent(actor, a -> users.findById(a).map(User::name).orElse(a));
  }

  /** The refusal's field errors by the form's input names ({@code condition.threshold} → {@code threshold}). */
  private static Map<String, String> fieldErrors(ApiError refusal) {
    Map<String, String> byInput = new LinkedHashMap<>();
    for (ApiError.FieldError error : refusal.errors()) {
      String field = error.field().replaceFirst("^condition\\.", "");
      byInput.merge(field.startsWith("actions") ? "actions" : field, error.message(), (a, b) -> a + "; " + b);
    }
    return byInput;
  }
}
