package io.vigil.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.vigil.app.slack.SlackRequestSignature;
import jakarta.inject.Inject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Slack's buttons and modals through HTTP, signed as Slack signs them, against the real app (Temporal
 * dev server, PostgreSQL) with Slack's Web API and Gmail played by WireMock.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SlackInteractionsIT implements TestPropertyProvider {
  private static final LocalDate AS_OF = LocalDate.of(2026, 11, 18);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final SlackRequestSignature SLACK = new SlackRequestSignature(TestInfrastructure.SLACK_SIGNING_SECRET);

  @Inject EmbeddedServer server;

  private Api api;
  private FakeSlackAndGoogle slack;

  @Override
  public Map<String, String> getProperties() {
    return TestInfrastructure.properties();
  }

  @BeforeEach
  void setUp() {
    api = new Api(server.getURL().toString());
    slack = new FakeSlackAndGoogle(TestInfrastructure.wireMock());
  }

  /** A customer with a usage drop whose check-in draft is held for its CSM; the DM's channel is unique to it. */
  private record Held(String customer, String csmSlackId, String approvalId, String channel, String contact) {}

  private Held held(String name) {
    String customer = name.toLowerCase() + "-" + System.nanoTime();
    String csm = "csm-" + customer;
    Scenarios.putUser(api, csm, "csm", null);
    Scenarios.putCustomer(api, customer, name, csm);
    Scenarios.dropOf(api, customer, AS_OF, 0.4);
    assertThat(api.post("/api/v1/detections/run", Map.of("asOf", AS_OF.toString(), "customerId", customer)).status())
        .isEqualTo(200);
    JsonNode approval = api.awaitPendingApproval(customer);
    String slackId = api.get("/api/users/" + csm).body().get("slackUserId").asText();
    Held held = new Held(customer, slackId, approval.get("id").asText(), "D" + Math.abs(customer.hashCode()),
        approval.get("to").asText());
    await().atMost(Duration.ofSeconds(30)).until(() -> draftOffer(held).isPresent());
    return held;
  }

  /** The alert DM re-posted with the draft's buttons once the draft existed (ApprovalGate.offerInDm). */
  private java.util.Optional<LoggedRequest> draftOffer(Held held) {
    return slack.slackCalls("chat.update", held.approvalId()).stream()
        .filter(update -> FakeSlackAndGoogle.formField(update, "blocks").contains("vigil_approve")).findFirst();
  }

  @Test
  void givenAUsageDrop_theDmCarriesBlockKitButtonsToThePagesAndASnooze() {
    Held held = held("Blockwise");
    await().atMost(Duration.ofSeconds(30)).until(() -> !slack.slackPostsMentioning("Usage Alert: Blockwise").isEmpty());
    LoggedRequest dm = slack.slackPostsMentioning("Usage Alert: Blockwise").get(0);
    String blocks = FakeSlackAndGoogle.formField(dm, "blocks");
    assertThat(FakeSlackAndGoogle.formField(dm, "text")).contains("Usage Alert: Blockwise", "/customers/" + held.customer())
        .doesNotContain("/api/");
    assertThat(blocks).contains("\"action_id\":\"vigil_view\"", "/customers/" + held.customer(),
        "\"action_id\":\"vigil_snooze\"", "Snooze 1 day", "Snooze 7 days");
    long signalId = api.get("/api/risk-signals?customerId=" + held.customer() + "&type=usage_anomaly").body()
        .get("items").get(0).get("id").asLong();
    assertThat(blocks).contains("\"value\":\"" + signalId + "/1\"").doesNotContain("vigil_approve");

    // once the draft exists, the same message gains its buttons: no second DM
    assertThat(slack.slackPostsMentioning("Usage Alert: Blockwise")).hasSize(1);
    assertThat(draftOffer(held)).get().satisfies(offer -> {
      // the message posted (the fake Slack's DM channel and ts)
      assertThat(FakeSlackAndGoogle.formField(offer, "channel")).isEqualTo("DDEFAULT");
      assertThat(FakeSlackAndGoogle.formField(offer, "ts")).isEqualTo("1764000000.000100");
      assertThat(FakeSlackAndGoogle.formField(offer, "text")).contains("Usage Alert: Blockwise", "Draft ready for your approval");
      assertThat(FakeSlackAndGoogle.formField(offer, "blocks")).contains("\"action_id\":\"vigil_approve\"",
          "\"action_id\":\"vigil_edit\"", "\"action_id\":\"vigil_reject\"", "/approvals/" + held.approvalId(),
          "\"value\":\"" + signalId + "/1\"");
    });

    Api.Response snoozed = click(held, held.csmSlackId(), "vigil_snooze", null, signalId + "/3");
    assertThat(snoozed.status()).isEqualTo(200);
    JsonNode signal = api.get("/api/risk-signals?customerId=" + held.customer() + "&type=usage_anomaly").body()
        .get("items").get(0);
    assertThat(signal.get("status").asText()).isEqualTo("acknowledged");
    assertThat(signal.get("ownerId").asText()).isEqualTo("csm-" + held.customer());
    assertThat(slack.slackCalls("chat.update", held.channel())).singleElement()
        .satisfies(update -> assertThat(FakeSlackAndGoogle.formField(update, "blocks")).contains("Snoozed", "until")
            .doesNotContain("vigil_snooze"));
  }

  @Test
  void givenABadSignatureOrAStaleTimestamp_itAnswers401AndDecidesNothing() {
    Held held = held("Forgedly");
    String form = form(blockAction(held, held.csmSlackId(), "vigil_approve", held.approvalId(), null));
    String now = String.valueOf(Instant.now().getEpochSecond());

    Api.Response forged = api.anonymous().postForm("/api/slack/interactions", form,
        Map.of("X-Slack-Request-Timestamp", now, "X-Slack-Signature", "v0=" + "0".repeat(64)));
    assertThat(forged.status()).isEqualTo(401);
    assertThat(forged.body().get("message").asText()).contains("does not match SLACK_SIGNING_SECRET");

    Api.Response unsigned = api.anonymous().postForm("/api/slack/interactions", form, Map.of());
    assertThat(unsigned.status()).isEqualTo(401);

    String stale = String.valueOf(Instant.now().minusSeconds(6 * 60).getEpochSecond());
    Api.Response replayed = api.anonymous().postForm("/api/slack/interactions", form,
        Map.of("X-Slack-Request-Timestamp", stale, "X-Slack-Signature", SLACK.sign(stale, form.getBytes(StandardCharsets.UTF_8))));
    assertThat(replayed.status()).isEqualTo(401);
    assertThat(replayed.body().get("message").asText()).contains("more than 5 minutes");

    assertThat(status(held)).isEqualTo("pending");
    assertThat(slack.slackCalls("chat.update", held.channel())).isEmpty();
    assertThat(slack.slackCalls("chat.postEphemeral", held.channel())).isEmpty();
  }

  @Test
  void givenAnUnknownSlackUserOrAnotherPortfolio_itWhispersWhyAndDecidesNothing() {
    Held held = held("Strangers");
    assertThat(click(held, "UNOBODY", "vigil_approve", held.approvalId(), null).status()).isEqualTo(200);
    assertThat(slack.slackCalls("chat.postEphemeral", held.channel())).singleElement()
        .satisfies(e -> assertThat(FakeSlackAndGoogle.formField(e, "text")).contains("not linked to a Vigil user"))
        .satisfies(e -> assertThat(FakeSlackAndGoogle.formField(e, "user")).isEqualTo("UNOBODY"));

    String other = "csm-other-" + held.customer();
    Scenarios.putUser(api, other, "csm", null);
    String otherSlack = api.get("/api/users/" + other).body().get("slackUserId").asText();
    assertThat(click(held, otherSlack, "vigil_approve", held.approvalId(), null).status()).isEqualTo(200);
    assertThat(click(held, otherSlack, "vigil_edit", held.approvalId(), null).status()).isEqualTo(200);
    assertThat(slack.slackCalls("chat.postEphemeral", held.channel())).hasSize(3)
        .filteredOn(e -> FakeSlackAndGoogle.formField(e, "user").equals(otherSlack))
        .extracting(e -> FakeSlackAndGoogle.formField(e, "text"))
        .allSatisfy(text -> assertThat(text).containsAnyOf("outside your portfolio", "not one you may decide"));

    assertThat(status(held)).isEqualTo("pending");
    assertThat(slack.slackCalls("views.open", held.approvalId())).isEmpty();
    assertThat(slack.slackCalls("chat.update", held.channel())).isEmpty();
  }

  @Test
  void givenTheApproveButton_theEmailGoesOnce_theMessageShowsWhoDecided_andASecondClickIsToldItIsDone() {
    Held held = held("Approvely");
    assertThat(click(held, held.csmSlackId(), "vigil_approve", held.approvalId(), null).status()).isEqualTo(200);
    assertThat(click(held, held.csmSlackId(), "vigil_approve", held.approvalId(), null).status()).isEqualTo(200);

    await().atMost(Duration.ofSeconds(30)).until(() -> "sent".equals(status(held)));
    JsonNode approval = api.get("/api/approvals/" + held.approvalId()).body();
    assertThat(approval.get("decidedBy").asText()).isEqualTo("csm-" + held.customer());
    assertThat(slack.gmailMessagesMentioning("To: " + held.contact())).hasSize(1);

    assertThat(slack.slackCalls("chat.update", held.channel())).singleElement().satisfies(update -> {
      assertThat(FakeSlackAndGoogle.formField(update, "ts")).isEqualTo("1764000000.000777");
      assertThat(FakeSlackAndGoogle.formField(update, "blocks")).contains("Approved", "User csm-" + held.customer())
          .doesNotContain("vigil_approve", "vigil_reject");
    });
    assertThat(slack.slackCalls("chat.postEphemeral", held.channel())).singleElement()
        .satisfies(e -> assertThat(FakeSlackAndGoogle.formField(e, "text"))
            .contains("already approved by csm-" + held.customer(), "Nothing was changed"));
  }

  @Test
  void givenTheEditModal_itOpensPrefilled_andItsSubmissionApprovesWithTheNewSubject() {
    Held held = held("Editwell");
    JsonNode draft = api.get("/api/approvals/" + held.approvalId()).body();
    assertThat(click(held, held.csmSlackId(), "vigil_edit", held.approvalId(), null).status()).isEqualTo(200);
    assertThat(slack.slackCalls("views.open", held.approvalId())).singleElement().satisfies(open -> {
      assertThat(FakeSlackAndGoogle.formField(open, "trigger_id")).isEqualTo("trigger-" + held.channel());
      assertThat(FakeSlackAndGoogle.formField(open, "view")).contains("vigil_edit_modal", draft.get("subject").asText());
    });
    assertThat(status(held)).isEqualTo("pending");

    Api.Response blank = submit(held, held.csmSlackId(), "vigil_edit_modal",
        Map.of("subject", " ", "body", draft.get("body").asText()));
    assertThat(blank.status()).isEqualTo(200);
    assertThat(blank.body().get("response_action").asText()).isEqualTo("errors");
    assertThat(blank.body().at("/errors/subject").asText()).isEqualTo("Enter a subject");
    assertThat(status(held)).isEqualTo("pending");

    Api.Response edited = submit(held, held.csmSlackId(), "vigil_edit_modal",
        Map.of("subject", "Edited in Slack for Editwell", "body", draft.get("body").asText()));
    assertThat(edited.status()).isEqualTo(200);
    assertThat(edited.body().isNull() || edited.body().isEmpty() || !edited.body().has("response_action")).isTrue();
    await().atMost(Duration.ofSeconds(30)).until(() -> !slack.gmailMessagesMentioning("Subject: Edited in Slack for Editwell").isEmpty());
    assertThat(slack.gmailMessagesMentioning("To: " + held.contact())).singleElement().asString()
        .contains("Subject: Edited in Slack for Editwell");
    assertThat(slack.slackCalls("chat.update", held.channel())).singleElement()
        .satisfies(update -> assertThat(FakeSlackAndGoogle.formField(update, "blocks")).contains("Approved with edits"));
  }

  @Test
  void givenTheRejectModal_aReasonIsRequired_andWithOneTheDraftIsRejected() {
    Held held = held("Rejecto");
    assertThat(click(held, held.csmSlackId(), "vigil_reject", held.approvalId(), null).status()).isEqualTo(200);
    assertThat(slack.slackCalls("views.open", held.approvalId())).singleElement()
        .satisfies(open -> assertThat(FakeSlackAndGoogle.formField(open, "view")).contains("vigil_reject_modal"));

    Api.Response noReason = submit(held, held.csmSlackId(), "vigil_reject_modal", Map.of("reason", ""));
    assertThat(noReason.body().get("response_action").asText()).isEqualTo("errors");
    assertThat(noReason.body().at("/errors/reason").asText()).contains("Say why");
    assertThat(status(held)).isEqualTo("pending");

    assertThat(submit(held, held.csmSlackId(), "vigil_reject_modal", Map.of("reason", "we spoke on the phone")).status())
        .isEqualTo(200);
    JsonNode approval = api.get("/api/approvals/" + held.approvalId()).body();
    assertThat(approval.get("status").asText()).isEqualTo("rejected");
    assertThat(approval.get("reason").asText()).isEqualTo("we spoke on the phone");
    assertThat(slack.slackCalls("chat.update", held.channel())).singleElement()
        .satisfies(update -> assertThat(FakeSlackAndGoogle.formField(update, "blocks")).contains("Rejected", "we spoke on the phone"));
    assertThat(slack.gmailMessagesMentioning("To: " + held.contact())).isEmpty();
  }

  @Test
  void givenSlackThrottlesTheUpdateOrRefusesTheModal_theDecisionStandsOrNothingHappens() {
    Held held = held("Throttled");
    slack.slackMethodThrottled("chat.update", held.channel(), 7);
    assertThat(click(held, held.csmSlackId(), "vigil_approve", held.approvalId(), null).status()).isEqualTo(200);
    await().atMost(Duration.ofSeconds(30)).until(() -> "sent".equals(status(held)));
    assertThat(slack.slackCalls("chat.update", held.channel())).hasSize(1);

    Held other = held("Unauthed");
    slack.slackMethodRefuses("views.open", other.approvalId(), "invalid_auth");
    assertThat(click(other, other.csmSlackId(), "vigil_reject", other.approvalId(), null).status()).isEqualTo(200);
    assertThat(slack.slackCalls("views.open", other.approvalId())).hasSize(1);
    assertThat(status(other)).isEqualTo("pending");
  }

  private String status(Held held) {
    return api.get("/api/approvals/" + held.approvalId()).body().get("status").asText();
  }

  private Api.Response click(Held held, String slackUser, String actionId, String value, String selected) {
    return signed(form(blockAction(held, slackUser, actionId, value, selected)));
  }

  private Api.Response submit(Held held, String slackUser, String callbackId, Map<String, String> inputs) {
    ObjectNode payload = JSON.createObjectNode().put("type", "view_submission");
    payload.putObject("user").put("id", slackUser);
    ObjectNode view = payload.putObject("view").put("callback_id", callbackId)
        .put("private_metadata", held.approvalId() + "|" + held.channel() + "|1764000000.000777");
    ObjectNode values = view.putObject("state").putObject("values");
    inputs.forEach((block, value) -> values.putObject(block).putObject("value").put("type", "plain_text_input").put("value", value));
    return signed(form(payload));
  }

  private static ObjectNode blockAction(Held held, String slackUser, String actionId, String value, String selected) {
    ObjectNode payload = JSON.createObjectNode().put("type", "block_actions").put("trigger_id", "trigger-" + held.channel());
    payload.putObject("user").put("id", slackUser);
    payload.putObject("container").put("type", "message").put("channel_id", held.channel())
        .put("message_ts", "1764000000.000777");
    payload.putObject("message").put("ts", "1764000000.000777").put("text", "Usage alert for " + held.customer());
    ObjectNode action = payload.putArray("actions").addObject().put("action_id", actionId).put("block_id", "vigil_actions");
    if (value != null) {
      action.put("value", value);
    }
    if (selected != null) {
      action.putObject("selected_option").put("value", selected);
    }
    return payload;
  }

  private static String form(JsonNode payload) {
    return "payload=" + URLEncoder.encode(payload.toString(), StandardCharsets.UTF_8);
  }

  private Api.Response signed(String form) {
    String timestamp = String.valueOf(Instant.now().getEpochSecond());
    return api.anonymous().postForm("/api/slack/interactions", form, Map.of("X-Slack-Request-Timestamp", timestamp,
        "X-Slack-Signature", SLACK.sign(timestamp, form.getBytes(StandardCharsets.UTF_8))));
  }
}
