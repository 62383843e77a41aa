package io.vigil.app.api;

/** The limits every request is held to (docs/api.md, "Limits"). */
public final class Limits {
  /** Ids of customers, users, features, events...: what fits in a URL and a log line unescaped. */
  public static final String ID = "[A-Za-z0-9._:@-]{1,128}";
  public static final String ID_MESSAGE = "must be 1 to 128 letters, digits or . _ : @ -";
  public static final int NAME = 200;
  /** Incident titles: tools write whole sentences into them (a 400-character PagerDuty title is real). */
  public static final int TITLE = 1_000;
  public static final int TEXT = 10_000;
  public static final int EMAIL = 320;
  /** A 400 lists at most this many field errors, and says how many more there were. */
  public static final int MAX_ERRORS = 100;
  /** Dates and instants outside these years are refused: nothing Vigil tracks happens before or after. */
  public static final int FIRST_YEAR = 2000;
  public static final int LAST_YEAR = 2100;

  private Limits() {}

  /**
   * Whether {@code text} matches {@link #ID}, without a regular expression: the usage batch checks
   * three ids in each of 10,000 events, where the matcher cost more than the rest of the check.
   */
  public static boolean isId(String text) {
    int length = text.length();
    if (length < 1 || length > 128) {
      return false;
    }
    for (int i = 0; i < length; i++) {
      char c = text.charAt(i);
      boolean allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '.' || c == '_' || c == ':' || c == '@' || c == '-';
      if (!allowed) {
        return false;
      }
    }
    return true;
  }
}
