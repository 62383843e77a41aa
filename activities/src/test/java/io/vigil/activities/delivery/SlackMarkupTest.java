package io.vigil.activities.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SlackMarkupTest {
  private static final String ALERT = """
      :warning: *Usage Alert*: Acme Corp
      DAU down 42% against the last 4 weeks (_significant_, not noise).
      • <https://vigil.example.com/customers/acme|View Customer> · <https://vigil.example.com/approvals/apr_1|Draft Check-In Email>
      Open tickets: 2 (&lt;24h old &amp; high)
      :unknown_shortcode: `usage_drop` ~old~""";

  @Test
  void theFallbackEmailsPlainTextCarriesNoSlackMarkup() {
    String plain = SlackMarkup.toPlainText(ALERT);

    assertThat(plain).isEqualTo("""
        ⚠️ Usage Alert: Acme Corp
        DAU down 42% against the last 4 weeks (significant, not noise).
        • View Customer (https://vigil.example.com/customers/acme) · Draft Check-In Email (https://vigil.example.com/approvals/apr_1)
        Open tickets: 2 (<24h old & high)
        usage_drop old""");
  }

  @Test
  void itsHtmlHasRealLinksAndEmphasisAndEscapesWhatTheAuthorTyped() {
    String html = SlackMarkup.toHtml(ALERT);

    assertThat(html)
        .contains("⚠️ <strong>Usage Alert</strong>: Acme Corp<br>")
        .contains("<a href=\"https://vigil.example.com/customers/acme\">View Customer</a>")
        .contains("(<em>significant</em>, not noise)")
        .contains("Open tickets: 2 (&lt;24h old &amp; high)")
        .contains("<code>usage_drop</code> <s>old</s>")
        .doesNotContain(":warning:").doesNotContain("*Usage").doesNotContain("|View").doesNotContain(":unknown");
  }

  @Test
  void asterisksAndUnderscoresInsideWordsAndNumbersAreLeftAlone() {
    assertThat(SlackMarkup.toPlainText("snake_case_name and 2*3*4 stay, a bare <https://x.example> too"))
        .isEqualTo("snake_case_name and 2*3*4 stay, a bare https://x.example too");
  }

  @Test
  void aTagTypedIntoTheTextDoesNotBecomeOneInTheHtml() {
    assertThat(SlackMarkup.toHtml("note: <script>alert(1)</script>")).contains("&lt;script>alert(1)&lt;/script>")
        .doesNotContain("<script>");
  }
}
