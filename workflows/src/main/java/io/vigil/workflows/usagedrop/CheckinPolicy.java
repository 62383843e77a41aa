package io.vigil.workflows.usagedrop;

import io.vigil.workflows.common.ApprovalPolicy;
import java.time.Duration;
import java.util.Set;

/** What the trigger rule asks of one check-in: its cooldown, which actions run, the approval wait. */
public record CheckinPolicy(Duration cooldown, Set<String> actions, ApprovalPolicy approval) {
  public static final String SLACK_NOTIFY = "slack_notify";
  public static final String CREATE_TASK = "create_task";
  public static final String DRAFT_EMAIL = "draft_email";
  public static final String UPDATE_HEALTH_SCORE = "update_health_score";
  public static final Set<String> ALL_ACTIONS = Set.of(SLACK_NOTIFY, CREATE_TASK, DRAFT_EMAIL, UPDATE_HEALTH_SCORE);

  public boolean does(String action) {
    return actions.contains(action);
  }
}
