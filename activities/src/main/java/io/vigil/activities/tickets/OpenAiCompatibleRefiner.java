package io.vigil.activities.tickets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks any OpenAI-compatible chat-completions endpoint ({@code VIGIL_LLM_URL}, e.g.
 * {@code https://api.openai.com/v1} or a local server, with {@code VIGIL_LLM_MODEL} and an optional
 * {@code VIGIL_LLM_API_KEY}) to pick the category of a ticket the classifier is unsure of. Only an
 * answer naming exactly one category counts; anything else, an error or a timeout leaves the
 * classifier's prediction in place.
 */
@Singleton
@Requires(property = "vigil.llm.url")
public class OpenAiCompatibleRefiner implements CategoryRefiner {
  private static final Logger log = LoggerFactory.getLogger(OpenAiCompatibleRefiner.class);
  /** The text sent is cut here: the category shows in the first paragraphs, and tokens cost money. */
  static final int MAX_CHARS = 4_000;

  private final URI endpoint;
  private final String model;
  private final String apiKey;
  private final Duration timeout;
  private final ObjectMapper json;
  private final HttpClient http;

  public OpenAiCompatibleRefiner(@Value("${vigil.llm.url}") String url, @Value("${vigil.llm.model:gpt-4o-mini}") String model,
      @Value("${vigil.llm.api-key:}") String apiKey, @Value("${vigil.llm.timeout:5s}") Duration timeout,
      ObjectMapper json) {
    this.endpoint = URI.create(url.replaceAll("/+$", "") + "/chat/completions");
    this.model = model;
    this.apiKey = apiKey;
    this.timeout = timeout;
    this.json = json;
    // HTTP/1.1: every OpenAI-compatible server speaks it, and no h2c upgrade is attempted on a POST
    this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout).build();
  }

  @Override
  public Optional<CategoryPrediction> refine(String subject, String body, CategoryPrediction prediction) {
    try {
      HttpRequest.Builder request = HttpRequest.newBuilder(endpoint).timeout(timeout)
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(request(subject, body))));
      if (!apiKey.isBlank()) {
        request.header("Authorization", "Bearer " + apiKey);
      }
      HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() / 100 != 2) {
        log.warn("LLM refinement answered {}; the classifier's category stands", response.statusCode());
        return Optional.empty();
      }
      JsonNode answer = json.readTree(response.body()).at("/choices/0/message/content");
      return category(answer.asText("")).map(category -> new CategoryPrediction(category, prediction.confidence(),
          prediction.decidingWords(), CategoryPrediction.LLM));
    } catch (IOException e) {
      log.warn("LLM refinement failed ({}); the classifier's category stands", e.toString());
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  private Map<String, Object> request(String subject, String body) {
    String text = ("Subject: " + subject + "\n\n" + body);
    return Map.of("model", model, "temperature", 0, "messages", List.of(
        Map.of("role", "system", "content", "You categorize B2B SaaS support tickets. Answer with exactly one of: "
            + String.join(", ", TicketCategory.wireNames()) + ". No other words."),
        Map.of("role", "user", "content", text.length() > MAX_CHARS ? text.substring(0, MAX_CHARS) : text)));
  }

  /** The one category the answer names, ignoring case, spaces and punctuation around it. */
  static Optional<TicketCategory> category(String answer) {
    String normalized = answer.strip().toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z_ ]", "").strip()
        .replace(' ', '_');
    return TicketCategory.fromWire(normalized);
  }
}
