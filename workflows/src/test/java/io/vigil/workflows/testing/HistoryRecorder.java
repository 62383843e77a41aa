package io.vigil.workflows.testing;

import io.temporal.client.WorkflowClient;
import io.temporal.common.WorkflowExecutionHistory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Writes finished workflow histories as JSON into {@code src/test/resources/histories/<folder>/}
 * (the module's source tree, so they can be committed) and reads them back from the test
 * classpath for the replay tests. Shared by every workflow's replay test; each uses its own folder.
 */
public final class HistoryRecorder {
  /** Set to true ({@code -Dvigil.recordHistories=true}) to run the recording tests and rewrite the histories. */
  public static final String RECORD_PROPERTY = "vigil.recordHistories";

  private static final Path SOURCE_ROOT =
      Path.of(System.getProperty("basedir", "."), "src", "test", "resources", "histories");

  private HistoryRecorder() {}

  /** Exports the history of {@code workflowId} (its latest run) as {@code <folder>/<scenario>.json}. */
  public static Path record(WorkflowClient client, String workflowId, String folder, String scenario) {
    WorkflowExecutionHistory history = client.fetchHistory(workflowId);
    Path file = SOURCE_ROOT.resolve(folder).resolve(scenario + ".json");
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, history.toJson(true) + "\n", StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }

  /** The recorded histories of {@code folder} as the test classpath holds them, sorted by name. */
  public static List<Path> recorded(String folder) {
    URL url = HistoryRecorder.class.getResource("/histories/" + folder);
    if (url == null) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(Path.of(url.toURI()))) {
      return files.filter(f -> f.getFileName().toString().endsWith(".json")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  public static String scenario(Path history) {
    String name = history.getFileName().toString();
    return name.substring(0, name.length() - ".json".length());
  }

  public static String read(Path history) {
    try {
      return Files.readString(history, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
