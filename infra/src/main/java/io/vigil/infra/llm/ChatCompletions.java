package io.vigil.infra.llm;

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
 * Any OpenAI-compatible chat-completions endpoint: {@code VIGIL_LLM_URL} (e.g.
 * {@code https://api.openai.com/v1}, or a local Ollama or vLLM server), {@code VIGIL_LLM_MODEL} and an
 * optional {@code VIGIL_LLM_API_KEY}. Present only when the URL is set. Its answers are advice:
 * an error or a timeout is an empty answer, logged, never a failure of the caller.
 */
@Singleton
@Requires(property = "vigil.llm.url")
public class ChatCompletions {
  private static final Logger log = LoggerFactory.getLogger(ChatCompletions.class);

  private final URI endpoint;
  private final String model;
  private final String apiKey;
  private final Duration timeout;
  private final ObjectMapper json;
  private final HttpClient http;

  public ChatCompletions(@Value("${vigil.llm.url}") String url, @Value("${vigil.llm.model:gpt-4o-mini}") String model,
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

  /** The assistant's answer to {@code user} under the {@code system} instruction, at temperature 0. */
  public Optional<String> complete(String system, String user) {
    try {
      Map<String, Object> body = Map.of("model", model, "temperature", 0, "messages", List.of(
          Map.of("role", "system", "content", system), Map.of("role", "user", "content", user)));
      HttpRequest.Builder request = HttpRequest.newBuilder(endpoint).timeout(timeout)
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)));
      if (!apiKey.isBlank()) {
        request.header("Authorization", "Bearer " + apiKey);
      }
      HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() / 100 != 2) {
        log.warn("{} answered {}", endpoint, response.statusCode());
        return Optional.empty();
      }
      String answer = json.readTree(response.body()).at("/choices/0/message/content").asText("");
      return answer.isBlank() ? Optional.empty() : Optional.of(answer);
    } catch (IOException e) {
      log.warn("{} failed: {}", endpoint, e.toString());
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }
}
