package io.vigil.activities.tickets;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The labeled tickets Vigil ships ({@value #RESOURCE}: category, subject and body, tab-separated,
 * one ticket a line) and their fixed split into a training part and a held-out part: every
 * {@value #HELD_OUT_EVERY}th ticket of each category is held out, so the split is the same on every
 * machine and each category keeps its share in both parts.
 */
public final class LabeledTickets {
  public static final String RESOURCE = "/tickets/labeled-tickets.tsv";
  static final int HELD_OUT_EVERY = 5;

  private LabeledTickets() {}

  public record Split(List<LabeledTicket> training, List<LabeledTicket> heldOut) {}

  public static List<LabeledTicket> all() {
    try (InputStream in = LabeledTickets.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing classpath resource " + RESOURCE);
      }
      return parse(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static Split split() {
    List<LabeledTicket> training = new ArrayList<>();
    List<LabeledTicket> heldOut = new ArrayList<>();
    Map<TicketCategory, Integer> seen = new EnumMap<>(TicketCategory.class);
    for (LabeledTicket ticket : all()) {
      int n = seen.merge(ticket.category(), 1, Integer::sum);
      (n % HELD_OUT_EVERY == 0 ? heldOut : training).add(ticket);
    }
    return new Split(training, heldOut);
  }

  private static List<LabeledTicket> parse(BufferedReader reader) throws IOException {
    List<LabeledTicket> tickets = new ArrayList<>();
    String line;
    int number = 0;
    while ((line = reader.readLine()) != null) {
      number++;
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      String[] fields = line.split("\t");
      if (fields.length != 3) {
        throw new IllegalStateException(RESOURCE + " line " + number + ": expected category, subject and body");
      }
      int lineNumber = number;
      TicketCategory category = TicketCategory.fromWire(fields[0].strip())
          .orElseThrow(() -> new IllegalStateException(RESOURCE + " line " + lineNumber + ": unknown category " + fields[0]));
      tickets.add(new LabeledTicket(category, fields[1].strip(), fields[2].strip()));
    }
    return tickets;
  }
}
