package io.vigil.activities.common;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.infra.persistence.ActivityLogRepository;
import io.vigil.infra.persistence.PgArrays;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Appends to agent_activity_log; a key logs once however often its step is retried. */
@Singleton
public class ActivityLog {
  /** A JSON-escaped NUL, not itself an escaped backslash followed by "u0000". */
  private static final Pattern ESCAPED_NUL = Pattern.compile("(?<!\\\\)((?:\\\\\\\\)*)\\\\u0000");
  private final ActivityLogRepository repository;
  private final ObjectMapper json;

  public ActivityLog(ActivityLogRepository repository, ObjectMapper json) {
    this.repository = repository;
    this.json = json;
  }

  public void append(String key, String customerId, String workflowId, String action, Map<String, ?> details) {
    repository.append(key, customerId, workflowId, action, toJson(details));
  }

  /**
   * {@link #append} once per customer, keyed {@code keyPrefix/<customerId>}, with the same details,
   * in one statement (a step about many customers, as a DM listing them, logs them at once).
   */
  public void appendPerCustomer(String keyPrefix, List<String> customerIds, String workflowId, String action,
      Map<String, ?> details) {
    if (customerIds.isEmpty()) {
      return;
    }
    List<String> keys = customerIds.stream().map(customerId -> keyPrefix + "/" + customerId).toList();
    repository.appendEach(PgArrays.literal(keys), PgArrays.literal(customerIds), workflowId, action, toJson(details));
  }

  /** {@code text} as a text column can hold it: PostgreSQL refuses NUL characters. */
  public static String storable(String text) {
    return text == null ? null : text.replace("\u0000", "");
  }

  /**
   * As JSON for a jsonb column. PostgreSQL refuses a NUL character even escaped ({@code \\u0000}),
   * so one arriving in a webhook's text is dropped here rather than failing the step that logs it.
   */
  public String toJson(Object value) {
    try {
      String written = json.writeValueAsString(value);
      // the pattern only matches where the escape occurs: most lines have none, and skip the matcher
      return written.contains("\\u0000") ? ESCAPED_NUL.matcher(written).replaceAll("$1") : written;
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot serialize " + value, e);
    }
  }
}
