package io.vigil.app.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The watchdog script on its own: a stand-in server, and a pipe this test holds in place of the
 * Vigil JVM. Closing the pipe is what the JVM's death does.
 */
class WatchdogTest {
  private Path dir;
  private Process server;
  private Process watchdog;

  @BeforeEach
  void writeTheScript() throws IOException {
    dir = Files.createTempDirectory("vigil-watchdog-");
    Files.writeString(dir.resolve(Watchdog.SCRIPT_NAME), Watchdog.SCRIPT);
  }

  @AfterEach
  void stopWhatIsLeft() {
    for (Process process : new Process[] {server, watchdog}) {
      if (process != null) {
        process.destroyForcibly();
      }
    }
  }

  @Test
  void givenTheVigilIsGone_theWatchdogStopsTheServerWithThePoliteSignal() throws IOException {
    server = new ProcessBuilder("sleep", "300").start();
    watchdog = guard(server, "TERM", 5, "KILL");

    watchdog.getOutputStream().close();

    await().atMost(Duration.ofSeconds(3)).until(() -> !server.isAlive() && !watchdog.isAlive());
    assertThat(log()).contains("Vigil (pid 4242) is gone; stopping stand-in (pid " + server.pid() + ") with SIGTERM",
        "stand-in (pid " + server.pid() + ") stopped");
  }

  @Test
  void givenTheServerIgnoresThePoliteSignal_itGetsTheLastOneAfterTheGrace() throws IOException {
    server = new ProcessBuilder("bash", "-c", "trap '' TERM; echo ready; while :; do sleep 0.1; done").start();
    server.getInputStream().read();
    watchdog = guard(server, "TERM", 1, "KILL");

    watchdog.getOutputStream().close();

    await().atMost(Duration.ofSeconds(4)).until(() -> !server.isAlive() && !watchdog.isAlive());
    assertThat(log()).contains("stand-in (pid " + server.pid() + ") still running after 1s; sending SIGKILL");
  }

  @Test
  void givenTheServerStopsFirst_theWatchdogEndsQuietly_andTheVigilLivesOn() throws IOException {
    server = new ProcessBuilder("sleep", "300").start();
    watchdog = guard(server, "TERM", 5, "KILL");

    server.destroy();

    await().atMost(Duration.ofSeconds(3)).until(() -> !watchdog.isAlive());
    assertThat(log()).isEmpty();
  }

  private Process guard(Process server, String signal, int graceSeconds, String lastSignal) throws IOException {
    return new ProcessBuilder("bash", dir.resolve(Watchdog.SCRIPT_NAME).toString(), "stand-in",
        String.valueOf(server.pid()), signal, String.valueOf(graceSeconds), lastSignal, "4242")
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve(Watchdog.LOG_NAME).toFile())
        .start();
  }

  private String log() throws IOException {
    return Files.readString(dir.resolve(Watchdog.LOG_NAME));
  }
}
