package io.vigil.app.embedded;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * What can be seen of other processes (their arguments, on Linux from /proc) and of the folders they
 * name, so that a server found on a port can be told apart from the one this data folder expects.
 */
final class Processes {
  private Processes() {}

  /** A living process of that pid, zombies excluded. */
  static Optional<ProcessHandle> living(long pid) {
    return ProcessHandle.of(pid).filter(Processes::alive);
  }

  /**
   * Whether the process runs. Unlike {@link ProcessHandle#isAlive()}, a zombie (exited, not yet reaped
   * by its parent, often init for a server whose launcher is gone) counts as gone.
   */
  static boolean alive(ProcessHandle process) {
    if (!process.isAlive()) {
      return false;
    }
    try {
      String stat = Files.readString(Path.of("/proc", String.valueOf(process.pid()), "stat"));
      // "pid (command) state ...": the command may itself hold spaces and parentheses
      return !stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
    } catch (IOException | RuntimeException noProc) {
      return process.isAlive();
    }
  }

  /** The arguments the process was started with, where the OS shows them. */
  static Optional<List<String>> arguments(long pid) {
    return living(pid).flatMap(Processes::arguments);
  }

  static Optional<List<String>> arguments(ProcessHandle process) {
    return process.info().arguments().map(Arrays::asList);
  }

  /** The value after {@code flag} ({@code --port 7233}) or in it ({@code --port=7233}). */
  static Optional<String> option(List<String> arguments, String flag) {
    for (int i = 0; i < arguments.size(); i++) {
      String argument = arguments.get(i);
      if (argument.equals(flag) && i + 1 < arguments.size()) {
        return Optional.of(arguments.get(i + 1));
      }
      if (argument.startsWith(flag + "=")) {
        return Optional.of(argument.substring(flag.length() + 1));
      }
    }
    return Optional.empty();
  }

  /** The first living process (of those the OS lets this user see) whose arguments match. */
  static Optional<ProcessHandle> find(Predicate<List<String>> arguments) {
    return ProcessHandle.allProcesses()
        .filter(Processes::alive)
        .filter(process -> arguments(process).filter(arguments).isPresent())
        .findFirst();
  }

  /** The path with symbolic links resolved, as far as it exists. */
  static Path canonical(Path path) {
    Path absolute = path.toAbsolutePath().normalize();
    try {
      return absolute.toRealPath();
    } catch (IOException missing) {
      Path parent = absolute.getParent();
      return parent == null ? absolute : canonical(parent).resolve(absolute.getFileName());
    }
  }

  static boolean sameFolder(Path a, Path b) {
    return canonical(a).equals(canonical(b));
  }
}
