package io.vigil.app.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.context.annotation.Value;
import io.vigil.infra.persistence.Sql;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Detection runs asked for over HTTP: each runs on this process's own threads and is recorded in
 * {@code detection_runs}, so that a caller waits for its answer at most {@code
 * vigil.detection.run-answer-within} (30 s) and otherwise reads it later by id, from any API
 * instance. While a run goes on its row is renewed every {@link #ALIVE_EVERY}; a row not renewed for
 * {@link #INTERRUPTED_AFTER} belonged to a process that died, and is answered as interrupted (a
 * detection run is safe to run again: alerts start their check-ins once).
 */
@Singleton
public class DetectionRuns {
  static final Duration ALIVE_EVERY = Duration.ofSeconds(10);
  static final Duration INTERRUPTED_AFTER = Duration.ofMinutes(1);
  /** Runs are kept this long for their callers to read, then pruned by the next run. */
  static final Duration KEEP = Duration.ofDays(30);
  private static final Logger LOG = LoggerFactory.getLogger(DetectionRuns.class);

  private final Sql sql;
  private final ObjectMapper json;
  private final Duration answerWithin;
  private final ExecutorService runner = Executors.newFixedThreadPool(2, named("detection-run"));
  private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(named("detection-run-alive"));

  public DetectionRuns(Sql sql, ObjectMapper json,
      @Value("${vigil.detection.run-answer-within:30s}") Duration answerWithin) {
    this.sql = sql;
    this.json = json;
    this.answerWithin = answerWithin;
  }

  /** What the caller gets: the run's answer when it finished in time, or else its id to ask again. */
  public record Started(UUID id, Optional<Object> answer) {}

  /** The state of a run, and its answer (the same as the POST would have given) once done. */
  public record RunState(UUID id, LocalDate asOf, String customerId, String status, Instant startedAt,
      Instant finishedAt, long seconds, JsonNode result, String error) {}

  /**
   * How long the caller waits: the answer time, or less when the request prefers (RFC 7240): {@code
   * Prefer: respond-async} answers at once, {@code Prefer: wait=5} within 5 seconds.
   */
  public Duration waitFor(String prefer) {
    if (prefer == null) {
      return answerWithin;
    }
    Duration wait = answerWithin;
    for (String preference : prefer.split(",")) {
      String p = preference.trim().toLowerCase(java.util.Locale.ROOT);
      if (p.equals("respond-async")) {
        wait = Duration.ZERO;
      } else if (p.matches("wait\\s*=\\s*\\d{1,9}")) {
        Duration asked = Duration.ofSeconds(Long.parseLong(p.replaceAll("\\D", "")));
        wait = asked.compareTo(wait) < 0 ? asked : wait;
      }
    }
    return wait;
  }

  /** Starts {@code work} for {@code asOf} (one customer or all) and waits for it up to {@code wait}. */
  public Started start(LocalDate asOf, String customerId, Duration wait, Supplier<?> work) {
    UUID id = UUID.randomUUID();
    sql.inTransaction(connection -> {
      try (PreparedStatement prune = connection.prepareStatement("DELETE FROM detection_runs WHERE started_at < ?");
           PreparedStatement insert = connection.prepareStatement(
               "INSERT INTO detection_runs (id, as_of, customer_id, status) VALUES (?, ?, ?, 'running')")) {
        prune.setTimestamp(1, Timestamp.from(Instant.now().minus(KEEP)));
        prune.executeUpdate();
        insert.setObject(1, id);
        insert.setObject(2, asOf);
        insert.setString(3, customerId);
        insert.executeUpdate();
        return null;
      }
    });
    ScheduledFuture<?> alive = ticker.scheduleAtFixedRate(() -> renew(id), ALIVE_EVERY.toMillis(), ALIVE_EVERY.toMillis(),
        TimeUnit.MILLISECONDS);
    Future<Object> run = runner.submit(() -> {
      try {
        Object answer = work.get();
        finish(id, "done", json.writeValueAsString(answer), null);
        return answer;
      } catch (Exception | Error e) {
        LOG.warn("Detection run {} as of {} failed", id, asOf, e);
        finish(id, "failed", null, String.valueOf(e.getMessage()));
        throw e;
      } finally {
        alive.cancel(false);
      }
    });
    try {
      return new Started(id, Optional.of(run.get(wait.toMillis(), TimeUnit.MILLISECONDS)));
    } catch (TimeoutException e) {
      return new Started(id, Optional.empty());
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException failure) {
        throw failure;
      }
      throw new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Started(id, Optional.empty());
    }
  }

  public Optional<RunState> find(UUID id) {
    return sql.inTransaction(connection -> {
      try (PreparedStatement ps = connection.prepareStatement("""
          SELECT as_of, customer_id, status, started_at, finished_at, result::text, error,
                 alive_at < now() - make_interval(secs => ?) AS stale, now() AS now
          FROM detection_runs WHERE id = ?""")) {
        ps.setLong(1, INTERRUPTED_AFTER.toSeconds());
        ps.setObject(2, id);
        try (ResultSet rs = ps.executeQuery()) {
          if (!rs.next()) {
            return Optional.empty();
          }
          String status = rs.getString("status");
          if (status.equals("running") && rs.getBoolean("stale")) {
            status = "interrupted";
          }
          Instant started = rs.getTimestamp("started_at").toInstant();
          Timestamp finished = rs.getTimestamp("finished_at");
          Instant end = finished != null ? finished.toInstant() : rs.getTimestamp("now").toInstant();
          String result = rs.getString(6);
          return Optional.of(new RunState(id, rs.getObject("as_of", LocalDate.class), rs.getString("customer_id"), status,
              started, finished == null ? null : finished.toInstant(), Duration.between(started, end).toSeconds(),
              result == null ? null : readTree(result), rs.getString("error")));
        }
      }
    });
  }

  private JsonNode readTree(String text) {
    try {
      return json.readTree(text);
    } catch (java.io.IOException e) {
      throw new IllegalStateException("a stored detection run does not parse", e);
    }
  }

  private void renew(UUID id) {
    try {
      sql.inTransaction(connection -> {
        try (PreparedStatement ps = connection.prepareStatement(
            "UPDATE detection_runs SET alive_at = now() WHERE id = ? AND status = 'running'")) {
          ps.setObject(1, id);
          return ps.executeUpdate();
        }
      });
    } catch (RuntimeException e) {
      LOG.warn("Could not renew detection run {}: {}", id, e.getMessage());
    }
  }

  private void finish(UUID id, String status, String result, String error) {
    sql.inTransaction(connection -> {
      try (PreparedStatement ps = connection.prepareStatement("""
          UPDATE detection_runs SET status = ?, finished_at = now(), alive_at = now(), result = CAST(? AS json), error = ?
          WHERE id = ?""")) {
        ps.setString(1, status);
        ps.setString(2, result);
        ps.setString(3, error);
        ps.setObject(4, id);
        return ps.executeUpdate();
      }
    });
  }

  @PreDestroy
  void stop() {
    runner.shutdownNow();
    ticker.shutdownNow();
  }

  private static java.util.concurrent.ThreadFactory named(String name) {
    return task -> {
      Thread thread = new Thread(task, name);
      thread.setDaemon(true);
      return thread;
    };
  }
}
