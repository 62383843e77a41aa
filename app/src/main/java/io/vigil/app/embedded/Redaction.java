package io.vigil.app.embedded;

import java.util.regex.Pattern;

/**
 * Makes connection strings fit for logs: the password in {@code scheme://user:password@host} and
 * the value of any parameter whose name speaks of a password, secret or token
 * ({@code ?password=…}, {@code ;password=…}, {@code sslpassword=…}, {@code password=…} in a
 * key-value DSN) become {@code ***}.
 */
public final class Redaction {
  static final String MASK = "***";

  private static final Pattern USER_INFO = Pattern.compile("(//[^/?#@:\\s]*):[^/?#\\s]*@");
  private static final Pattern SECRET_PARAMETER = Pattern.compile(
      "(?i)((?:^|[?&;\\s])[^=&;?\\s]*(?:password|passwd|pwd|secret|token|credential)[^=&;?\\s]*\\s*=)[^&;\\s]*");

  private Redaction() {}

  /** The connection string with its secrets replaced by {@code ***}; null stays null. */
  public static String url(String url) {
    if (url == null) {
      return null;
    }
    String redacted = USER_INFO.matcher(url).replaceAll("$1:" + MASK + "@");
    return SECRET_PARAMETER.matcher(redacted).replaceAll("$1" + MASK);
  }
}
