package io.vigil.app.api;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jsr310.deser.InstantDeserializer;
import com.fasterxml.jackson.datatype.jsr310.deser.LocalDateDeserializer;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.function.Predicate;

/**
 * What no request body may carry, checked while it is read so that every typed body gets it: text
 * with NUL characters (PostgreSQL cannot store them) and dates or instants outside the years 2000
 * to 2100. Each is a 400 naming the field.
 */
@Singleton
public class JsonGuards extends SimpleModule {
  public JsonGuards() {
    super("vigil-json-guards");
    addDeserializer(String.class, new Guarded<>(String.class, StringDeserializer.instance,
        text -> text.indexOf('\0') < 0, "must not contain NUL characters"));
    addDeserializer(LocalDate.class, new Guarded<>(LocalDate.class, LocalDateDeserializer.INSTANCE,
        JsonGuards::inEra, ERA));
    addDeserializer(Instant.class, new Guarded<>(Instant.class, InstantDeserializer.INSTANT,
        at -> inEra(at.atZone(ZoneOffset.UTC).toLocalDate()), ERA));
  }

  public static boolean inEra(LocalDate day) {
    return day.getYear() >= Limits.FIRST_YEAR && day.getYear() <= Limits.LAST_YEAR;
  }

  public static final String ERA = "must lie between " + Limits.FIRST_YEAR + "-01-01 and " + Limits.LAST_YEAR + "-12-31";

  /** Reads a value with Jackson's own deserializer, then refuses it with {@code message} unless it is {@code allowed}. */
  private static final class Guarded<T> extends StdScalarDeserializer<T> {
    private final JsonDeserializer<T> reader;
    private final Predicate<T> allowed;
    private final String message;

    Guarded(Class<T> type, JsonDeserializer<T> reader, Predicate<T> allowed, String message) {
      super(type);
      this.reader = reader;
      this.allowed = allowed;
      this.message = message;
    }

    @Override
    public T deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
      T value = reader.deserialize(p, ctx);
      if (value != null && !allowed.test(value)) {
        throw ctx.weirdStringException(p.getText(), handledType(), message);
      }
      return value;
    }
  }
}
