package io.vigil.infra.persistence;

import java.sql.Date;
import java.sql.PreparedStatement;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The day partitions of {@code usage_events} (migration V290): created before a batch for those days
 * is stored, each in a short transaction of its own (the creation holds an advisory lock to its end),
 * so that batches never wait on one another's partition creation while they copy. The days known to
 * exist are remembered; partitions are never dropped.
 */
final class UsageEventPartitions {
  private final Sql sql;
  private final Set<LocalDate> known = ConcurrentHashMap.newKeySet();

  UsageEventPartitions(Sql sql) {
    this.sql = sql;
  }

  void ensureFor(SortedSet<LocalDate> days) {
    List<LocalDate> missing = days.stream().filter(d -> !known.contains(d)).toList();
    for (LocalDate day : missing) {
      sql.inTransaction(connection -> {
        try (PreparedStatement ps = connection.prepareStatement("SELECT usage_events_day_partition(?)")) {
          ps.setDate(1, Date.valueOf(day));
          ps.execute();
        }
        return null;
      });
      known.add(day);
    }
  }
}
