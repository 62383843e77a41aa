package io.vigil.app.api;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;

/**
 * Keyset pagination, the same for every list: {@code ?limit=} (default {@value #DEFAULT_LIMIT}, at
 * most {@value #MAX_LIMIT}) and {@code ?cursor=}. The cursor is opaque to clients: the sort key of
 * the last item of the previous page, tagged with the list it belongs to, in base64url. The
 * repository asks for the rows after that key in the list's stable order, {@code limit + 1} of them:
 * the extra row only says whether there is a next page. So a page costs an index range scan, whatever
 * its depth, and rows inserted meanwhile neither repeat nor skip an item.
 */
public final class Keyset {
  public static final int DEFAULT_LIMIT = 100;
  public static final int MAX_LIMIT = 1000;
  public static final String LIMIT_MESSAGE = "must be between 1 and " + MAX_LIMIT;
  private static final String CURSOR_MESSAGE = "must be the nextCursor of a previous page of this list";
  private static final char SEPARATOR = '\u001f';
  private static final int MAX_CURSOR = 2048;

  private final String list;
  private final int limit;
  private final List<String> after;

  private Keyset(String list, int limit, List<String> after) {
    this.list = list;
    this.limit = limit;
    this.after = after;
  }

  /**
   * The page asked for of {@code list} (a name of the list, so that a cursor of another list is
   * refused); a 400 for a limit outside 1 to {@value #MAX_LIMIT} or a cursor this list did not issue.
   */
  public static Keyset of(String list, Integer limit, String cursor, int keyParts) {
    int size = limit == null ? DEFAULT_LIMIT : limit;
    if (size < 1 || size > MAX_LIMIT) {
      throw ApiError.badRequest("limit", LIMIT_MESSAGE);
    }
    if (cursor == null) {
      return new Keyset(list, size, null);
    }
    List<String> parts = decode(cursor, keyParts + 1);
    if (parts.size() != keyParts + 1 || !parts.get(0).equals(list)) {
      throw ApiError.badRequest("cursor", CURSOR_MESSAGE);
    }
    return new Keyset(list, size, List.copyOf(parts.subList(1, parts.size())));
  }

  /** The rows to ask the repository for: one more than the page, to learn whether another follows. */
  public int fetch() {
    return limit + 1;
  }

  /** Whether this is the first page (every key part is then null). */
  public boolean first() {
    return after == null;
  }

  public String text(int part) {
    return after == null ? null : after.get(part);
  }

  public Long number(int part) {
    return after == null ? null : parse(part, Long::parseLong);
  }

  public Instant instant(int part) {
    return after == null ? null : parse(part, Instant::parse);
  }

  public BigDecimal decimal(int part) {
    return after == null ? null : parse(part, BigDecimal::new);
  }

  /**
   * The page of {@code rows} (as fetched: up to {@link #fetch()}), each turned into its view, with
   * the cursor made of the last item's sort key ({@code key}) when more rows follow.
   */
  public <R, V> Page<V> page(List<R> rows, Function<R, V> view, Function<R, List<?>> key) {
    List<V> items = new ArrayList<>(Math.min(rows.size(), limit));
    for (int i = 0; i < rows.size() && i < limit; i++) {
      items.add(view.apply(rows.get(i)));
    }
    String next = rows.size() > limit ? encode(key.apply(rows.get(limit - 1))) : null;
    return new Page<>(items, next);
  }

  private String encode(List<?> key) {
    StringBuilder text = new StringBuilder(list);
    for (Object part : key) {
      text.append(SEPARATOR).append(part);
    }
    return Base64.getUrlEncoder().withoutPadding().encodeToString(text.toString().getBytes(StandardCharsets.UTF_8));
  }

  /** The tag and key parts; the last part may hold anything but a NUL (ids come last in every key). */
  private static List<String> decode(String cursor, int parts) {
    if (cursor.isEmpty() || cursor.length() > MAX_CURSOR) {
      throw ApiError.badRequest("cursor", CURSOR_MESSAGE);
    }
    try {
      String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
      if (text.indexOf('\0') >= 0) {
        throw ApiError.badRequest("cursor", CURSOR_MESSAGE);
      }
      return Arrays.asList(text.split(String.valueOf(SEPARATOR), parts));
    } catch (IllegalArgumentException e) {
      throw ApiError.badRequest("cursor", CURSOR_MESSAGE);
    }
  }

  private <T> T parse(int part, Function<String, T> parser) {
    try {
      return parser.apply(after.get(part));
    } catch (RuntimeException e) {
      throw ApiError.badRequest("cursor", CURSOR_MESSAGE);
    }
  }
}
