package io.vigil.app;

import java.util.Locale;
import java.util.function.Function;

/**
 * {@code VIGIL_LOG_FORMAT}: {@code text} (default) or {@code json}, the name of the appender
 * logback.xml sends every line to. Checked before anything logs: an unknown name would leave logback
 * with no appender, and the service silent.
 */
public final class LogFormat {
  private LogFormat() {}

  public static void check(Function<String, String> env) {
    String value = env.apply("VIGIL_LOG_FORMAT");
    if (value != null && !value.equals("text") && !value.equals("json")) {
      throw new IllegalArgumentException("VIGIL_LOG_FORMAT must be text or json, not '" + value + "'"
          + (value.toLowerCase(Locale.ROOT).trim().matches("text|json") ? " (lower case, no spaces)" : ""));
    }
  }
}
