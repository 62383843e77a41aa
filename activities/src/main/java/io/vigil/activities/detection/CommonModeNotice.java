package io.vigil.activities.detection;

import io.micronaut.context.annotation.Value;
import io.vigil.activities.common.ActivityLog;
import io.vigil.activities.delivery.Deliveries;
import io.vigil.infra.persistence.UserRepository;
import io.vigil.workflows.sweep.CommonModeDay;
import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells operators about a common-mode day, because it may be ingestion that broke: a warning in the
 * service's log, a {@code common_mode_day} line in the activity log, and a message (Slack DM, else
 * email, through {@link Deliveries}) to each operator: the users named in {@code vigil.operators}
 * ({@code VIGIL_OPERATORS}), by default every admin. Keyed by day and group, so however often the
 * day is swept or run again, each operator hears of it once.
 */
@Singleton
public class CommonModeNotice {
  private static final Logger LOG = LoggerFactory.getLogger(CommonModeNotice.class);

  private final Deliveries deliveries;
  private final ActivityLog activityLog;
  private final UserRepository users;
  private final List<String> operators;

  public CommonModeNotice(Deliveries deliveries, ActivityLog activityLog, UserRepository users,
      @Value("${vigil.operators:}") List<String> operators) {
    this.deliveries = deliveries;
    this.activityLog = activityLog;
    this.users = users;
    this.operators = operators.stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
  }

  /** Tells of each common-mode day; answers how many operators each was sent to. */
  public int tell(List<CommonModeDay> days, String workflowId) {
    List<String> to = operators.isEmpty() ? users.findAdminIds() : operators;
    int told = 0;
    for (CommonModeDay day : days) {
      String key = key(day);
      LOG.warn("Common-mode day ({}): {}", day.group(), day.message());
      Map<String, Object> details = new LinkedHashMap<>();
      details.put("group", day.group());
      details.put("day", day.day().toString());
      details.put("evaluated", day.evaluated());
      details.put("dropped", day.dropped());
      details.put("percent", day.percent());
      details.put("message", day.message());
      details.put("operators", to);
      activityLog.append(key, null, workflowId, "common_mode_day", details);
      if (to.isEmpty()) {
        LOG.warn("No operator to tell about the common-mode day of {}: set VIGIL_OPERATORS or add an admin user", day.day());
      }
      for (String operator : to) {
        deliveries.toUser(key + "/" + operator, operator, List.of(), "Vigil: usage dropped across " + who(day)
            + " on " + day.day(), text(day), workflowId);
        told++;
      }
    }
    return told;
  }

  static String key(CommonModeDay day) {
    return "common-mode/" + day.day() + "/" + day.group();
  }

  private static String who(CommonModeDay day) {
    return day.group().startsWith("country:") ? "customers in " + day.group().substring("country:".length()) : "the portfolio";
  }

  private static String text(CommonModeDay day) {
    return ":warning: *Usage dropped across " + who(day) + " on " + day.day() + "*\n" + day.message()
        + "\nNo usage-drop alerts went out for them that day. If it was not a holiday, look at usage ingestion"
        + " (events arriving late or not at all); once they have arrived, POST /api/v1/detections/run for the day"
        + " evaluates it again.";
  }
}
