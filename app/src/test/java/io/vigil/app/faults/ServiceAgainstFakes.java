package io.vigil.app.faults;

import io.vigil.app.FreePorts;
import io.vigil.app.TestInfrastructure;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The environment of a service process ({@link VigilProcess}) run against the embedded servers and
 * the providers' fakes on one WireMock: Slack and Google by their real clients over HTTP, the
 * schedules off so that only the test starts playbooks.
 */
final class ServiceAgainstFakes {
  private ServiceAgainstFakes() {}

  /**
   * {@code servers} as {@code EmbeddedDefaults.start} answers them; {@code tag} names the fake
   * credentials; {@code extra} adds or overrides variables.
   */
  static Map<String, String> env(Map<String, Object> servers, Path data, String wireMockBaseUrl, String tag,
      Map<String, String> extra) {
    Map<String, String> env = new HashMap<>(Map.ofEntries(
        Map.entry("MICRONAUT_SERVER_PORT", String.valueOf(FreePorts.next())),
        Map.entry("VIGIL_DATA_DIR", data.resolve("service").toString()),
        Map.entry("DATASOURCES_DEFAULT_URL", String.valueOf(servers.get("datasources.default.url"))),
        Map.entry("DATASOURCES_DEFAULT_USERNAME", String.valueOf(servers.get("datasources.default.username"))),
        Map.entry("DATASOURCES_DEFAULT_PASSWORD", String.valueOf(servers.get("datasources.default.password"))),
        Map.entry("TEMPORAL_ADDRESS", String.valueOf(servers.get("temporal.address"))),
        Map.entry("SLACK_BOT_TOKEN", "xoxb-" + tag),
        Map.entry("SLACK_BASE_URL", wireMockBaseUrl + "/slack/api/"),
        Map.entry("GOOGLE_ACCESS_TOKEN", "ya29." + tag),
        Map.entry("GOOGLE_ROOT_URL", wireMockBaseUrl + "/google/"),
        Map.entry("VIGIL_ADMIN_TOKEN", TestInfrastructure.ADMIN_TOKEN),
        Map.entry("VIGIL_DETECTION_SCHEDULE_ENABLED", "false")));
    env.putAll(extra);
    return env;
  }
}
