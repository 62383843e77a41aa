package io.vigil.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CPU time each process of a benchmark has used, read from /proc before and after a phase. On a
 * machine shared with other work a rate moves with the load, but the CPU seconds a process spends
 * per workflow hardly do: this is the figure to compare a playbook with its floor by, process by
 * process.
 *
 * <p>A process is counted either alone (its own threads: the bench JVM, which is also the parent of
 * the servers it started) or with everything under it (PostgreSQL's postmaster and its backends, the
 * dev server behind its launcher): user + system time of each living process in the tree, plus the
 * time of the children each has reaped (a backend that exited in between is counted by its parent).
 */
final class CpuAccounting {
  /** Clock ticks per second of /proc's times: USER_HZ, 100 on every Linux this runs on. */
  private static final double TICKS_PER_SECOND = 100.0;

  /** One process (or process tree) to account, by name. */
  record Account(String name, long pid, boolean withDescendants) {}

  /** CPU seconds per account, and the machine's busy CPU seconds, at one moment. */
  record Reading(Map<String, Double> seconds, double machineBusy, long nanos) {
    Usage since(Reading earlier) {
      Map<String, Double> used = new LinkedHashMap<>();
      seconds.forEach((name, s) -> used.put(name, s - earlier.seconds.get(name)));
      return new Usage(used, machineBusy - earlier.machineBusy, (nanos - earlier.nanos) / 1e9);
    }
  }

  /** CPU seconds used per account over a phase, the machine's over the same wall time. */
  record Usage(Map<String, Double> seconds, double machineBusy, double wallSeconds) {
    /** "service 12.3, PostgreSQL 4.5, ... ms per workflow": each account's CPU over {@code count}. */
    String perItem(int count, String item) {
      StringBuilder line = new StringBuilder("CPU ms per ").append(item).append(':');
      double ours = 0;
      for (Map.Entry<String, Double> e : seconds.entrySet()) {
        line.append(' ').append(e.getKey()).append(' ').append(ms(e.getValue(), count)).append(',');
        ours += e.getValue();
      }
      line.append(" sum ").append(ms(ours, count))
          .append("; the rest of the machine ").append(ms(machineBusy - ours, count))
          .append(" (").append("%.1f s wall, %.0f%% of one core busy in all".formatted(wallSeconds,
              100 * machineBusy / wallSeconds)).append(')');
      return line.toString();
    }

    private static String ms(double seconds, int count) {
      return "%.1f".formatted(1000 * seconds / count);
    }
  }

  private final List<Account> accounts;

  CpuAccounting(List<Account> accounts) {
    this.accounts = List.copyOf(accounts);
  }

  Reading read() throws IOException {
    Map<Long, Stat> all = processes();
    Map<String, Double> seconds = new LinkedHashMap<>();
    for (Account account : accounts) {
      long ticks = 0;
      Stat own = all.get(account.pid());
      if (own == null) {
        throw new IllegalStateException(account.name() + " (pid " + account.pid() + ") is not running");
      }
      if (account.withDescendants()) {
        for (Stat s : tree(all, account.pid())) {
          ticks += s.utime + s.stime + s.cutime + s.cstime;
        }
      } else {
        ticks = own.utime + own.stime;
      }
      seconds.put(account.name(), ticks / TICKS_PER_SECOND);
    }
    return new Reading(seconds, machineBusySeconds(), System.nanoTime());
  }

  private record Stat(long pid, long ppid, long utime, long stime, long cutime, long cstime) {}

  private static List<Stat> tree(Map<Long, Stat> all, long root) {
    Map<Long, List<Stat>> children = new HashMap<>();
    for (Stat s : all.values()) {
      children.computeIfAbsent(s.ppid, k -> new ArrayList<>()).add(s);
    }
    List<Stat> found = new ArrayList<>();
    Deque<Stat> next = new ArrayDeque<>(List.of(all.get(root)));
    while (!next.isEmpty()) {
      Stat s = next.pop();
      found.add(s);
      next.addAll(children.getOrDefault(s.pid, List.of()));
    }
    return found;
  }

  private static Map<Long, Stat> processes() throws IOException {
    Map<Long, Stat> all = new HashMap<>();
    try (DirectoryStream<Path> proc = Files.newDirectoryStream(Path.of("/proc"), p -> p.getFileName().toString().matches("\\d+"))) {
      for (Path dir : proc) {
        String stat;
        try {
          stat = Files.readString(dir.resolve("stat"));
        } catch (IOException gone) {
          continue; // exited since the listing
        }
        // the command name is in parentheses and may hold spaces: the fields start after the last ')'
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
        all.put(Long.parseLong(dir.getFileName().toString()), new Stat(Long.parseLong(dir.getFileName().toString()),
            Long.parseLong(f[1]), Long.parseLong(f[11]), Long.parseLong(f[12]), Long.parseLong(f[13]), Long.parseLong(f[14])));
      }
    }
    return all;
  }

  /** Busy CPU seconds of the whole machine (all cores): /proc/stat's first line less idle and iowait. */
  private static double machineBusySeconds() throws IOException {
    String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
    long busy = 0;
    for (int i = 1; i < f.length && i <= 8; i++) { // user nice system idle iowait irq softirq steal
      if (i != 4 && i != 5) {
        busy += Long.parseLong(f[i]);
      }
    }
    return busy / TICKS_PER_SECOND;
  }
}
