package io.vigil.app.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micronaut.context.BeanProvider;
import io.vigil.infra.persistence.Sql;
import jakarta.inject.Singleton;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * The approvals waiting for a person and the age of the oldest, as gauges. Both come from one
 * query (on the index over status and creation time), made at most once per {@link #MAX_AGE}
 * whatever the number of scrapes or series: a scrape finds the last figures when they are fresh.
 */
@Singleton
public class ApprovalBacklog implements MeterBinder {
  static final Duration MAX_AGE = Duration.ofSeconds(15);

  /**
   * Asked for at the first scrape: the registry binds its binders while the connection pool is being
   * made (the pool reports its own metrics), and a binder that needed the pool then would make a second one.
   */
  private final BeanProvider<Sql> sql;
  private final Clock clock;
  private Snapshot last;

  record Snapshot(long pending, Instant oldestCreatedAt, Instant takenAt) {}

  public ApprovalBacklog(BeanProvider<Sql> sql, Clock clock) {
    this.sql = sql;
    this.clock = clock;
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    Gauge.builder("vigil.approvals.pending", this, b -> b.snapshot().pending())
        .description("drafts waiting for a person's approval").register(registry);
    TimeGauge.builder("vigil.approvals.oldest.pending.age", this, TimeUnit.SECONDS, b -> b.oldestAgeSeconds())
        .description("how long the oldest draft still pending has waited (0 when none)").register(registry);
  }

  double oldestAgeSeconds() {
    Snapshot s = snapshot();
    return s.oldestCreatedAt() == null ? 0 : Math.max(0, Duration.between(s.oldestCreatedAt(), clock.instant()).toSeconds());
  }

  synchronized Snapshot snapshot() {
    Instant now = clock.instant();
    if (last == null || Duration.between(last.takenAt(), now).compareTo(MAX_AGE) >= 0) {
      last = query(now);
    }
    return last;
  }

  private Snapshot query(Instant now) {
    return sql.get().inTransaction(c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT count(*), min(created_at) FROM approvals WHERE status = 'pending'");
          ResultSet rs = ps.executeQuery()) {
        rs.next();
        Timestamp oldest = rs.getTimestamp(2);
        return new Snapshot(rs.getLong(1), oldest == null ? null : oldest.toInstant(), now);
      }
    });
  }
}
