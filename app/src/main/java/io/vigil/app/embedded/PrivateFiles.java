package io.vigil.app.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The data folder and the secrets in it belong to Vigil's OS user alone: the folder is 0700, a
 * secret 0600. Looser permissions found on start are tightened, and said so. On file systems
 * without POSIX permissions (Windows) nothing is changed.
 */
final class PrivateFiles {
  private static final Logger LOG = LoggerFactory.getLogger(PrivateFiles.class);

  static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");
  static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

  private PrivateFiles() {}

  /** Creates the folder (and its parents) with mode 0700, or tightens an existing one to 0700. */
  static Path directory(Path dir) {
    try {
      if (!posix(dir)) {
        return Files.createDirectories(dir);
      }
      if (Files.notExists(dir)) {
        Path parent = dir.toAbsolutePath().getParent();
        if (parent != null) {
          Files.createDirectories(parent);
        }
        try {
          Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(DIRECTORY));
          // the umask may have taken bits away (never added any): set exactly 0700
          Files.setPosixFilePermissions(dir, DIRECTORY);
          return dir;
        } catch (FileAlreadyExistsException raced) {
          // created meanwhile by another process: check it like any existing folder
        }
      }
      tighten(dir, DIRECTORY, "data folder");
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot make the data folder " + dir + " private (mode 0700)", e);
    }
  }

  /** Tightens an existing file to 0600 if group or others may touch it. */
  static void file(Path file, String what) {
    try {
      if (posix(file)) {
        tighten(file, FILE, what);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot make " + file + " private (mode 0600)", e);
    }
  }

  static boolean posix(Path path) {
    return path.getFileSystem().supportedFileAttributeViews().contains("posix");
  }

  private static void tighten(Path path, Set<PosixFilePermission> wanted, String what) throws IOException {
    Set<PosixFilePermission> actual = Files.getPosixFilePermissions(path);
    Set<PosixFilePermission> foreign = EnumSet.noneOf(PosixFilePermission.class);
    foreign.addAll(actual);
    foreign.removeAll(wanted);
    if (!foreign.isEmpty()) {
      Files.setPosixFilePermissions(path, wanted);
      LOG.warn("Tightened the permissions of the {} {} from {} to {}: only Vigil's user may read it", what, path,
          PosixFilePermissions.toString(actual), PosixFilePermissions.toString(wanted));
    }
  }
}
