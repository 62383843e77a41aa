package io.vigil.infra.persistence;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Long statements live in {@code src/main/resources/sql/}, where they read as SQL. A file may name
 * constants as {@code ${name}}; they are filled in once, when the file is read, from trusted numbers
 * (never from a request: those are bound as parameters).
 */
final class SqlFiles {
  private static final Pattern CONSTANT = Pattern.compile("\\$\\{(\\w+)}");

  private SqlFiles() {}

  static String read(String path) {
    return read(path, Map.of());
  }

  static String read(String path, Map<String, Object> constants) {
    String text;
    try (InputStream in = SqlFiles.class.getResourceAsStream("/sql/" + path)) {
      if (in == null) {
        throw new IllegalStateException("no SQL file sql/" + path);
      }
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Matcher m = CONSTANT.matcher(text);
    StringBuilder filled = new StringBuilder();
    while (m.find()) {
      Object value = constants.get(m.group(1));
      if (!(value instanceof Number)) {
        throw new IllegalStateException("sql/" + path + " names ${" + m.group(1) + "}, which is no number given");
      }
      m.appendReplacement(filled, value.toString());
    }
    return m.appendTail(filled).toString();
  }
}
