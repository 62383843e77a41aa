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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The service as production runs it: its own OS process ({@code io.vigil.app.Application}, on the
 * test's class path as EmbeddedDefaultsKill9IT runs its child), configured by environment
 * variables only, pointed at a PostgreSQL, a Temporal server and providers that outlive it. It can
 * be killed with SIGKILL ({@link Process#destroyForcibly()}) and started again on the same
 * configuration; every start appends to one log. Its JVM options are those of the fault tests
 * unless given ({@code ParkingBenchmarkIT} runs it as bin/vigil-dev does, to measure its memory).
 */
public final class VigilProcess {
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  /** Small and quick to start: what the fault and scale-out tests run several of at once. */
  private static final List<String> TEST_JVM = List.of("-Xmx384m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");
  private final List<String> jvmOptions;
  private final Map<String, String> env;
  private final Path log;
  private final int port;
  private volatile Process process;
  private int starts;

  VigilProcess(Map<String, String> env, Path log) {
    this(TEST_JVM, env, log);
  }

  public VigilProcess(List<String> jvmOptions, Map<String, String> env, Path log) {
    this.jvmOptions = List.copyOf(jvmOptions);
    this.env = Map.copyOf(env);
    this.log = log;
    this.port = Integer.parseInt(env.get("MICRONAUT_SERVER_PORT"));
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + port;
  }

  int starts() {
    return starts;
  }

  /** The running service's process id. */
  public long pid() {
    Process running = process;
    if (running == null || !running.isAlive()) {
      throw new IllegalStateException("the service is not running; see " + log);
    }
    return running.pid();
  }

  /** Starts the service and waits until it answers /health (its worker polls from then on). */
  public synchronized void start() {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.vigil.app.Application"));
    ProcessBuilder builder = new ProcessBuilder(command)
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
  public synchronized void stop() {
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
