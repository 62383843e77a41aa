package io.vigil.app.triggers;

import io.vigil.app.api.ApiError;
import io.vigil.app.api.TriggersController.Condition;
import io.vigil.app.api.TriggersController.TriggerRequest;
import io.vigil.app.security.Caller;
import io.vigil.infra.persistence.TriggerRule;
import io.vigil.infra.persistence.TriggerRuleChanges;
import io.vigil.infra.persistence.TriggerRuleRepository;
import io.vigil.app.api.BadRequests;
import jakarta.inject.Singleton;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Validator;
import java.util.Set;
import java.util.UUID;

/**
 * Creating, editing, disabling and enabling a trigger rule, for the API and the Rules page alike. The
 * request's constraints are checked here as well as by the API's {@code @Valid}, because the page
 * builds its request from a form: a bad edit from either is the same 400, before anything is written.
 * Who may call is the callers' {@code @Secured} (admins).
 */
@Singleton
public class TriggerEdits {
  /** What the API fills in when a request leaves it out. */
  static final int DEFAULT_COMPARISON_DAYS = 28;
  static final int DEFAULT_COOLDOWN_DAYS = 7;

  private final TriggerRuleRepository triggers;
  private final TriggerRuleChanges changes;
  private final Validator validator;

  public TriggerEdits(TriggerRuleRepository triggers, TriggerRuleChanges changes, Validator validator) {
    this.triggers = triggers;
    this.changes = changes;
    this.validator = validator;
  }

  public TriggerRule create(Caller caller, TriggerRequest body) {
    String id = "trg_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    changes.create(id, body.type(), definition(body), caller.actor());
    return find(id);
  }

  /** Replaces the rule's definition; the same edit again changes nothing and records nothing. */
  public TriggerRule update(Caller caller, String id, TriggerRequest body) {
    TriggerRule rule = find(id);
    if (!rule.type().equals(body.type())) {
      throw ApiError.badRequest("type", "is " + rule.type() + " and cannot change; create a new rule instead");
    }
    changes.update(id, definition(body), caller.actor());
    return find(id);
  }

  public TriggerRule setEnabled(Caller caller, String id, boolean enabled) {
    changes.setEnabled(find(id).id(), enabled, caller.actor());
    return find(id);
  }

  public TriggerRule find(String id) {
    return triggers.findById(id).orElseThrow(() -> ApiError.notFound("trigger", id));
  }

  private TriggerRuleChanges.Definition definition(TriggerRequest body) {
    Set<ConstraintViolation<TriggerRequest>> violations = validator.validate(body);
    if (!violations.isEmpty()) {
      throw BadRequests.from(new ConstraintViolationException(violations));
    }
    Condition condition = body.condition();
    String name = body.name() != null ? body.name().strip()
        : condition.metricType() + " drop" + (body.segment() == null ? "" : " (" + body.segment() + ")");
    return new TriggerRuleChanges.Definition(name, body.segment(), condition.metricType(), condition.threshold(),
        condition.comparisonPeriod() == null ? DEFAULT_COMPARISON_DAYS : condition.comparisonPeriod(),
        body.cooldownDays() == null ? DEFAULT_COOLDOWN_DAYS : body.cooldownDays(), condition.severity(),
        body.actions().stream().distinct().toList());
  }
}
