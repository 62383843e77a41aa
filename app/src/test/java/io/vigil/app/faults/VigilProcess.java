package io.vigil.app.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Map;

/**
 * The service as production runs it: its own OS process ({@code io.vigil.app.Application}, on the
 * test's class path as EmbeddedDefaultsKill9IT runs its child), configured by environment
 * variables only, pointed at a PostgreSQL, a Temporal server and providers that outlive it. It can
 * be killed with SIGKILL ({@link Process#destroyForcibly()}) and started again on the same
 * configuration; every start appends to one log.
 */
final class VigilProcess {
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final Map<String, String> env;
  private final Path log;
  private final int port;
  private volatile Process process;
  private int starts;

  VigilProcess(Map<String, String> env, Path log) {
    this.env = Map.copyOf(env);
    this.log = log;
    this.port = Integer.parseInt(env.get("MICRONAUT_SERVER_PORT"));
  }

  String baseUrl() {
    return "http://127.0.0.1:" + port;
  }

  int starts() {
    return starts;
  }

  /** Starts the service and waits until it answers /health (its worker polls from then on). */
  synchronized void start() {
    String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder builder = new ProcessBuilder(javaBin, "-Xmx384m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
        "-cp", System.getProperty("java.class.path"), "io.vigil.app.Application")
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.environment().putAll(env);
    try {
      Files.writeString(log, "\n==== start " + (++starts) + " ====\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
      process = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Process started = process;
    await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200)).until(() -> {
      assertThat(started.isAlive()).as("the service died on start; see %s", log).isTrue();
      return healthy();
    });
  }

  /** kill -9: no shutdown hook, no graceful worker stop, whatever was in flight is cut off. */
  synchronized void kill() {
    Process running = process;
    if (running == null || !running.isAlive()) {
      throw new IllegalStateException("the service is not running; see " + log);
    }
    running.destroyForcibly();
    try {
      running.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  boolean isAlive() {
    Process running = process;
    return running != null && running.isAlive();
  }

  /** Stops the service for good at the end (SIGTERM, then SIGKILL). */
  synchronized void stop() {
    Process running = process;
    if (running != null && running.isAlive()) {
      running.destroy();
      try {
        if (!running.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
          running.destroyForcibly().waitFor();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private boolean healthy() {
    try {
      HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/health"))
          .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
      return response.statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
