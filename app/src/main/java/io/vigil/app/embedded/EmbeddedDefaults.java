package io.vigil.app.embedded;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What runs when nothing external is configured: embedded PostgreSQL unless
 * {@code DATASOURCES_DEFAULT_URL} names one, the Temporal dev server unless {@code TEMPORAL_ADDRESS}
 * names a cluster, both keeping their data under {@code VIGIL_DATA_DIR} (default ./data). Answers
 * the properties that point the application at them. The data folder is private to Vigil's user
 * (0700); the embedded PostgreSQL requires the password kept in it ({@code postgres-password}).
 * A {@link Watchdog} stops each embedded server within seconds of this JVM's death, however it
 * dies, and a server found on a port is used only if it is this data folder's own.
 */
public final class EmbeddedDefaults {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedDefaults.class);

  private EmbeddedDefaults() {}

  public static Map<String, Object> start(Function<String, String> env) {
    Path dataDir = Path.of(valueOr(env, "VIGIL_DATA_DIR", "data")).toAbsolutePath();
    Map<String, Object> properties = new HashMap<>();
    if (blank(env.apply("DATASOURCES_DEFAULT_URL"))) {
      int port = Integer.parseInt(valueOr(env, "VIGIL_POSTGRES_PORT", "5433"));
      EmbeddedPostgresLauncher.Database database = EmbeddedPostgresLauncher.start(dataDir, port);
      properties.put("datasources.default.url", database.url());
      properties.put("datasources.default.username", database.username());
      properties.put("datasources.default.password", database.password());
    } else {
      LOG.info("Using the PostgreSQL at {}", Redaction.url(env.apply("DATASOURCES_DEFAULT_URL")));
    }
    if (blank(env.apply("TEMPORAL_ADDRESS"))) {
      int port = Integer.parseInt(valueOr(env, "VIGIL_TEMPORAL_PORT", "7233"));
      int uiPort = Integer.parseInt(valueOr(env, "VIGIL_TEMPORAL_UI_PORT", "8233"));
      SqlitePragmas pragmas = SqlitePragmas.parse(env.apply(SqlitePragmas.VARIABLE));
      properties.put("temporal.address", TemporalDevServerLauncher.start(dataDir, port, uiPort, pragmas));
    } else {
      LOG.info("Using the Temporal cluster at {}", Redaction.url(env.apply("TEMPORAL_ADDRESS")));
    }
    return properties;
  }

  private static String valueOr(Function<String, String> env, String name, String fallback) {
    String value = env.apply(name);
    return blank(value) ? fallback : value;
  }

  private static boolean blank(String value) {
    return value == null || value.isBlank();
  }
}
