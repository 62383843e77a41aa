package io.vigil.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Map.Entry;

/**
 * CPU time of one process's threads, grouped by what they do (from their names in
 * /proc/{pid}/task/{tid}/stat), before and after a phase. Unlike a profiler it costs the process
 * nothing: a JFR profile of the service doubled its CPU per approval (26 against 13 ms), so its
 * shares cannot be read as the service's own.
 */
final class ThreadCpu {
  /** Thread-name prefixes (as /proc shows them: 15 characters) and their group, first match wins. */
  private static final List<Entry<String, String>> GROUPS = List.of(
      Map.entry("io-executor", "HTTP requests"),
      Map.entry("default-eventLo", "HTTP event loop"),
      Map.entry("workflow-method", "workflow code"),
      Map.entry("workflow[", "workflow code"),
      Map.entry("workflow-thread", "workflow code"),
      Map.entry("Workflow Execut", "workflow tasks (SDK)"),
      Map.entry("Local Activity", "local activities"),
      Map.entry("Activity Execut", "activities"),
      Map.entry("Workflow Poller", "pollers"),
      Map.entry("Activity Poller", "pollers"),
      Map.entry("grpc-", "gRPC"),
      Map.entry("C1 Compiler", "JIT compilers"),
      Map.entry("C2 Compiler", "JIT compilers"),
      Map.entry("VM Thread", "GC and VM"),
      Map.entry("GC ", "GC and VM"));

  private final long pid;

  ThreadCpu(long pid) {
    this.pid = pid;
  }

  /** Clock ticks per living thread, with its group. */
  record Reading(Map<Long, String> groups, Map<Long, Long> ticks, long processTicks) {
    /**
     * "HTTP requests 2.0, workflow code 4.1, ... ms per approval": each group's CPU over {@code count};
     * the time of threads that ended in between is counted only in "ended threads".
     */
    String perItem(Reading earlier, int count, String item) {
      Map<String, Long> used = new LinkedHashMap<>();
      long counted = 0;
      for (Entry<Long, Long> t : ticks.entrySet()) {
        long delta = t.getValue() - earlier.ticks.getOrDefault(t.getKey(), 0L);
        used.merge(groups.get(t.getKey()), delta, Long::sum);
        counted += delta;
      }
      used.put("ended threads", Math.max(0, processTicks - earlier.processTicks - counted));
      StringBuilder line = new StringBuilder("service CPU ms per ").append(item).append(" by thread:");
      used.entrySet().stream().sorted(Entry.<String, Long>comparingByValue().reversed()).filter(e -> e.getValue() > 0)
          .forEach(e -> line.append(' ').append(e.getKey()).append(' ').append("%.2f".formatted(10.0 * e.getValue() / count)).append(','));
      line.setLength(line.length() - 1);
      return line.toString();
    }
  }

  Reading read() throws IOException {
    Map<Long, String> groups = new HashMap<>();
    Map<Long, Long> ticks = new HashMap<>();
    try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/" + pid + "/task"))) {
      for (Path task : tasks) {
        String stat;
        try {
          stat = Files.readString(task.resolve("stat"));
        } catch (IOException gone) {
          continue; // ended since the listing
        }
        String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
        long tid = Long.parseLong(task.getFileName().toString());
        groups.put(tid, group(name));
        ticks.put(tid, Long.parseLong(f[11]) + Long.parseLong(f[12]));
      }
    }
    String own = Files.readString(Path.of("/proc/" + pid + "/stat"));
    String[] f = own.substring(own.lastIndexOf(')') + 2).trim().split(" ");
    return new Reading(groups, ticks, Long.parseLong(f[11]) + Long.parseLong(f[12]));
  }

  private static String group(String threadName) {
    for (Entry<String, String> g : GROUPS) {
      if (threadName.startsWith(g.getKey())) {
        return g.getValue();
      }
    }
    return "other";
  }
}
