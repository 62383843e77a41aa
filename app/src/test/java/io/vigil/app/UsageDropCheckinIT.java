package io.vigil.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.client.WorkflowClient;
import io.vigil.app.temporal.WorkerRunner;
import io.vigil.workflows.usagedrop.UsageDropCheckinWorkflow;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The whole usage-drop path through the HTTP API, on the real Temporal dev server and a real
 * PostgreSQL, with Slack and Gmail played by WireMock over HTTP.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UsageDropCheckinIT implements TestPropertyProvider {
  /** A Wednesday in the past: the evaluated day of every scenario here. */
  private static final LocalDate AS_OF = LocalDate.of(2026, 11, 18);

  @Inject EmbeddedServer server;
  @Inject WorkflowClient temporal;
  @Inject WorkerRunner worker;

  private Api api;
  private FakeSlackAndGoogle fakes;

  @Override
  public Map<String, String> getProperties() {
    return TestInfrastructure.properties();
  }

  @BeforeEach
  void setUp() {
    api = new Api(server.getURL().toString());
    fakes = new FakeSlackAndGoogle(TestInfrastructure.wireMock());
  }

  @Test
  void givenIngestedEventsWithADrop_whenSweptAndApproved_theCheckInEmailIsSentOnce() {
    String customer = givenCustomerWithDrop("Northwind", 0.4);

    JsonNode sweep = api.post("/api/v1/detections/run", Map.of("asOf", AS_OF.toString(), "customerId", customer)).body();
    assertThat(sweep.get("evaluated").asInt()).isEqualTo(1);
    JsonNode dau = Api.find(sweep.get("signals"), "metricType", "dau");
    assertThat(dau.get("suppressed").asBoolean()).isFalse();
    assertThat(dau.get("severity").asText()).isEqualTo("high");
    assertThat(dau.get("percentDrop").asDouble()).isEqualTo(60.0);

    await().atMost(Duration.ofSeconds(30)).until(() -> !fakes.slackMessagesMentioning("Northwind").isEmpty());
    String dm = fakes.slackMessagesMentioning("Northwind").get(0);
    int score = scoredWithTheDrop(customer);
    assertThat(dm).contains("Usage Alert: Northwind", "DAU dropped 60% (20 → 8)", "ARR: $120,000",
        "Health Score: " + score + " (" + (score == 75 ? "no change" : "↓" + (75 - score)) + " from last week)", "CSM: Casey Csm", "View Customer", "Draft Check-In Email", "Schedule Call");

    JsonNode approval = api.awaitPendingApproval(customer);
    assertThat(approval.get("to").asText()).isEqualTo("dana@northwind.example.com");
    assertThat(approval.get("subject").asText()).isEqualTo("Quick check-in from Casey Csm");
    assertThat(approval.get("body").asText()).startsWith("Hi Dana Champion,").contains("Northwind Cloud")
        .contains("any of these times works on my side (UTC)", "at 10:00");

    JsonNode task = api.get("/api/tasks?customerId=" + customer).body().get("items").get(0);
    assertThat(task.get("assigneeId").asText()).isEqualTo("csm-" + customer);
    assertThat(Duration.between(Instant.parse(task.get("createdAt").asText()), Instant.parse(task.get("dueAt").asText())))
        .isBetween(Duration.ofMinutes(235), Duration.ofMinutes(241));

    String id = approval.get("id").asText();
    Api.Response approved = api.post("/api/approvals/" + id + "/approve",
        Map.of("approvedBy", "csm-" + customer, "subject", "Checking in on Northwind Cloud"));
    assertThat(approved.status()).isEqualTo(200);
    // the answer is the row after the decision: "sent" when the playbook's send finished first
    assertThat(approved.body().get("status").asText()).isIn("approved", "sent");
    Api.Response twice = api.post("/api/approvals/" + id + "/approve", Map.of("approvedBy", "csm-" + customer));
    assertThat(twice.status()).isEqualTo(409);
    assertThat(twice.body().get("message").asText()).contains("already");

    await().atMost(Duration.ofSeconds(30)).until(() -> !fakes.gmailMessagesMentioning("To: dana@northwind.example.com").isEmpty());
    assertThat(fakes.gmailMessagesMentioning("To: dana@northwind.example.com")).singleElement().asString()
        .contains("To: dana@northwind.example.com", "Subject: Checking in on Northwind Cloud", "From: casey@example.com");
    await().atMost(Duration.ofSeconds(10)).until(() ->
        "sent".equals(api.get("/api/approvals/" + id).body().get("status").asText()));

    assertThat(api.get("/api/customers/" + customer).body().get("healthScore").asInt()).isEqualTo(score);
    JsonNode signal = api.get("/api/risk-signals?customerId=" + customer + "&type=usage_anomaly").body().get("items").get(0);
    assertThat(signal.get("severity").asText()).isEqualTo("high");
    assertThat(signal.at("/metadata/metricType").asText()).isEqualTo("dau");
    assertThat(signal.at("/metadata/currentValue").asDouble()).isEqualTo(8.0);
    assertThat(signal.at("/metadata/baselineValue").asDouble()).isEqualTo(20.0);
    assertThat(signal.at("/metadata/percentChange").asDouble()).isEqualTo(-60.0);
    assertThat(signal.at("/metadata/period/end").asText()).isEqualTo(AS_OF.toString());

    JsonNode notifications = api.get("/api/notifications?customerId=" + customer).body().get("items");
    assertThat(notifications).extracting(n -> n.get("channel").asText() + ":" + n.get("status").asText())
        .containsExactlyInAnyOrder("slack:sent", "email:sent");
    assertThat(api.activityActions(customer)).contains("risk_signal_created", "trigger_fired", "health_score_updated",
        "csm_notified", "task_created", "email_drafted", "email_sent");

    var description = temporal.getWorkflowServiceStubs().blockingStub().describeWorkflowExecution(
        DescribeWorkflowExecutionRequest.newBuilder().setNamespace("default")
            .setExecution(WorkflowExecution.newBuilder().setWorkflowId("usage-drop/" + customer)).build());
    var attributes = description.getWorkflowExecutionInfo().getSearchAttributes().getIndexedFieldsMap();
    assertThat(attributes).containsKeys("CustomerId", "CsmId", "Severity");
    assertThat(attributes.get("Severity").getData().toStringUtf8()).contains("high");

    JsonNode again = api.post("/api/v1/detections/run", Map.of("asOf", AS_OF.toString(), "customerId", customer)).body();
    assertThat(Api.find(again.get("signals"), "metricType", "dau").get("suppressed").asBoolean()).isTrue();
    await().atMost(Duration.ofSeconds(20)).until(() -> api.activityActions(customer).contains("detection_suppressed"));
    // the same drop is not alerted twice; its health, red by now, may raise the churn-risk escalation
    // (a signal and a DM of its own), as tomorrow's health scoring would
    assertThat(api.get("/api/risk-signals?customerId=" + customer + "&type=usage_anomaly").body().get("items")).hasSize(1);
    assertThat(fakes.slackMessagesMentioning("Usage Alert: Northwind")).hasSize(1);
  }

  /**
   * Issue 10: the CSM's alert, the urgent email and the check-in name the customer's open and
   * pending tickets (subject, id, priority, age), newest first; solved and closed ones are left out,
   * and a subject cannot ping a Slack channel.
   */
  @Test
  void givenOpenTickets_theAlertTheUrgentEmailAndTheDraftNameThem_butNotSolvedOrClosedOnes() {
    String customer = "ticketed-" + System.nanoTime();
    putCustomer(customer, "Ticketville");
    Instant now = Instant.now();
    Api.Response stored = api.post("/api/v1/tickets", Map.of("tickets", List.of(
        Scenarios.ticket(customer + "-t1", customer, "Exports <!channel> & hang", "open", "high",
            now.minus(Duration.ofDays(3)).minus(Duration.ofHours(1))),
        Scenarios.ticket(customer + "-t2", customer, "Cannot invite new users", "pending", null,
            now.minus(Duration.ofHours(5)).minus(Duration.ofMinutes(10))),
        Scenarios.ticket(customer + "-t3", customer, "Billing address was wrong", "solved", "urgent", now.minus(Duration.ofDays(1))),
        Scenarios.ticket(customer + "-t4", customer, "Logo looked blurry", "closed", "low", now.minus(Duration.ofDays(2))))));
    assertThat(stored.status()).as(stored.body().toString()).isEqualTo(200);
    Scenarios.dropOf(api, customer, AS_OF, 0.1);

    api.post("/api/v1/detections/run", Map.of("asOf", AS_OF.toString(), "customerId", customer));
    JsonNode approval = api.awaitPendingApproval(customer);

    String pending = "Cannot invite new users (#" + customer + "-t2, pending, opened 5 hours ago)";
    assertThat(approval.get("body").asText()).contains("open requests with our support team",
        "- " + pending + "\n- Exports <!channel> & hang (#" + customer + "-t1, high priority, opened 3 days ago)")
        .doesNotContain("Billing address", "Logo looked blurry");
    JsonNode notifications = api.get("/api/notifications?customerId=" + customer).body().get("items");
    assertThat(Api.find(notifications, "channel", "slack").get("text").asText()).contains("Open Support Tickets (2):",
        "• " + pending + "\n• Exports &lt;!channel&gt; &amp; hang (#" + customer + "-t1, high priority, opened 3 days ago)")
        .doesNotContain("<!channel>", "Billing address", "Logo looked blurry");
    assertThat(Api.find(notifications, "channel", "email").get("text").asText())
        .contains("Open support tickets (2):", "- " + pending).doesNotContain("Billing address", "Logo looked blurry");
  }

  @Test
  void givenNoOpenTickets_theAlertAndTheDraftMentionNone() {
    String customer = "quiet-" + System.nanoTime();
    putCustomer(customer, "Quietworks");
    Api.Response stored = api.post("/api/v1/tickets", Map.of("tickets", List.of(
        Scenarios.ticket(customer + "-t1", customer, "Old solved problem", "solved", "high", Instant.now().minus(Duration.ofDays(4))))));
    assertThat(stored.status()).as(stored.body().toString()).isEqualTo(200);
    Scenarios.dropOf(api, customer, AS_OF, 0.4);

    api.post("/api/v1/detections/run", Map.of("asOf", AS_OF.toString(), "customerId", customer));
    JsonNode approval = api.awaitPendingApproval(customer);

    assertThat(approval.get("body").asText()).doesNotContain("support team", "Old solved problem");
    assertThat(Api.find(api.get("/api/notifications?customerId=" + customer).body().get("items"), "channel", "slack")
        .get("text").asText()).contains("Usage Alert: Quietworks").doesNotContain("Support Tickets", "Old solved problem");
  }

  @Test
  void givenSlackAnswers429_theDmIsRetriedAfterItsRetryAfter() {
    fakes.throttleOnce("Throttleworks", 2);
    String customer = givenCustomerWithDrop("Throttleworks", 0.4);
    api.post("/api/v1/detections/run", Map.of("asOf", AS_OF.toString(), "customerId", customer));

    await().atMost(Duration.ofSeconds(40)).until(() -> fakes.slackPostsMentioning("Throttleworks").size() >= 2);
    var posts = fakes.slackPostsMentioning("Throttleworks");
    Duration gap = Duration.between(posts.get(0).getLoggedDate().toInstant(), posts.get(1).getLoggedDate().toInstant());
    assertThat(gap).isGreaterThanOrEqualTo(Duration.ofMillis(1900));
    api.awaitPendingApproval(customer);
    assertThat(fakes.slackPostsMentioning("Throttleworks")).hasSize(2);
    JsonNode slack = Api.find(api.get("/api/notifications?customerId=" + customer).body().get("items"), "channel", "slack");
    assertThat(slack.get("status").asText()).isEqualTo("sent");
  }

  @Test
  void givenTheWorkerDiesWhileSlackIsPosting_itResumesWithoutPostingTwice() throws Exception {
    String customer = "phoenix-" + System.nanoTime();
    fakes.slowDown("Phoenix", 4_000);
    fakes.historyHolds("usage-drop/" + customer + "@" + AS_OF + "/notify-csm/slack", "1764000000.000200");
    givenCustomerWithDrop(customer, "Phoenix", 0.4);
    api.post("/api/v1/detections/run", Map.of("asOf", AS_OF.toString(), "customerId", customer));

    await().atMost(Duration.ofSeconds(30)).until(() -> fakes.slackPostsMentioning("Phoenix").size() == 1);
    worker.stop();
    worker.start();

    JsonNode approval = api.awaitPendingApproval(customer, Duration.ofSeconds(90));
    assertThat(approval).isNotNull();
    assertThat(fakes.slackPostsMentioning("Phoenix")).hasSize(1);
    assertThat(api.get("/api/tasks?customerId=" + customer).body().get("items")).hasSize(1);
    JsonNode slack = Api.find(api.get("/api/notifications?customerId=" + customer).body().get("items"), "channel", "slack");
    assertThat(slack.get("status").asText()).isEqualTo("sent");
    assertThat(api.get("/api/risk-signals?customerId=" + customer).body().get("items")).hasSize(1);
  }

  /**
   * Slack's rate limit holds the step that adds Approve, Edit and Reject to the CSM's DM, retrying;
   * the draft is in the queue meanwhile, and approving it there is accepted at once (before: 409,
   * "holds no pending approval"). The email goes once, after the step.
   */
  @Test
  void givenTheDmButtonsStepHeldBySlacksRateLimit_approvingTheQueuedDraftIsAcceptedAndTheEmailSentOnceAfterIt() {
    String customer = "buttonhold-" + System.nanoTime();
    var rateLimit = fakes.slackMethodThrottled("chat.update", "Buttonhold", 3);
    givenCustomerWithDrop(customer, "Buttonhold", 0.4);
    api.post("/api/v1/detections/run", Map.of("asOf", AS_OF.toString(), "customerId", customer));
    JsonNode approval = api.awaitPendingApproval(customer);
    await().atMost(Duration.ofSeconds(30)).until(() -> !fakes.slackCalls("chat.update", "Buttonhold").isEmpty());

    Api.Response approved = api.post("/api/approvals/" + approval.get("id").asText() + "/approve",
        Map.of("approvedBy", "csm-" + customer));

    assertThat(approved.status()).as(approved.body().toString()).isEqualTo(200);
    assertThat(approved.body().get("status").asText()).isEqualTo("approved");
    assertThat(fakes.gmailMessagesMentioning("To: dana@buttonhold.example.com")).isEmpty();
    fakes.lift(rateLimit);
    await().atMost(Duration.ofSeconds(60)).until(() -> !fakes.gmailMessagesMentioning("To: dana@buttonhold.example.com").isEmpty());
    assertThat(fakes.gmailMessagesMentioning("To: dana@buttonhold.example.com")).hasSize(1);
    await().atMost(Duration.ofSeconds(10)).until(() ->
        "sent".equals(api.get("/api/approvals/" + approval.get("id").asText()).body().get("status").asText()));
  }

  @Test
  void givenAVeryLongCustomerName_theSweepStartsItsCheckinAndEverySummaryFitsTemporalsLimit() {
    String customer = "longwind-" + System.nanoTime();
    // names are capped at 200 characters; 190 with two-byte letters still overflow a 400-byte summary
    String name = "Longwind" + "Ł".repeat(182);
    givenCustomerWithDrop(customer, name, 0.4);

    JsonNode sweep = api.post("/api/v1/detections/run", Map.of("asOf", AS_OF.toString(), "customerId", customer)).body();

    assertThat(Api.find(sweep.get("signals"), "metricType", "dau").get("suppressed").asBoolean()).isFalse();
    await().atMost(Duration.ofSeconds(30)).until(() -> !fakes.slackMessagesMentioning("Longwind").isEmpty());
    JsonNode approval = api.awaitPendingApproval(customer);
    assertThat(approval.get("body").asText()).contains(name + " Cloud");
    String workflowId = "usage-drop/" + customer;
    WorkflowSummaries.Summary summary = WorkflowSummaries.ofWorkflow(temporal, workflowId);
    assertThat(summary.text()).startsWith("Usage drop check-in for LongwindŁŁŁ").endsWith("…");
    assertThat(summary.payloadBytes()).isLessThanOrEqualTo(WorkflowSummaries.LIMIT);
    assertThat(WorkflowSummaries.inHistory(temporal, workflowId)).hasSizeGreaterThan(5)
        .allSatisfy(s -> assertThat(s.payloadBytes()).as(s.text()).isLessThanOrEqualTo(WorkflowSummaries.LIMIT));
  }

  /**
   * Slack and Gmail answer 17 s after each request for this customer: later than the 15 s an attempt
   * used to be allowed, when Temporal gave up on the attempt while its call was still in flight and
   * the retry, finding nothing at the provider yet, posted and sent again. The clients' own timeouts
   * (25 s) now end every call inside its attempt, so the slow answers are simply waited for.
   */
  @Test
  void givenSlackAndGmailAnsweringAfterTheOldActivityTimeout_theDmIsPostedOnceAndTheUrgentEmailSentOnce() {
    String customer = "tardy-" + System.nanoTime();
    fakes.slowDown("Tardyworks", 17_000);
    fakes.slowDownGmail("Tardyworks", 17_000);
    givenCustomerWithDrop(customer, "Tardyworks", 0.1);

    JsonNode sweep = api.post("/api/v1/detections/run", Map.of("asOf", AS_OF.toString(), "customerId", customer)).body();

    assertThat(Api.find(sweep.get("signals"), "metricType", "dau").get("severity").asText()).isEqualTo("critical");
    api.awaitPendingApproval(customer, Duration.ofSeconds(90));
    assertThat(fakes.slackPostsMentioning("Tardyworks")).hasSize(1);
    assertThat(fakes.gmailMessagesMentioning("Tardyworks (ARR $120,000) shows a critical usage drop")).hasSize(1);
    assertThat(api.get("/api/notifications?customerId=" + customer).body().get("items"))
        .extracting(n -> n.get("channel").asText() + ":" + n.get("status").asText())
        .containsExactlyInAnyOrder("slack:sent", "email:sent");
  }

  @Test
  void givenSlackDownForTheDm_theCsmIsEmailedOnTheThirdAttemptAndWhySlackFailedIsRecorded() {
    String customer = "outage-" + System.nanoTime();
    fakes.slackDownFor("Outageworks");
    givenCustomerWithDrop(customer, "Outageworks", 0.4);

    api.post("/api/v1/detections/run", Map.of("asOf", AS_OF.toString(), "customerId", customer));

    api.awaitPendingApproval(customer, Duration.ofSeconds(60));
    assertThat(fakes.slackPostsMentioning("Outageworks")).hasSize(3);
    assertThat(fakes.gmailMessagesMentioning("Usage Alert: Outageworks")).singleElement().asString()
        .contains("Content-Type: text/plain", "Content-Type: text/html", "<strong>Usage Alert: Outageworks</strong>", "<a href=\"")
        .doesNotContain(":warning:", "*Usage Alert*", "|View");
    JsonNode notifications = api.get("/api/notifications?customerId=" + customer).body().get("items");
    JsonNode slack = Api.find(notifications, "channel", "slack");
    assertThat(slack.get("status").asText()).isEqualTo("failed");
    assertThat(slack.get("error").asText()).isEqualTo("Slack chat.postMessage answered HTTP 503");
    assertThat(Api.find(notifications, "channel", "email").get("status").asText()).isEqualTo("sent");
    assertThat(api.activityActions(customer)).contains("csm_notified").doesNotContain("step_failed");
  }

  @Test
  void givenSlackAndGmailRefusingTheDmForGood_theCheckinGoesOnAndTheFailureIsInNotificationsAndTheActivityLog() {
    String customer = "refused-" + System.nanoTime();
    fakes.slackRefuses("Refusenik", "account_inactive");
    fakes.gmailRefuses("Usage Alert: Refusenik", 403);
    givenCustomerWithDrop(customer, "Refusenik", 0.4);

    api.post("/api/v1/detections/run", Map.of("asOf", AS_OF.toString(), "customerId", customer));

    api.awaitPendingApproval(customer);
    assertThat(api.get("/api/tasks?customerId=" + customer).body().get("items")).hasSize(1);
    JsonNode notifications = api.get("/api/notifications?customerId=" + customer).body().get("items");
    assertThat(notifications).extracting(n -> n.get("channel").asText() + ":" + n.get("status").asText())
        .containsExactlyInAnyOrder("slack:failed", "email:failed");
    assertThat(Api.find(notifications, "channel", "slack").get("error").asText()).isEqualTo("Slack chat.postMessage failed: account_inactive");
    assertThat(Api.find(notifications, "channel", "email").get("error").asText()).startsWith("Google messages.send failed with HTTP 403");
    JsonNode failed = Api.find(api.get("/api/customers/" + customer + "/activity").body().get("items"), "action", "step_failed");
    assertThat(failed.at("/details/step").asText()).isEqualTo("notify-csm");
    assertThat(failed.at("/details/reason").asText()).startsWith("Google messages.send failed with HTTP 403");
    assertThat(api.activityActions(customer)).contains("task_created", "email_drafted").doesNotContain("csm_notified");
  }

  @Test
  void givenGmailRefusingTheApprovedEmail_theApprovalEndsFailedWithTheReasonAndTheApproverIsTold() {
    String customer = givenCustomerWithDrop("Sendfail", 0.4);
    fakes.gmailRefuses("To: dana@sendfail.example.com", 400);
    api.post("/api/v1/detections/run", Map.of("asOf", AS_OF.toString(), "customerId", customer));
    String id = api.awaitPendingApproval(customer).get("id").asText();

    Api.Response approved = api.post("/api/approvals/" + id + "/approve", Map.of("approvedBy", "csm-" + customer));

    assertThat(approved.status()).isEqualTo(200);
    await().atMost(Duration.ofSeconds(30)).until(() -> "failed".equals(api.get("/api/approvals/" + id).body().get("status").asText()));
    assertThat(api.get("/api/approvals/" + id).body().get("reason").asText()).startsWith("Google messages.send failed with HTTP 400");
    await().atMost(Duration.ofSeconds(20)).until(() -> !fakes.slackMessagesMentioning("The email you approved to Sendfail was not sent").isEmpty());
    assertThat(fakes.slackMessagesMentioning("The email you approved to Sendfail was not sent")).singleElement().asString()
        .contains("To: dana@sendfail.example.com", "Why: Google messages.send failed with HTTP 400", "approval " + id);
    assertThat(api.activityActions(customer)).contains("email_send_failed", "step_failed").doesNotContain("email_sent");
    JsonNode email = Api.find(api.get("/api/notifications?customerId=" + customer).body().get("items"), "recipient", "dana@sendfail.example.com");
    assertThat(email.get("status").asText()).isEqualTo("failed");
  }

  /**
   * A check-in run that ended before its cooldown (terminated here; failed, before providers could no
   * longer fail it) lets a sweep of the same day start another run for the same alert: every step is
   * keyed by the alert (customer and as-of day), not by the run, so the drop still counts once.
   */
  @Test
  void givenASecondRunForTheSameAlert_theDropRecordsOneRiskSignalOneHealthChangeAndOneDm() {
    String customer = givenCustomerWithDrop("Twiceco", 0.4);
    String workflowId = "usage-drop/" + customer;
    api.post("/api/v1/detections/run", Map.of("asOf", AS_OF.toString(), "customerId", customer));
    String approvalId = api.awaitPendingApproval(customer).get("id").asText();
    temporal.newUntypedWorkflowStub(workflowId).terminate("test: the run ended before its cooldown");

    JsonNode again = api.post("/api/v1/detections/run", Map.of("asOf", AS_OF.toString(), "customerId", customer)).body();

    assertThat(Api.find(again.get("signals"), "metricType", "dau").get("suppressed").asBoolean()).isFalse();
    UsageDropCheckinWorkflow secondRun = temporal.newWorkflowStub(UsageDropCheckinWorkflow.class, workflowId);
    await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
        .until(() -> secondRun.getState().stage().startsWith("waiting for approval"));
    assertThat(api.awaitPendingApproval(customer).get("id").asText()).isEqualTo(approvalId);
    assertThat(api.get("/api/risk-signals?customerId=" + customer).body().get("items")).hasSize(1);
    assertThat(api.get("/api/customers/" + customer).body().get("healthScore").asInt())
        .isEqualTo(scoredWithTheDrop(customer));
    assertThat(api.activityActions(customer).stream().filter("health_score_updated"::equals)).hasSize(1);
    assertThat(fakes.slackMessagesMentioning("Twiceco")).hasSize(1);
    assertThat(api.get("/api/tasks?customerId=" + customer).body().get("items")).hasSize(1);
  }

  @Test
  void givenCalendarRefusingFreeBusy_theCheckinIsDraftedWithoutMeetingTimesAndTheSkipIsLogged() {
    String customer = "nocal-" + System.nanoTime();
    String csmEmail = "nocal-" + System.nanoTime() + "@example.com";
    fakes.calendarRefuses(csmEmail, 403);
    assertThat(api.put("/api/users/csm-" + customer, Map.of("name", "Casey Csm", "email", csmEmail, "role", "csm",
        "slackUserId", "U" + Math.abs(customer.hashCode()))).status()).isEqualTo(200);
    Scenarios.putCustomer(api, customer, "Nocalendar", "csm-" + customer);
    Scenarios.dropOf(api, customer, AS_OF, 0.4);

    api.post("/api/v1/detections/run", Map.of("asOf", AS_OF.toString(), "customerId", customer));

    JsonNode approval = api.awaitPendingApproval(customer);
    assertThat(approval.get("body").asText()).startsWith("Hi Dana Champion,").doesNotContain("any of these times works");
    JsonNode skipped = Api.find(api.get("/api/customers/" + customer + "/activity").body().get("items"), "action", "step_failed");
    assertThat(skipped.at("/details/step").asText()).isEqualTo("meeting-slots");
    assertThat(skipped.at("/details/reason").asText()).startsWith("Google freebusy.query failed with HTTP 403");
    assertThat(fakes.slackMessagesMentioning("Nocalendar")).hasSize(1);
  }

  @Test
  void givenABatchWithOneBadEvent_itIsRejectedWholeWithEveryProblemByIndex() {
    String customer = givenCustomer("Badbatch");
    List<Map<String, Object>> events = List.of(
        event(customer, "u1", "login", null, "2026-11-10T10:00:00Z", "bb-1"),
        event(customer, null, "feature_used", null, "yesterday", "bb-2"),
        event("nobody", "u1", "teleport", null, "2026-11-10T10:00:00Z", "bb-3"));
    Api.Response response = api.post("/api/v1/usage/events", Map.of("events", events));
    assertThat(response.status()).isEqualTo(400);
    assertThat(response.body().get("errors")).extracting(e -> e.get("field").asText())
        .containsExactlyInAnyOrder("events[1].userId", "events[1].occurredAt", "events[1].featureId",
            "events[2].customerId", "events[2].eventType");
    api.post("/api/v1/usage/calculate-metrics", Map.of("customerId", customer, "period", "weekly", "to", "2026-11-12"));
    assertThat(api.post("/api/triggers/usage-drop-dau/test", Map.of("customerId", customer, "asOf", "2026-11-12"))
        .body().get("measured")).isEmpty();

    Api.Response first = api.post("/api/v1/usage/events", Map.of("events", List.of(events.get(0))));
    assertThat(first.body().get("accepted").asInt()).isEqualTo(1);
    Api.Response duplicate = api.post("/api/v1/usage/events", Map.of("events", List.of(events.get(0))));
    assertThat(duplicate.body().get("accepted").asInt()).isZero();
    assertThat(duplicate.body().get("duplicates").asInt()).isEqualTo(1);

    assertThat(api.postRaw("/api/v1/usage/events", "{\"events\": [").status()).isEqualTo(400);
    assertThat(api.post("/api/v1/usage/events", Map.of("events", List.of())).status()).isEqualTo(400);
    assertThat(api.get("/api/customers/nobody").status()).isEqualTo(404);
    assertThat(api.post("/api/approvals/apr_missing/approve", Map.of("approvedBy", "x")).status()).isEqualTo(404);
    Api.Response unknownCsm = api.put("/api/customers/orphan", Map.of("name", "Orphan", "arr", 1, "segment", "smb",
        "region", "na", "csmId", "ghost", "championName", "C", "championEmail", "c@example.com"));
    assertThat(unknownCsm.status()).isEqualTo(400);
    assertThat(unknownCsm.body().get("errors").get(0).get("field").asText()).isEqualTo("csmId");
    assertThat(api.post("/api/v1/detections/run", Map.of("asOf", "18/11/2026")).status()).isEqualTo(400);
  }

  @Test
  void givenTriggerRules_theyAreListedCreatedAndTested() {
    String customer = givenCustomerWithDrop("Triggerly", 0.4);
    assertThat(api.get("/api/triggers?type=usage_drop").body().get("items")).extracting(t -> t.get("id").asText())
        .contains("usage-drop-dau", "usage-drop-feature", "usage-drop-logins");
    String segment = "strategic-" + System.nanoTime();
    Api.Response created = api.post("/api/triggers", Map.of("type", "usage_drop", "segment", segment,
        "condition", Map.of("metricType", "dau", "threshold", 70, "comparisonPeriod", 14, "severity", "high"),
        "cooldownDays", 3, "actions", List.of("slack_notify", "create_task")));
    assertThat(created.status()).isEqualTo(201);
    assertThat(created.body().get("actions")).extracting(JsonNode::asText).containsExactly("slack_notify", "create_task");
    String id = created.body().get("id").asText();
    JsonNode test = api.post("/api/triggers/" + id + "/test", Map.of("customerId", customer, "asOf", AS_OF.toString())).body();
    assertThat(test.get("wouldFire").asBoolean()).isFalse();
    assertThat(test.get("explanation").asText()).contains("applies to segment " + segment);
    JsonNode dau = api.post("/api/triggers/usage-drop-dau/test", Map.of("customerId", customer, "asOf", AS_OF.toString())).body();
    assertThat(dau.get("wouldFire").asBoolean()).isTrue();
    assertThat(dau.get("severity").asText()).isEqualTo("high");
    Api.Response bad = api.post("/api/triggers", Map.of("type", "usage_drop",
        "condition", Map.of("metricType", "nps", "threshold", 0), "actions", List.of("fax")));
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.body().get("errors")).extracting(e -> e.get("field").asText())
        .contains("condition.metricType", "condition.threshold", "actions[0]");
  }

  // --- scenario helpers ------------------------------------------------------------------------

  private String givenCustomer(String name) {
    String customer = name.toLowerCase() + "-" + System.nanoTime();
    putCustomer(customer, name);
    return customer;
  }

  /**
   * The customer's score as the health model has it, after checking that the drop is one of its
   * inputs (the check-in's health step scores the customer again; it no longer subtracts points).
   */
  private int scoredWithTheDrop(String customer) {
    JsonNode health = api.get("/api/customers/" + customer + "/health").body();
    JsonNode drop = Api.find(health.at("/components/engagement/inputs"), "name", "recentUsageDrop");
    assertThat(drop.get("points").asDouble()).as(health.toString()).isEqualTo(-25.0);
    assertThat(drop.get("effect").asDouble()).isNegative();
    return health.get("score").asInt();
  }

  private String givenCustomerWithDrop(String name, double factor) {
    String customer = name.toLowerCase() + "-" + System.nanoTime();
    givenCustomerWithDrop(customer, name, factor);
    return customer;
  }

  private void givenCustomerWithDrop(String customer, String name, double factor) {
    putCustomer(customer, name);
    Scenarios.dropOf(api, customer, AS_OF, factor);
  }

  private void putCustomer(String customer, String name) {
    Api.Response user = api.put("/api/users/csm-" + customer, Map.of("name", "Casey Csm", "email", "casey@example.com",
        "role", "csm", "slackUserId", "U" + Math.abs(customer.hashCode())));
    assertThat(user.status()).isEqualTo(200);
    Scenarios.putCustomer(api, customer, name, "csm-" + customer);
    assertThat(api.get("/api/customers/" + customer).body().get("healthScore").asInt()).isEqualTo(75);
  }

  private static Map<String, Object> event(String customer, String user, String type, String feature, String at, String id) {
    return Scenarios.event(customer, user, type, feature, at, id);
  }
}
