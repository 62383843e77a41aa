package io.vigil.app.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;

/**
 * The embedded PostgreSQL's pg_hba.conf, which Vigil owns: every connection, over TCP or the local
 * socket, must prove the password (SCRAM-SHA-256). zonky's initdb writes "trust" for everything;
 * that file is replaced before the server first starts.
 */
final class PgHba {
  static final String FILE_NAME = "pg_hba.conf";

  /** What the server always runs with. */
  static final String PASSWORD_REQUIRED = """
      # Written by Vigil on every start of its embedded PostgreSQL; edits are overwritten.
      # Every connection must give the password kept in postgres-password in the data folder.
      # TYPE  DATABASE  USER  ADDRESS       METHOD
      local   all       all                 scram-sha-256
      host    all       all   127.0.0.1/32  scram-sha-256
      host    all       all   ::1/128       scram-sha-256
      """;

  /**
   * Only while a data folder made by an older Vigil (trust for everyone) is migrated: zonky's
   * readiness check and Vigil's one connection that sets the password still get in without one.
   */
  static final String MIGRATING = """
      # Written by Vigil while it sets the superuser's password on a data folder that had none;
      # replaced by password authentication as soon as the password is set.
      # TYPE  DATABASE  USER      ADDRESS       METHOD
      host    postgres  postgres  127.0.0.1/32  trust
      """;

  private PgHba() {}

  /** Whether any rule of the data directory's pg_hba.conf lets a client in without a password. */
  static boolean allowsTrust(Path pgData) {
    Path file = pgData.resolve(FILE_NAME);
    if (Files.notExists(file)) {
      return false;
    }
    try {
      return Files.readAllLines(file).stream()
          .map(line -> line.replaceFirst("#.*", "").trim())
          .filter(line -> !line.isEmpty())
          .map(line -> List.of(line.split("\\s+")))
          .anyMatch(tokens -> tokens.stream().anyMatch(token -> token.equalsIgnoreCase("trust")));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  /** Replaces pg_hba.conf (whole, by rename) unless it already says exactly this. */
  static void write(Path pgData, String content) {
    Path file = pgData.resolve(FILE_NAME);
    try {
      if (Files.exists(file) && Arrays.equals(Files.readAllBytes(file), content.getBytes())) {
        return;
      }
      Path partial = Files.createTempFile(pgData, "." + FILE_NAME + "-", ".partial");
      try {
        Files.writeString(partial, content);
        Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } finally {
        Files.deleteIfExists(partial);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }
}
