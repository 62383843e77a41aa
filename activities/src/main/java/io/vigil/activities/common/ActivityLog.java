package io.vigil.activities.common;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.infra.persistence.ActivityLogRepository;
import jakarta.inject.Singleton;
import java.util.Map;

/** Appends to agent_activity_log; a key logs once however often its step is retried. */
@Singleton
public class ActivityLog {
  private final ActivityLogRepository repository;
  private final ObjectMapper json;

  public ActivityLog(ActivityLogRepository repository, ObjectMapper json) {
    this.repository = repository;
    this.json = json;
  }

  public void append(String key, String customerId, String workflowId, String action, Map<String, ?> details) {
    repository.append(key, customerId, workflowId, action, toJson(details));
  }

  public String toJson(Object value) {
    try {
      return json.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot serialize " + value, e);
    }
  }
}
