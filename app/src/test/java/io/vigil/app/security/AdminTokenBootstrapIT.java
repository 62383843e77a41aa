package io.vigil.app.security;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.vigil.app.Api;
import io.vigil.app.TestInfrastructure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Without VIGIL_ADMIN_TOKEN and without any admin token, the first start creates one in
 * {@code <data dir>/admin-token} (0600), logs where (never the token), and a restart reuses it.
 */
class AdminTokenBootstrapIT {
  @Test
  void theFirstStartWritesAnAdminTokenFile_thatWorks_andARestartKeepsIt() throws Exception {
    Map<String, Object> properties = new HashMap<>(TestInfrastructure.properties());
    Path dataDir = Files.createTempDirectory("vigil-bootstrap-");
    properties.put("vigil.admin-token", "");
    properties.put("vigil.data-dir", dataDir.toString());
    revokeEveryAdminMachineToken(properties);

    ListAppender<ILoggingEvent> log = new ListAppender<>();
    log.start();
    ((Logger) LoggerFactory.getLogger("io.vigil")).addAppender(log);
    Path file = dataDir.resolve("admin-token");
    String secret;
    try (EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, properties)) {
      assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
      secret = Files.readString(file).trim();
      Api api = new Api(server.getURL().toString()).as(secret);
      assertThat(api.get("/api/tokens").status()).isEqualTo(200);
      assertThat(api.anonymous().get("/api/tokens").status()).isEqualTo(401);
    } finally {
      ((Logger) LoggerFactory.getLogger("io.vigil")).detachAppender(log);
    }
    assertThat(log.list).anySatisfy(e -> assertThat(e.getFormattedMessage()).contains(file.toString()));
    assertThat(log.list).noneSatisfy(e -> assertThat(e.getFormattedMessage()).contains(secret));

    try (EmbeddedServer again = ApplicationContext.run(EmbeddedServer.class, properties)) {
      assertThat(Files.readString(file).trim()).isEqualTo(secret);
      assertThat(new Api(again.getURL().toString()).as(secret).get("/api/tokens").status()).isEqualTo(200);
    }
  }

  private static void revokeEveryAdminMachineToken(Map<String, Object> properties) throws Exception {
    try (Connection c = DriverManager.getConnection((String) properties.get("datasources.default.url"),
        (String) properties.get("datasources.default.username"), (String) properties.get("datasources.default.password"))) {
      // the schema may not exist yet in a fresh database: then there is nothing to revoke
      var tables = c.getMetaData().getTables(null, null, "api_tokens", null);
      if (tables.next()) {
        c.createStatement().executeUpdate(
            "UPDATE api_tokens SET revoked_at = now() WHERE role = 'admin' AND user_id IS NULL AND revoked_at IS NULL");
      }
    }
  }
}
