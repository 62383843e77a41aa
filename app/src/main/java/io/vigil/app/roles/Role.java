package io.vigil.app.roles;

import java.util.Locale;
import java.util.function.Function;

/**
 * What one Vigil process does ({@code VIGIL_ROLE}): {@code all} (the default) serves the API and runs
 * the playbook worker; {@code api} serves the API, the dashboard and the webhooks and starts
 * workflows; {@code worker} polls the task queue and answers only its probes and metrics. Any number
 * of each run against one Temporal cluster and one PostgreSQL (docs/deployment.md).
 */
public enum Role {
  ALL, API, WORKER;

  /** The property Micronaut's {@code @Requires} reads: {@code all}, {@code api} or {@code worker}. */
  public static final String PROPERTY = "vigil.role";

  public static Role from(Function<String, String> env) {
    String value = env.apply("VIGIL_ROLE");
    if (value == null || value.isBlank()) {
      return ALL;
    }
    try {
      return valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("VIGIL_ROLE must be all, api or worker, not '" + value + "'");
    }
  }

  /**
   * A process of a role other than {@code all} runs beside others, which must share its database and
   * Temporal: embedded servers belong to one process, so both must be named.
   */
  public void requireSharedServers(Function<String, String> env) {
    if (this == ALL) {
      return;
    }
    StringBuilder missing = new StringBuilder();
    for (String name : new String[] {"DATASOURCES_DEFAULT_URL", "TEMPORAL_ADDRESS"}) {
      String value = env.apply(name);
      if (value == null || value.isBlank()) {
        missing.append(missing.isEmpty() ? "" : " and ").append(name);
      }
    }
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException("VIGIL_ROLE=" + property() + " runs beside other Vigil processes, which share "
          + "one PostgreSQL and one Temporal cluster: set " + missing + " (embedded servers are for VIGIL_ROLE=all)");
    }
  }

  public String property() {
    return name().toLowerCase(Locale.ROOT);
  }
}
