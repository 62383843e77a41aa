package io.vigil.activities.tickets;

import io.vigil.infra.persistence.ThemeTicket;
import java.util.List;

/** A ticket's sentences as escalations quote them. */
public final class TicketTexts {
  private TicketTexts() {}

  /** The sentences of the ticket's subject and body that are questions. */
  public static List<String> questions(ThemeTicket ticket) {
    return Quotes.sentences(Quotes.text(ticket)).stream().filter(s -> s.endsWith("?")).toList();
  }

  /** Cut at a word to at most {@code maxLength} characters, with an ellipsis when cut. */
  public static String cut(String text, int maxLength) {
    return Quotes.cut(text, maxLength);
  }
}
