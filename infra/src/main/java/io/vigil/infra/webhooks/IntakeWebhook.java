package io.vigil.infra.webhooks;

import io.vigil.infra.DeliveryFailure;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * POSTs a signed JSON body to a receiver's intake URL. Accepted is any 2xx; 408, 425, 429 and 5xx
 * (and no answer) are worth retrying; any other status is a refusal for good. Calls are bounded
 * (connect 5 s, answer 20 s), like the Slack and Google clients.
 */
@Singleton
public class IntakeWebhook {
  public static final String IDEMPOTENCY_HEADER = "Idempotency-Key";
  private static final Duration CONNECT = Duration.ofSeconds(5);
  private static final Duration ANSWER = Duration.ofSeconds(20);
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(CONNECT).build();

  /** Answers the receiver's status code when it accepted; throws a classified {@link DeliveryFailure} otherwise. */
  public int post(String url, String secret, String idempotencyKey, long epochSeconds, String body) {
    HttpRequest request = HttpRequest.newBuilder(URI.create(url))
        .timeout(ANSWER)
        .header("Content-Type", "application/json")
        .header(WebhookSignature.HEADER, WebhookSignature.header(secret, epochSeconds, body))
        .header(IDEMPOTENCY_HEADER, idempotencyKey)
        .header("User-Agent", "Vigil-Escalations/1")
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build();
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw DeliveryFailure.transientFailure("no answer from " + url + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw DeliveryFailure.transientFailure("interrupted while posting to " + url);
    }
    int status = response.statusCode();
    if (status >= 200 && status < 300) {
      return status;
    }
    String what = "HTTP " + status + " from " + url;
    if (status == 429) {
      return rateLimited(response, what);
    }
    if (status == 408 || status == 425 || status >= 500) {
      throw DeliveryFailure.transientFailure(what);
    }
    throw DeliveryFailure.permanent(what);
  }

  private static int rateLimited(HttpResponse<String> response, String what) {
    Duration after = response.headers().firstValue("Retry-After").flatMap(v -> {
      try {
        return java.util.Optional.of(Duration.ofSeconds(Long.parseLong(v.strip())));
      } catch (NumberFormatException notSeconds) {
        return java.util.Optional.empty();
      }
    }).orElse(Duration.ofSeconds(30));
    throw DeliveryFailure.rateLimited(what, after);
  }
}
