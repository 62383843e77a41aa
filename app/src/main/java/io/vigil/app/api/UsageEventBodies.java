package io.vigil.app.api;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a usage batch from the request body as it streams in, one event at a time, with the same
 * binding as a typed body (the JSON guards, the 400 naming {@code events[i].field}), never as a tree:
 * either {@code {"events": [...]}} ({@code application/json}) or one event object per line
 * ({@code application/x-ndjson}). More than {@code max} events end the reading with a 400.
 */
@Singleton
public class UsageEventBodies {
  public static final String NDJSON = "application/x-ndjson";

  private final ObjectMapper json;
  private final ObjectReader eventReader;

  public UsageEventBodies(ObjectMapper json) {
    this.json = json;
    this.eventReader = json.readerFor(UsageController.Event.class);
  }

  public List<UsageController.Event> read(InputStream body, boolean ndjson, int max) {
    List<UsageController.Event> events = new ArrayList<>();
    try (JsonParser parser = json.getFactory().createParser(body)) {
      if (ndjson) {
        try (MappingIterator<UsageController.Event> lines = eventReader.readValues(parser)) {
          while (lines.hasNextValue()) {
            add(events, at(events.size(), lines::nextValue), max);
          }
        }
      } else {
        expect(parser.nextToken() == JsonToken.START_OBJECT, "body", "must be a JSON object");
        for (JsonToken token = parser.nextToken(); token == JsonToken.FIELD_NAME; token = parser.nextToken()) {
          if (!"events".equals(parser.currentName())) {
            throw ApiError.invalid(List.of(new ApiError.FieldError(parser.currentName(), "is not a known field")));
          }
          expect(parser.nextToken() == JsonToken.START_ARRAY, "events", "must be an array");
          while (parser.nextToken() != JsonToken.END_ARRAY) {
            add(events, parser.currentToken() == JsonToken.VALUE_NULL ? null
                : at(events.size(), () -> eventReader.readValue(parser)), max);
          }
        }
        expect(parser.currentToken() == JsonToken.END_OBJECT && parser.nextToken() == null, "body",
            "must be one JSON object");
      }
    } catch (IOException e) {
      throw BadRequests.from(e);
    }
    expect(!events.isEmpty(), "events", "must hold 1 to " + max + " events");
    return events;
  }

  private interface Read {
    UsageController.Event next() throws IOException;
  }

  /** The next event, a binding problem named by its place in the batch ({@code events[3].occurredAt}). */
  private static UsageController.Event at(int index, Read read) throws IOException {
    try {
      return read.next();
    } catch (JsonMappingException e) {
      e.prependPath(new JsonMappingException.Reference(null, index));
      e.prependPath(new JsonMappingException.Reference(null, "events"));
      throw e;
    }
  }

  private static void add(List<UsageController.Event> events, UsageController.Event event, int max) {
    expect(events.size() < max, "events", "must hold 1 to " + max + " events");
    events.add(event);
  }

  private static void expect(boolean holds, String field, String message) {
    if (!holds) {
      throw ApiError.invalid(List.of(new ApiError.FieldError(field, message)));
    }
  }
}
