package io.vigil.app.embedded;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The pragmas the dev server opens its SQLite file with ({@code --sqlite-pragma}), from
 * {@value #VARIABLE}: {@code name=value} pairs separated by commas, or {@code none} for SQLite's own
 * defaults. Vigil's default, write-ahead logging with {@code synchronous=normal}, keeps every
 * committed transaction across a crash of the dev server (kill -9) and was measured faster than
 * SQLite's defaults (docs/performance.md, "Parking 10,000 playbooks"); a power loss may lose the
 * last transactions, which a dev server may.
 */
public record SqlitePragmas(List<String> pairs) {
  public static final String VARIABLE = "VIGIL_TEMPORAL_SQLITE_PRAGMAS";
  public static final SqlitePragmas DEFAULT = new SqlitePragmas(List.of("journal_mode=wal", "synchronous=normal"));
  public static final SqlitePragmas NONE = new SqlitePragmas(List.of());
  private static final Pattern PAIR = Pattern.compile("[a-z_]+=[A-Za-z0-9_-]+");

  public SqlitePragmas {
    pairs = List.copyOf(pairs);
  }

  /** Unset or blank: {@link #DEFAULT}; {@code none}: SQLite's defaults; else the pairs, each checked. */
  public static SqlitePragmas parse(String value) {
    if (value == null || value.isBlank()) {
      return DEFAULT;
    }
    if (value.trim().equalsIgnoreCase("none")) {
      return NONE;
    }
    List<String> pairs = new ArrayList<>();
    for (String pair : value.split(",")) {
      String trimmed = pair.trim();
      if (!PAIR.matcher(trimmed).matches()) {
        throw new IllegalStateException(VARIABLE + ": '" + trimmed + "' is not a pragma=value pair"
            + " (e.g. journal_mode=wal,synchronous=normal, or none for SQLite's defaults)");
      }
      pairs.add(trimmed);
    }
    return new SqlitePragmas(pairs);
  }

  /** The dev server's arguments for them. */
  public List<String> arguments() {
    List<String> arguments = new ArrayList<>();
    for (String pair : pairs) {
      arguments.add("--sqlite-pragma");
      arguments.add(pair);
    }
    return arguments;
  }

  @Override
  public String toString() {
    return pairs.isEmpty() ? "defaults" : String.join(", ", pairs);
  }
}
