package io.vigil.app.security;

import io.micronaut.context.annotation.Value;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first admin credential. {@code VIGIL_ADMIN_TOKEN}, when set, is one. Otherwise, when no usable
 * admin machine token exists yet, one is created and written to {@code <data dir>/admin-token}
 * (mode 0600); the log says where, never what.
 */
@Singleton
public class AdminTokenBootstrap {
  private static final Logger LOG = LoggerFactory.getLogger("io.vigil");
  public static final String NAME = "bootstrap admin";

  private final ApiTokens tokens;
  private final Path dataDir;

  public AdminTokenBootstrap(ApiTokens tokens, @Value("${vigil.data-dir:data}") String dataDir) {
    this.tokens = tokens;
    this.dataDir = Path.of(dataDir).toAbsolutePath();
  }

  @EventListener
  void onStartup(StartupEvent event) {
    if (tokens.hasEnvAdminToken()) {
      LOG.info("Admin: VIGIL_ADMIN_TOKEN is set and is an admin token");
      return;
    }
    if (tokens.hasUsableAdminToken()) {
      LOG.info("Admin: an admin token exists (first written to {}); issue more with POST /api/tokens", file());
      return;
    }
    ApiTokens.Issued issued = tokens.issue(NAME, null, Roles.ADMIN, null, "bootstrap");
    write(issued.secret());
    LOG.info("Admin: created admin token {} and wrote it to {} (mode 0600): "
        + "curl -H \"Authorization: Bearer $(cat {})\" ...", issued.token().id(), file(), file());
  }

  private Path file() {
    return dataDir.resolve("admin-token");
  }

  private void write(String secret) {
    try {
      Files.createDirectories(dataDir);
      Path tmp = dataDir.resolve("admin-token.tmp");
      Files.deleteIfExists(tmp);
      Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(tmp, secret + "\n", StandardOpenOption.TRUNCATE_EXISTING);
      Files.move(tmp, file(), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
          java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the admin token to " + file(), e);
    }
  }
}
