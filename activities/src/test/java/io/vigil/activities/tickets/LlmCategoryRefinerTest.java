package io.vigil.activities.tickets;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.vigil.infra.llm.ChatCompletions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The optional LLM refinement through {@link ChatCompletions}, against a WireMock stand-in for an OpenAI-compatible endpoint. */
class LlmCategoryRefinerTest {
  private static final CategoryPrediction UNSURE =
      new CategoryPrediction(TicketCategory.USABILITY_ISSUE, 0.31, List.of("confusing"), CategoryPrediction.CLASSIFIER);
  private static WireMockServer llm;

  private LlmCategoryRefiner refiner;

  @BeforeAll
  static void startTheEndpoint() {
    llm = new WireMockServer(WireMockConfiguration.options().dynamicPort());
    llm.start();
  }

  @AfterAll
  static void stopTheEndpoint() {
    llm.stop();
  }

  @BeforeEach
  void givenARefinerPointedAtIt() {
    llm.resetAll();
    // generous: a first request to a cold WireMock on a busy machine takes seconds
    refiner = refiner(Duration.ofSeconds(20));
  }

  @Test
  void givenAnAnswerNamingOneCategory_itReplacesTheCategoryAndSaysTheLlmChoseIt() {
    answer(200, "{\"choices\":[{\"message\":{\"role\":\"assistant\",\"content\":\" Documentation_Gap.\\n\"}}]}");

    CategoryPrediction refined = refiner.refine("Webhook docs", "The signature header is not documented", UNSURE).orElseThrow();

    assertThat(refined.category()).isEqualTo(TicketCategory.DOCUMENTATION_GAP);
    assertThat(refined.source()).isEqualTo(CategoryPrediction.LLM);
    assertThat(refined.decidingWords()).containsExactly("confusing");
    llm.verify(postRequestedFor(urlEqualTo("/v1/chat/completions"))
        .withHeader("Authorization", equalTo("Bearer sk-test"))
        .withRequestBody(matchingJsonPath("$.model", equalTo("test-model")))
        .withRequestBody(matchingJsonPath("$.messages[0].content", equalTo(LlmCategoryRefiner.INSTRUCTION)))
        .withRequestBody(matchingJsonPath("$.messages[1].content", equalTo(
            "Subject: Webhook docs\n\nThe signature header is not documented"))));
  }

  @Test
  void givenAnAnswerThatIsNotACategory_anErrorOrATimeout_theClassifiersPredictionStands() {
    answer(200, "{\"choices\":[{\"message\":{\"content\":\"I think it is probably a bug or a docs problem\"}}]}");
    assertThat(refiner.refine("s", "b", UNSURE)).isEmpty();

    answer(500, "{\"error\":\"overloaded\"}");
    assertThat(refiner.refine("s", "b", UNSURE)).isEmpty();

    answer(200, "not json");
    assertThat(refiner.refine("s", "b", UNSURE)).isEmpty();

    llm.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(aResponse().withStatus(200).withFixedDelay(3_000)
        .withBody("{\"choices\":[{\"message\":{\"content\":\"bug_report\"}}]}")));
    assertThat(refiner(Duration.ofMillis(300)).refine("s", "b", UNSURE)).isEmpty();
  }

  private static LlmCategoryRefiner refiner(Duration timeout) {
    return new LlmCategoryRefiner(new ChatCompletions(llm.baseUrl() + "/v1/", "test-model", "sk-test", timeout,
        new ObjectMapper()));
  }

  private static void answer(int status, String body) {
    llm.stubFor(post(urlEqualTo("/v1/chat/completions"))
        .willReturn(aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body)));
  }
}
