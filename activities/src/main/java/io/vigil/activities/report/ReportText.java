package io.vigil.activities.report;

import java.math.BigDecimal;
import java.text.NumberFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The report as text, from blocks of plain lines: Slack markup (bold titles, bullets, escaped
 * {@code & < >}) for the channel, plain text for email. Sections never write markup themselves,
 * so none can reach an email.
 */
public final class ReportText {
  private ReportText() {}

  /** A titled block of plain lines; {@code empty} is said when there are none. */
  public record Block(String title, List<String> lines, String empty) {}

  public static String slack(String heading, List<Block> blocks) {
    StringBuilder out = new StringBuilder("*").append(escape(heading)).append("*\n");
    for (Block block : blocks) {
      out.append('\n').append('*').append(escape(block.title())).append("*\n");
      if (block.lines().isEmpty()) {
        out.append('_').append(escape(block.empty())).append("_\n");
      }
      for (String line : block.lines()) {
        out.append("• ").append(escape(line)).append('\n');
      }
    }
    return out.toString().strip();
  }

  public static String plain(String heading, List<Block> blocks) {
    StringBuilder out = new StringBuilder(heading).append('\n');
    for (Block block : blocks) {
      out.append('\n').append(block.title().toUpperCase(Locale.ROOT)).append('\n');
      if (block.lines().isEmpty()) {
        out.append(block.empty()).append('\n');
      }
      for (String line : block.lines()) {
        out.append("- ").append(line).append('\n');
      }
    }
    return out.toString().strip();
  }

  /** Slack's three control characters; everything else is shown as written. */
  public static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  public static String money(BigDecimal amount) {
    return NumberFormat.getCurrencyInstance(Locale.US).format(amount == null ? BigDecimal.ZERO : amount).replace(".00", "");
  }

  public static String signed(int change) {
    return change > 0 ? "+" + change : Integer.toString(change);
  }

  static List<String> lines() {
    return new ArrayList<>();
  }
}
