package io.vigil.app.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProcessesTest {

  @Test
  void aFolderReachedThroughASymbolicLinkIsTheSameFolder_evenBelowWhatExistsYet() throws Exception {
    Path root = Files.createTempDirectory("vigil-processes-");
    Path real = Files.createDirectories(root.resolve("real/data"));
    Path link = Files.createSymbolicLink(root.resolve("link"), real);

    assertThat(Processes.sameFolder(link.resolve("postgres"), real.resolve("postgres"))).isTrue();
    assertThat(Processes.sameFolder(root.resolve("real/./data/../data/postgres"), link.resolve("postgres"))).isTrue();
    assertThat(Processes.sameFolder(root.resolve("other/postgres"), link.resolve("postgres"))).isFalse();
  }

  @Test
  void anOptionIsReadWhetherItsValueFollowsOrIsJoinedWithEquals() {
    List<String> arguments = List.of("server", "start-dev", "--db-filename", "/d/temporal/temporal.db", "--port=7233");

    assertThat(Processes.option(arguments, "--db-filename")).contains("/d/temporal/temporal.db");
    assertThat(Processes.option(arguments, "--port")).contains("7233");
    assertThat(Processes.option(arguments, "--ui-port")).isEmpty();
  }

  @Test
  void thisJvmIsAlive_andShowsItsArguments() {
    assertThat(Processes.living(ProcessHandle.current().pid())).isPresent();
    assertThat(Processes.arguments(ProcessHandle.current().pid())).isPresent();
  }
}
