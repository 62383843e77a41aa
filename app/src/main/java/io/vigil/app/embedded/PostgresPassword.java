package io.vigil.app.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The password of the embedded PostgreSQL's superuser, kept in {@code <data folder>/postgres-password}
 * (mode 0600): 256 random bits, made once, read on every later start.
 */
final class PostgresPassword {
  private static final Logger LOG = LoggerFactory.getLogger(PostgresPassword.class);
  private static final SecureRandom RANDOM = new SecureRandom();

  static final String FILE_NAME = "postgres-password";

  private PostgresPassword() {}

  static Path file(Path dataDir) {
    return dataDir.resolve(FILE_NAME);
  }

  /** The stored password; generated and stored first if there is none yet. */
  static String readOrCreate(Path dataDir) {
    Path file = file(dataDir);
    try {
      if (Files.notExists(file)) {
        create(file);
      }
      PrivateFiles.file(file, "PostgreSQL password file");
      String password = Files.readString(file).strip();
      if (password.isEmpty()) {
        throw new IllegalStateException(file + " is empty: restore the password it held (or, if the embedded "
            + "PostgreSQL has never been started, delete the file to have a new one generated)");
      }
      return password;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or create " + file, e);
    }
  }

  private static void create(Path file) throws IOException {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    String password = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    // written whole under another name, then renamed: the file is never seen half written
    FileAttribute<?>[] ownerOnly = PrivateFiles.posix(file)
        ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PrivateFiles.FILE)}
        : new FileAttribute<?>[0];
    Path partial = Files.createTempFile(file.getParent(), "." + FILE_NAME + "-", ".partial", ownerOnly);
    try {
      Files.writeString(partial, password + "\n");
      Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(partial);
    }
    LOG.info("Generated the embedded PostgreSQL's password into {}", file);
  }
}
