package io.vigil.app.web;

import io.micronaut.core.annotation.Nullable;
import io.vigil.app.api.ApiError;
import io.vigil.app.api.TriggersController.Condition;
import io.vigil.app.api.TriggersController.TriggerRequest;
import io.vigil.infra.persistence.TriggerRule;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A rule's edit form as typed: every field text, so what was typed can be shown again beside the
 * refusal. Each action is its own checkbox field, not a repeated one. It becomes the API's
 * {@link TriggerRequest}, whose constraints then decide.
 */
public record RuleForm(@Nullable String name, @Nullable String segment, @Nullable String metricType,
    @Nullable String threshold, @Nullable String comparisonPeriod, @Nullable String severity,
    @Nullable String cooldownDays, @Nullable String slackNotify, @Nullable String createTask,
    @Nullable String draftEmail, @Nullable String updateHealthScore) {

  public static RuleForm of(TriggerRule rule) {
    List<String> actions = Arrays.asList(rule.actions());
    return new RuleForm(rule.name(), rule.segment(), rule.metricType(), rule.threshold().stripTrailingZeros().toPlainString(),
        String.valueOf(rule.comparisonPeriodDays()), rule.minSeverity(), String.valueOf(rule.cooldownDays()),
        checked(actions, "slack_notify"), checked(actions, "create_task"), checked(actions, "draft_email"),
        checked(actions, "update_health_score"));
  }

  /** The API's request for a rule of {@code type}; a number that is not one is the API's 400 for that field. */
  public TriggerRequest request(String type) {
    List<String> actions = new ArrayList<>();
    addIf(actions, slackNotify, "slack_notify");
    addIf(actions, createTask, "create_task");
    addIf(actions, draftEmail, "draft_email");
    addIf(actions, updateHealthScore, "update_health_score");
    return new TriggerRequest(type, blankToNull(segment), blankToNull(name), integer("cooldownDays", cooldownDays), actions,
        new Condition(blankToNull(metricType), decimal("condition.threshold", threshold),
            integer("condition.comparisonPeriod", comparisonPeriod), blankToNull(severity)));
  }

  public boolean has(String action) {
    return switch (action) {
      case "slack_notify" -> slackNotify != null;
      case "create_task" -> createTask != null;
      case "draft_email" -> draftEmail != null;
      case "update_health_score" -> updateHealthScore != null;
      default -> false;
    };
  }

  private static String checked(List<String> actions, String action) {
    return actions.contains(action) ? "on" : null;
  }

  private static void addIf(List<String> actions, String box, String action) {
    if (box != null) {
      actions.add(action);
    }
  }

  private static String blankToNull(String text) {
    return text == null || text.isBlank() ? null : text.strip();
  }

  private static BigDecimal decimal(String field, String text) {
    String given = blankToNull(text);
    try {
      return given == null ? null : new BigDecimal(given);
    } catch (NumberFormatException e) {
      throw ApiError.badRequest(field, "must be a number");
    }
  }

  private static Integer integer(String field, String text) {
    String given = blankToNull(text);
    try {
      return given == null ? null : Integer.valueOf(given);
    } catch (NumberFormatException e) {
      throw ApiError.badRequest(field, "must be a whole number");
    }
  }
}
