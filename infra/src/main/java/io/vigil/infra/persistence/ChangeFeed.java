package io.vigil.infra.persistence;

import io.micronaut.context.annotation.Value;
import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What changed for whom, as PostgreSQL announces it (V280's triggers, {@code NOTIFY vigil_changes}):
 * each change names the CSMs whose customers it touched, or everyone. One connection listens for the
 * whole process, started with the first subscriber; every app instance listens for itself, so a change
 * written by any instance reaches the pages served by all of them. A lost connection is opened again;
 * subscribers are then told that everything may have changed, since notifications sent meanwhile
 * are gone.
 */
@Singleton
public class ChangeFeed {
  public static final String CHANNEL = "vigil_changes";
  private static final Logger LOG = LoggerFactory.getLogger(ChangeFeed.class);
  private static final Duration POLL = Duration.ofSeconds(5);
  private static final Duration RECONNECT_AFTER = Duration.ofSeconds(2);

  /** One change: the CSMs it concerns, or {@link #everyone}. */
  public record Change(Set<String> csmIds, boolean everyone) {
    static final Change EVERYONE = new Change(Set.of(), true);

    static Change parse(String payload) {
      return payload == null || payload.isBlank() || "*".equals(payload) ? EVERYONE
          : new Change(Set.of(payload.split(",")), false);
    }
  }

  private final DataSource dataSource;
  private final boolean enabled;
  private final List<Consumer<Change>> subscribers = new CopyOnWriteArrayList<>();
  private volatile Thread listener;
  private volatile boolean closed;

  public ChangeFeed(DataSource dataSource, @Value("${vigil.web.change-feed:true}") boolean enabled) {
    // the pool itself: the listening connection is held for the process, outside any transaction
    this.dataSource = DelegatingDataSource.unwrapDataSource(dataSource);
    this.enabled = enabled;
  }

  /** Calls {@code subscriber} (on the listening thread: keep it quick) for each change until the answer is run. */
  public Runnable subscribe(Consumer<Change> subscriber) {
    subscribers.add(subscriber);
    startListening();
    return () -> subscribers.remove(subscriber);
  }

  private synchronized void startListening() {
    if (listener != null || closed || !enabled) {
      return;
    }
    Thread thread = new Thread(this::listen, "vigil-change-feed");
    thread.setDaemon(true);
    thread.start();
    listener = thread;
  }

  private void listen() {
    boolean reconnecting = false;
    while (!closed) {
      try (Connection connection = dataSource.getConnection(); Statement listen = connection.createStatement()) {
        connection.setAutoCommit(true); // a LISTEN inside an open transaction hears nothing until it commits
        listen.execute("LISTEN " + CHANNEL);
        if (reconnecting) {
          publish(Change.EVERYONE);
        }
        PGConnection pg = connection.unwrap(PGConnection.class);
        while (!closed) {
          PGNotification[] notifications = pg.getNotifications((int) POLL.toMillis());
          if (notifications != null) {
            for (PGNotification notification : notifications) {
              publish(Change.parse(notification.getParameter()));
            }
          }
        }
      } catch (SQLException | RuntimeException e) {
        if (closed) {
          return;
        }
        LOG.warn("Change feed lost its connection ({}); listening again in {} s", e.getMessage(), RECONNECT_AFTER.toSeconds());
        reconnecting = true;
        sleep(RECONNECT_AFTER);
      }
    }
  }

  private void publish(Change change) {
    for (Consumer<Change> subscriber : subscribers) {
      try {
        subscriber.accept(change);
      } catch (RuntimeException e) {
        LOG.warn("A change feed subscriber failed: {}", e.toString());
      }
    }
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @PreDestroy
  void close() {
    closed = true;
    Thread running = listener;
    if (running != null) {
      running.interrupt();
    }
  }
}
