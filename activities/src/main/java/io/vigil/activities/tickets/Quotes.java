package io.vigil.activities.tickets;

import io.vigil.infra.persistence.ThemeTicket;
import java.util.ArrayList;
import java.util.List;

/**
 * Short excerpts of a theme in the customers' own words: from each of its first tickets, the sentence
 * that says most of the theme's words (the first on a tie), cut at a word.
 */
final class Quotes {
  private Quotes() {}

  static List<String> of(List<ThemeTicket> tickets, List<String> terms, int count, int maxLength) {
    List<String> quotes = new ArrayList<>();
    for (ThemeTicket t : tickets) {
      if (quotes.size() >= count) {
        break;
      }
      String quote = cut(bestSentence(text(t), terms), maxLength);
      if (!quote.isEmpty() && !quotes.contains(quote)) {
        quotes.add(quote);
      }
    }
    return quotes;
  }

  /** Subject and body as one text of sentences: a subject without a final stop still ends a sentence. */
  static String text(ThemeTicket t) {
    String subject = t.subject().strip();
    return subject.matches(".*[.!?]$") ? subject + " " + t.body() : subject + ". " + t.body();
  }

  private static String bestSentence(String text, List<String> terms) {
    String best = "";
    int bestScore = -1;
    for (String sentence : sentences(text)) {
      List<String> words = TicketWords.of(sentence, null).stream().map(TicketThemes::stem).toList();
      int score = (int) terms.stream().map(TicketThemes::stem).filter(words::contains).count();
      if (score > bestScore) {
        best = sentence;
        bestScore = score;
      }
    }
    return best;
  }

  static List<String> sentences(String text) {
    List<String> sentences = new ArrayList<>();
    for (String s : text.split("(?<=[.!?])\\s+")) {
      String sentence = s.strip();
      if (sentence.length() > 1 && !sentence.equals(".")) {
        sentences.add(sentence.endsWith("..") ? sentence.substring(0, sentence.length() - 1) : sentence);
      }
    }
    return sentences;
  }

  static String cut(String text, int maxLength) {
    String t = text.strip().replaceAll("\\s+", " ");
    if (t.length() <= maxLength) {
      return t;
    }
    int space = t.lastIndexOf(' ', maxLength - 1);
    return t.substring(0, space > maxLength / 2 ? space : maxLength - 1) + "…";
  }
}
