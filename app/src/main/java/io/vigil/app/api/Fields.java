package io.vigil.app.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.http.HttpStatus;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads a JSON body field by field and collects every problem before anything is stored, so one
 * 400 names all the fields at fault ({@code events[3].occurredAt}).
 */
public final class Fields {
  private final JsonNode node;
  private final String prefix;
  private final List<ApiError.FieldError> errors;

  /** An empty body, for endpoints whose fields are all optional. */
  public static JsonNode emptyObject() {
    return com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
  }

  public Fields(JsonNode body) {
    this(body, "", new ArrayList<>());
    if (body == null || !body.isObject()) {
      errors.add(new ApiError.FieldError("body", "must be a JSON object"));
    }
  }

  private Fields(JsonNode node, String prefix, List<ApiError.FieldError> errors) {
    this.node = node;
    this.prefix = prefix;
    this.errors = errors;
  }

  /** The fields of an element of an array, reporting into the same error list. */
  public Fields nested(JsonNode element, String path) {
    Fields nested = new Fields(element, path + ".", errors);
    if (element == null || !element.isObject()) {
      errors.add(new ApiError.FieldError(path, "must be a JSON object"));
    }
    return nested;
  }

  public String text(String name) {
    String value = optionalText(name);
    if (value == null && !hasError(name)) {
      fail(name, "is required");
    }
    return value;
  }

  public String optionalText(String name) {
    JsonNode value = get(name);
    if (value == null) {
      return null;
    }
    if (!value.isTextual()) {
      fail(name, "must be a string");
      return null;
    }
    if (value.asText().isBlank()) {
      fail(name, "must not be blank");
      return null;
    }
    return value.asText().strip();
  }

  public String oneOf(String name, Set<String> allowed) {
    String value = text(name);
    if (value != null && !allowed.contains(value)) {
      fail(name, "must be one of " + String.join(", ", allowed.stream().sorted().toList()));
      return null;
    }
    return value;
  }

  public String optionalOneOf(String name, Set<String> allowed) {
    String value = optionalText(name);
    if (value != null && !allowed.contains(value)) {
      fail(name, "must be one of " + String.join(", ", allowed.stream().sorted().toList()));
      return null;
    }
    return value;
  }

  public BigDecimal decimal(String name, BigDecimal min, BigDecimal max) {
    JsonNode value = get(name);
    if (value == null) {
      fail(name, "is required");
      return null;
    }
    if (!value.isNumber()) {
      fail(name, "must be a number");
      return null;
    }
    BigDecimal number = value.decimalValue();
    if ((min != null && number.compareTo(min) < 0) || (max != null && number.compareTo(max) > 0)) {
      fail(name, "must be between " + min + " and " + max);
      return null;
    }
    return number;
  }

  public Integer optionalInt(String name, int min, int max) {
    JsonNode value = get(name);
    if (value == null) {
      return null;
    }
    if (!value.isIntegralNumber() || value.asLong() < min || value.asLong() > max) {
      fail(name, "must be a whole number between " + min + " and " + max);
      return null;
    }
    return value.asInt();
  }

  public Instant instant(String name) {
    String value = text(name);
    if (value == null) {
      return null;
    }
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      fail(name, "must be an ISO-8601 instant such as 2026-11-20T14:05:00Z");
      return null;
    }
  }

  public LocalDate date(String name) {
    String value = text(name);
    return value == null ? null : parseDate(name, value);
  }

  public LocalDate optionalDate(String name) {
    String value = optionalText(name);
    return value == null ? null : parseDate(name, value);
  }

  private LocalDate parseDate(String name, String value) {
    try {
      return LocalDate.parse(value);
    } catch (DateTimeParseException e) {
      fail(name, "must be a date as YYYY-MM-DD");
      return null;
    }
  }

  public JsonNode array(String name) {
    JsonNode value = get(name);
    if (value == null) {
      fail(name, "is required");
      return null;
    }
    if (!value.isArray()) {
      fail(name, "must be an array");
      return null;
    }
    return value;
  }

  public List<String> optionalTextList(String name) {
    JsonNode value = get(name);
    if (value == null) {
      return null;
    }
    List<String> items = new ArrayList<>();
    if (!value.isArray()) {
      fail(name, "must be an array of strings");
      return null;
    }
    for (int i = 0; i < value.size(); i++) {
      if (!value.get(i).isTextual() || value.get(i).asText().isBlank()) {
        fail(name + "[" + i + "]", "must be a non-blank string");
      } else {
        items.add(value.get(i).asText().strip());
      }
    }
    return items;
  }

  public void fail(String name, String message) {
    errors.add(new ApiError.FieldError(prefix + name, message));
  }

  public boolean valid() {
    return errors.isEmpty();
  }

  /** Throws one 400 naming every field at fault. */
  public void throwIfInvalid() {
    if (!errors.isEmpty()) {
      String summary = errors.size() == 1
          ? errors.get(0).field() + ": " + errors.get(0).message()
          : errors.size() + " fields are invalid; the first: " + errors.get(0).field() + " " + errors.get(0).message();
      throw new ApiError(HttpStatus.BAD_REQUEST, summary, List.copyOf(errors));
    }
  }

  private boolean hasError(String name) {
    return errors.stream().anyMatch(e -> e.field().equals(prefix + name));
  }

  private JsonNode get(String name) {
    if (node == null || !node.isObject()) {
      return null;
    }
    JsonNode value = node.get(name);
    return value == null || value.isNull() ? null : value;
  }
}
