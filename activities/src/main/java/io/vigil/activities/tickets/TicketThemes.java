package io.vigil.activities.tickets;

import io.vigil.infra.persistence.ThemeTicket;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import opennlp.tools.stemmer.snowball.SnowballStemmer;

/**
 * Finds themes among tickets (docs/insights.md, "Themes"): each ticket becomes a TF-IDF vector of the
 * stems of the classifier's words ({@link TicketWords}, stemmed by OpenNLP's Snowball English
 * stemmer, so "schedule", "scheduled" and "scheduling" are one term), and the tickets of each
 * category are clustered by average-linkage agglomerative clustering on cosine similarity, merging
 * while the two closest clusters' average pairwise similarity is at least {@link #MIN_SIMILARITY}
 * ({@link AverageLinkage}). Tickets are taken in (opened, id) order and ties go to the earlier one,
 * so the same tickets always give the same themes.
 */
public final class TicketThemes {
  /** Average cosine similarity two clusters need to merge; chosen on the fixture of docs/insights.md. */
  public static final double MIN_SIMILARITY = 0.2;
  /** The words a theme is labelled with. */
  static final int LABEL_TERMS = 3;
  static final int QUOTES = 3;
  static final int QUOTE_LENGTH = 160;

  private TicketThemes() {}

  /** Themes of {@code tickets}, most tickets first, then most ARR, then by key. */
  public static List<TicketTheme> of(List<ThemeTicket> tickets) {
    List<ThemeTicket> ordered = new ArrayList<>(tickets);
    ordered.sort(Comparator.comparing(ThemeTicket::openedAt).thenComparing(ThemeTicket::id));
    Vocabulary vocabulary = new Vocabulary();
    List<int[]> documents = ordered.stream().map(t -> vocabulary.ids(t.subject(), t.body())).toList();
    List<TfIdf.Vector> vectors = TfIdf.vectors(documents, vocabulary.size());
    Map<String, List<Integer>> byCategory = new TreeMap<>();
    for (int i = 0; i < ordered.size(); i++) {
      byCategory.computeIfAbsent(ordered.get(i).category(), c -> new ArrayList<>()).add(i);
    }
    List<TicketTheme> themes = new ArrayList<>();
    byCategory.forEach((category, members) -> {
      List<TfIdf.Vector> theirs = members.stream().map(vectors::get).toList();
      for (List<Integer> cluster : AverageLinkage.clusters(theirs, MIN_SIMILARITY)) {
        List<ThemeTicket> clustered = cluster.stream().map(i -> ordered.get(members.get(i))).toList();
        List<String> top = vocabulary.label(cluster.stream().map(theirs::get).toList(), LABEL_TERMS);
        themes.add(new TicketTheme(category + "/" + clustered.get(0).id(), category, top, clustered,
            Quotes.of(clustered, top, QUOTES, QUOTE_LENGTH)));
      }
    });
    themes.sort(Comparator.comparingInt((TicketTheme t) -> -t.tickets().size())
        .thenComparing(TicketTheme::totalArr, Comparator.reverseOrder())
        .thenComparing(TicketTheme::key));
    return themes;
  }

  /** A word's stem, as themes compare words. */
  static String stem(String word) {
    return new SnowballStemmer(SnowballStemmer.ALGORITHM.ENGLISH).stem(word).toString();
  }

  /**
   * Stems as term ids, and the word each stem was most often written as, for labels people read
   * ("scheduled", not "schedul").
   */
  private static final class Vocabulary {
    private final SnowballStemmer stemmer = new SnowballStemmer(SnowballStemmer.ALGORITHM.ENGLISH);
    private final Map<String, Integer> ids = new HashMap<>();
    private final List<Map<String, Integer>> spellings = new ArrayList<>();
    private final Map<String, String> stems = new HashMap<>();

    /** The subject's words count twice: a subject names what the ticket is about in few words. */
    int[] ids(String subject, String body) {
      List<String> subjectWords = TicketWords.of(subject, null);
      List<String> bodyWords = TicketWords.of(null, body);
      int[] terms = new int[subjectWords.size() * 2 + bodyWords.size()];
      int k = 0;
      for (String word : subjectWords) {
        int id = id(word);
        terms[k++] = id;
        terms[k++] = id;
      }
      for (String word : bodyWords) {
        terms[k++] = id(word);
      }
      return terms;
    }

    int size() {
      return ids.size();
    }

    private int id(String word) {
      String stem = stems.computeIfAbsent(word, w -> stemmer.stem(w).toString());
      Integer id = ids.get(stem);
      if (id == null) {
        id = ids.size();
        ids.put(stem, id);
        spellings.add(new HashMap<>());
      }
      spellings.get(id).merge(word, 1, Integer::sum);
      return id;
    }

    /** The terms with the largest summed weight over the cluster, ties by the word, each as most often written. */
    List<String> label(List<TfIdf.Vector> vectors, int count) {
      Map<Integer, Double> sum = new HashMap<>();
      for (TfIdf.Vector v : vectors) {
        for (int k = 0; k < v.terms().length; k++) {
          sum.merge(v.terms()[k], (double) v.weights()[k], Double::sum);
        }
      }
      return sum.entrySet().stream()
          .map(e -> Map.entry(spelling(e.getKey()), e.getValue()))
          .sorted(Map.Entry.<String, Double>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
          .limit(count).map(Map.Entry::getKey).toList();
    }

    private String spelling(int id) {
      return spellings.get(id).entrySet().stream()
          .max(Map.Entry.<String, Integer>comparingByValue().thenComparing(Map.Entry.comparingByKey(Comparator.reverseOrder())))
          .orElseThrow().getKey();
    }
  }
}
