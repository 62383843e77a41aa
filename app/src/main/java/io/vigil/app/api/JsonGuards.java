package io.vigil.app.api;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
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

/**
 * What no request body may carry, checked while it is read so that every typed body gets it: text
 * with NUL characters (PostgreSQL cannot store them) and dates or instants outside the years 2000
 * to 2100. Each is a 400 naming the field.
 */
@Singleton
public class JsonGuards extends SimpleModule {
  public JsonGuards() {
    super("vigil-json-guards");
    addDeserializer(String.class, new Text());
    addDeserializer(LocalDate.class, new Day());
    addDeserializer(Instant.class, new Moment());
  }

  public static boolean inEra(LocalDate day) {
    return day.getYear() >= Limits.FIRST_YEAR && day.getYear() <= Limits.LAST_YEAR;
  }

  public static final String ERA = "must lie between " + Limits.FIRST_YEAR + "-01-01 and " + Limits.LAST_YEAR + "-12-31";

  private static final class Text extends StdScalarDeserializer<String> {
    Text() {
      super(String.class);
    }

    @Override
    public String deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
      String value = StringDeserializer.instance.deserialize(p, ctx);
      if (value != null && value.indexOf('\0') >= 0) {
        throw ctx.weirdStringException(value, String.class, "must not contain NUL characters");
      }
      return value;
    }
  }

  private static final class Day extends StdScalarDeserializer<LocalDate> {
    Day() {
      super(LocalDate.class);
    }

    @Override
    public LocalDate deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
      LocalDate day = LocalDateDeserializer.INSTANCE.deserialize(p, ctx);
      if (day != null && !inEra(day)) {
        throw ctx.weirdStringException(p.getText(), LocalDate.class, ERA);
      }
      return day;
    }
  }

  private static final class Moment extends StdScalarDeserializer<Instant> {
    Moment() {
      super(Instant.class);
    }

    @Override
    public Instant deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
      Instant at = InstantDeserializer.INSTANT.deserialize(p, ctx);
      if (at != null && !inEra(at.atZone(ZoneOffset.UTC).toLocalDate())) {
        throw ctx.weirdStringException(p.getText(), Instant.class, ERA);
      }
      return at;
    }
  }
}
