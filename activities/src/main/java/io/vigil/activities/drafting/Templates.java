package io.vigil.activities.drafting;

import com.github.jknack.handlebars.EscapingStrategy;
import com.github.jknack.handlebars.Handlebars;
import com.github.jknack.handlebars.Template;
import com.github.jknack.handlebars.io.ClassPathTemplateLoader;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Renders the message templates kept as files under {@code templates/} (Handlebars, plain text:
 * nothing is HTML-escaped). A template whose first line is {@code Subject: ...} is an email.
 */
@Singleton
public class Templates {
  private final Handlebars handlebars =
      new Handlebars(new ClassPathTemplateLoader("/templates", ".hbs")).with(EscapingStrategy.NOOP).prettyPrint(true);
  private final Map<String, Template> compiled = new ConcurrentHashMap<>();
  /** Blank lines left by empty sections, compiled once rather than by each render's replaceAll. */
  private static final Pattern BLANK_LINES = Pattern.compile("\n{3,}");

  public record Rendered(String subject, String body) {}

  public Rendered render(String name, Map<String, ?> context) {
    String text;
    try {
      text = compiled.computeIfAbsent(name, this::compile).apply(context);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    text = BLANK_LINES.matcher(text).replaceAll("\n\n").strip();
    if (text.startsWith("Subject: ")) {
      int end = text.indexOf('\n');
      return new Rendered(text.substring("Subject: ".length(), end).strip(), text.substring(end + 1).strip());
    }
    return new Rendered(null, text);
  }

  private Template compile(String name) {
    try {
      return handlebars.compile(name);
    } catch (IOException e) {
      throw new UncheckedIOException("template " + name + " is missing or broken", e);
    }
  }
}
