package io.vigil.activities.tickets;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A ticket's subject and body as the words the classifier reads: lower case, split at anything but
 * letters, digits and apostrophes, without the words every ticket shares ("the", "please", "hi"),
 * which would only dilute the evidence and crowd the reasons a prediction gives.
 */
public final class TicketWords {
  /** Longer texts carry no more signal about their category and only cost time: a pasted log is cut. */
  static final int MAX_WORDS = 400;

  private static final Set<String> STOP = Set.of(
      "a", "an", "the", "and", "or", "but", "if", "of", "to", "in", "on", "at", "for", "from", "with", "by", "as",
      "is", "are", "was", "were", "be", "been", "being", "am", "it", "its", "it's", "this", "that", "these", "those",
      "i", "i'm", "i've", "we", "we're", "we've", "our", "us", "you", "your", "you're", "they", "their", "them", "he",
      "she", "my", "me", "so", "do", "does", "did", "have", "has", "had", "will", "would", "could", "should", "can",
      "just", "also", "there", "here", "then", "than", "some", "any", "all", "about", "into", "out", "up", "down",
      "hi", "hello", "hey", "thanks", "thank", "please", "regards", "team", "best", "cheers", "again", "today",
      "yesterday", "which", "what", "when", "while", "who", "since", "after", "before", "one", "get", "got", "very",
      "really", "now", "still", "only", "more", "most", "other", "same", "each", "both", "too", "much", "many");

  private TicketWords() {}

  public static List<String> of(String subject, String body) {
    List<String> words = new ArrayList<>();
    add(subject, words);
    add(body, words);
    return words;
  }

  private static void add(String text, List<String> words) {
    if (text == null) {
      return;
    }
    for (String raw : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{Nd}']+")) {
      String word = strip(raw);
      if (words.size() >= MAX_WORDS) {
        return;
      }
      if (word.length() > 1 && !STOP.contains(word)) {
        words.add(word);
      }
    }
  }

  private static String strip(String word) {
    int start = 0;
    int end = word.length();
    while (start < end && word.charAt(start) == '\'') {
      start++;
    }
    while (end > start && word.charAt(end - 1) == '\'') {
      end--;
    }
    return word.substring(start, end);
  }
}
