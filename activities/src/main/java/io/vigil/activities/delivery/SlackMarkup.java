package io.vigil.activities.delivery;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Slack's mrkdwn read as an email: the DMs the playbooks write for Slack ({@code *bold*},
 * {@code <url|label>}, {@code :warning:}, Slack's {@code &lt;} escapes) become plain text a mail
 * client shows as written, and HTML with real links. Hand-written because mrkdwn is not Markdown
 * (single-asterisk bold, angle-bracket links), so a Markdown library would misread it.
 */
public final class SlackMarkup {
  private static final Pattern LINK = Pattern.compile("<((?:https?|mailto):[^|>\\s]+)(?:\\|([^>]*))?>");
  private static final Pattern MENTION = Pattern.compile("<[@#!]([^|>]+)(?:\\|([^>]*))?>");
  private static final Pattern EMOJI = Pattern.compile(":([a-z0-9_+-]+):( ?)");
  private static final Pattern BOLD = Pattern.compile("(?<![\\w*])\\*(?=\\S)([^*\\n]+?)(?<=\\S)\\*(?![\\w*])");
  private static final Pattern ITALIC = Pattern.compile("(?<![\\w_])_(?=\\S)([^_\\n]+?)(?<=\\S)_(?![\\w_])");
  private static final Pattern STRIKE = Pattern.compile("(?<![\\w~])~(?=\\S)([^~\\n]+?)(?<=\\S)~(?![\\w~])");
  private static final Pattern CODE_BLOCK = Pattern.compile("```\\n?(.*?)\\n?```", Pattern.DOTALL);
  private static final Pattern CODE = Pattern.compile("`([^`\\n]+)`");
  /** The shortcodes the playbooks use, as the characters Slack shows; any other shortcode is dropped. */
  private static final Map<String, String> EMOJIS = Map.ofEntries(
      Map.entry("warning", "⚠️"), Map.entry("rotating_light", "🚨"), Map.entry("red_circle", "🔴"),
      Map.entry("large_yellow_circle", "🟡"), Map.entry("large_green_circle", "🟢"), Map.entry("white_check_mark", "✅"),
      Map.entry("chart_with_downwards_trend", "📉"), Map.entry("chart_with_upwards_trend", "📈"),
      Map.entry("tada", "🎉"), Map.entry("bell", "🔔"), Map.entry("memo", "📝"), Map.entry("calendar", "📅"),
      Map.entry("bar_chart", "📊"), Map.entry("seedling", "🌱"), Map.entry("mag", "🔍"), Map.entry("x", "❌"));

  private SlackMarkup() {}

  /** Plain text: links as "label (url)", no markers, shortcodes as their characters. */
  public static String toPlainText(String mrkdwn) {
    String text = CODE_BLOCK.matcher(mrkdwn).replaceAll(m -> Matcher.quoteReplacement(m.group(1)));
    text = CODE.matcher(text).replaceAll("$1");
    text = LINK.matcher(text).replaceAll(m -> Matcher.quoteReplacement(plainLink(m.group(1), m.group(2))));
    text = MENTION.matcher(text).replaceAll(m -> Matcher.quoteReplacement(m.group(2) != null ? m.group(2) : "@" + m.group(1)));
    text = emojis(text);
    text = BOLD.matcher(text).replaceAll("$1");
    text = ITALIC.matcher(text).replaceAll("$1");
    text = STRIKE.matcher(text).replaceAll("$1");
    return unescape(text);
  }

  /** A small HTML document: the same text with bold, italics, links and line breaks. */
  public static String toHtml(String mrkdwn) {
    // Slack text is already HTML-escaped for &, < and > outside links (its own rule), so only quotes remain
    String text = mrkdwn.replace("\"", "&quot;");
    text = CODE_BLOCK.matcher(text).replaceAll(m -> Matcher.quoteReplacement("<pre>" + m.group(1) + "</pre>"));
    text = CODE.matcher(text).replaceAll("<code>$1</code>");
    text = LINK.matcher(text).replaceAll(m -> Matcher.quoteReplacement(
        "<a href=\"" + m.group(1) + "\">" + (m.group(2) == null || m.group(2).isBlank() ? m.group(1) : m.group(2)) + "</a>"));
    text = MENTION.matcher(text).replaceAll(m -> Matcher.quoteReplacement(m.group(2) != null ? m.group(2) : "@" + m.group(1)));
    text = escapeStrayAngles(text);
    text = emojis(text);
    text = BOLD.matcher(text).replaceAll("<strong>$1</strong>");
    text = ITALIC.matcher(text).replaceAll("<em>$1</em>");
    text = STRIKE.matcher(text).replaceAll("<s>$1</s>");
    return "<!DOCTYPE html><html><body style=\"font-family: sans-serif; line-height: 1.5\">"
        + text.replace("\n", "<br>\n") + "</body></html>";
  }

  private static String plainLink(String url, String label) {
    if (label == null || label.isBlank() || label.equals(url)) {
      return url;
    }
    return label + " (" + url + ")";
  }

  private static String emojis(String text) {
    return EMOJI.matcher(text).replaceAll(m -> {
      String emoji = EMOJIS.get(m.group(1));
      return emoji == null ? "" : Matcher.quoteReplacement(emoji + m.group(2));
    });
  }

  /** A '<' or '>' the author typed unescaped (not one of ours) must not open a tag in the email. */
  private static String escapeStrayAngles(String html) {
    return html.replaceAll("<(?!/?(?:a|pre|code)[ >])", "&lt;");
  }

  private static String unescape(String text) {
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
  }
}
