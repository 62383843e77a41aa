package io.vigil.workflows.common;

import io.temporal.api.common.v1.Payload;
import io.temporal.common.converter.GlobalDataConverter;
import java.nio.charset.StandardCharsets;

/**
 * The one place where text headed for Temporal is cut to what Temporal accepts. Customer names,
 * incident titles and webhook keys come from outside and have no length of their own; a summary,
 * current details or search attribute built from them must still fit, or the whole start, signal or
 * workflow task carrying it is refused.
 *
 * <p>Cuts happen on code-point boundaries (an emoji is never cut in half) and end with "…" so a
 * reader sees the text goes on. Control characters (a NUL, a newline in a title) become spaces:
 * summaries and details are one line in the Web UI.
 */
public final class TemporalLimits {
  /**
   * {@code limit.userMetadataSummarySize}: 400 bytes, measured by the server on the summary's
   * payload as sent, so the JSON quoting and the encoding metadata count too. Applies to workflow
   * summaries and to every activity summary (copied into each ActivityTaskScheduled event).
   */
  public static final int SUMMARY_BYTES = 400;
  /**
   * Current details are answered by a query rather than stored, so no server limit applies; the Web
   * UI shows them as a paragraph, and a few thousand bytes is as much as anyone reads there.
   */
  public static final int DETAILS_BYTES = 2_000;
  /**
   * Keyword search attribute values: the server refuses a value over 2 KB, and the SQL visibility
   * stores keep Keyword columns as VARCHAR(255), so 255 bytes is what every store accepts.
   */
  public static final int KEYWORD_BYTES = 255;

  private static final String ELLIPSIS = "…";
  /** More than a JSON payload adds to a string: its encoding metadata, quotes and framing. */
  private static final int PAYLOAD_FRAMING = 64;

  private TemporalLimits() {}

  /** A workflow or activity summary whose payload fits {@link #SUMMARY_BYTES}. */
  public static String summary(String text) {
    return fitPayload(oneLine(text), SUMMARY_BYTES);
  }

  /** Current details whose payload fits {@link #DETAILS_BYTES}. */
  public static String details(String text) {
    return fitPayload(oneLine(text), DETAILS_BYTES);
  }

  /**
   * A Keyword search attribute value of at most {@link #KEYWORD_BYTES} UTF-8 bytes. Cut without an
   * ellipsis, so a cut value still matches a prefix search ({@code STARTS_WITH}).
   */
  public static String keyword(String value) {
    return value == null ? null : cutUtf8(value, KEYWORD_BYTES);
  }

  /** Any text of at most {@code maxBytes} UTF-8 bytes (control characters kept), ending with "…" when cut. */
  public static String text(String text, int maxBytes) {
    if (text == null || utf8Length(text) <= maxBytes) {
      return text;
    }
    return cutUtf8(text, maxBytes - utf8Length(ELLIPSIS)) + ELLIPSIS;
  }

  /** How many bytes the server counts for {@code text} as a summary or details payload. */
  public static int payloadSize(String text) {
    return GlobalDataConverter.get().toPayload(text).map(Payload::getSerializedSize).orElse(0);
  }

  private static String fitPayload(String text, int maxBytes) {
    if (text == null || clearlyFits(text, maxBytes) || payloadSize(text) <= maxBytes) {
      return text;
    }
    // the payload is never smaller than the text's UTF-8 bytes: start there, then shed code points
    // until the quoting and escaping fit too
    String cut = cutUtf8(text, maxBytes);
    while (!cut.isEmpty() && payloadSize(cut + ELLIPSIS) > maxBytes) {
      cut = cut.substring(0, cut.offsetByCodePoints(cut.length(), -1));
    }
    return cut + ELLIPSIS;
  }

  /**
   * Most texts are far below the limit: without quotes or backslashes to escape, a text whose UTF-8
   * bytes leave room for the payload's framing (encoding metadata and quotes, under 40 bytes) fits
   * without asking the data converter.
   */
  private static boolean clearlyFits(String text, int maxBytes) {
    return text.indexOf('"') < 0 && text.indexOf('\\') < 0 && utf8Length(text) <= maxBytes - PAYLOAD_FRAMING;
  }

  private static String oneLine(String text) {
    if (text == null) {
      return null;
    }
    char[] chars = text.toCharArray();
    for (int i = 0; i < chars.length; i++) {
      if (Character.isISOControl(chars[i])) {
        chars[i] = ' ';
      }
    }
    return new String(chars);
  }

  /** The longest prefix of {@code text} of at most {@code maxBytes} UTF-8 bytes, cut between code points. */
  private static String cutUtf8(String text, int maxBytes) {
    int bytes = 0;
    int end = 0;
    while (end < text.length()) {
      int codePoint = text.codePointAt(end);
      int size = utf8Length(codePoint);
      if (bytes + size > maxBytes) {
        break;
      }
      bytes += size;
      end += Character.charCount(codePoint);
    }
    return text.substring(0, end);
  }

  private static int utf8Length(String text) {
    return text.getBytes(StandardCharsets.UTF_8).length;
  }

  private static int utf8Length(int codePoint) {
    return codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
  }
}
