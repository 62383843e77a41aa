package io.vigil.app.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.vigil.app.Api;
import io.vigil.app.FakeSlackAndGoogle;
import io.vigil.app.Scenarios;
import io.vigil.app.TestInfrastructure;
import io.vigil.app.security.SigninLinks;
import io.vigil.infra.persistence.RiskSignalRepository;
import io.vigil.infra.persistence.TaskRepository;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The dashboard through HTTP on the real application: signing in with a one-time link, the session
 * cookie, signing out, the CSRF check, the scope of every page, and My day and Approvals acting
 * through the same lifecycle and Workflow Update as the API.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardIT implements TestPropertyProvider {
  private static final LocalDate AS_OF = LocalDate.of(2026, 11, 18);

  @Inject EmbeddedServer server;
  @Inject SigninLinks links;
  @Inject RiskSignalRepository signals;
  @Inject TaskRepository tasks;

  private Api admin;
  private FakeSlackAndGoogle fakes;

  @Override
  public Map<String, String> getProperties() {
    return TestInfrastructure.properties();
  }

  @BeforeAll
  void givenATeamOfTwoCsmsAndAnOutsider() {
    admin = new Api(server.getURL().toString());
    fakes = new FakeSlackAndGoogle(TestInfrastructure.wireMock());
    Scenarios.putUser(admin, "dash-mgr", "manager", null);
    Scenarios.putUser(admin, "dash-csm-a", "csm", "dash-mgr");
    Scenarios.putUser(admin, "dash-csm-b", "csm", null);
    Scenarios.putCustomer(admin, "dash-cust-a", "Alpenglow", "dash-csm-a");
    Scenarios.putCustomer(admin, "dash-cust-b", "Borealis", "dash-csm-b");
  }

  @Test
  void aSigninLinkSignsInOnce_withAnHttpOnlyLaxSessionCookie() {
    String link = issueLink("dash-csm-a");
    PageClient browser = browser();

    PageClient.Page opened = browser.get(link);
    assertThat(opened.status()).isEqualTo(200);
    assertThat(opened.body()).contains("Sign in to Vigil", "name=\"token\"");
    assertThat(browser.session()).as("opening the link alone signs nobody in").isNull();

    PageClient.Page signedIn = browser.signInWith(link);
    assertThat(signedIn.status()).isEqualTo(303);
    assertThat(signedIn.location()).contains("/");
    String cookie = signedIn.setCookies().stream().filter(c -> c.startsWith("vigil_session=")).findFirst().orElseThrow();
    // attribute names are case-insensitive (RFC 6265); Netty writes HTTPOnly
    assertThat(cookie.toLowerCase()).contains("httponly", "samesite=lax", "path=/").doesNotContain("secure");
    assertThat(browser.get("/").body()).contains("My day", "User dash-csm-a");

    PageClient.Page again = browser().signInWith(link);
    assertThat(again.status()).isEqualTo(401);
    assertThat(again.body()).contains("already used");
    assertThat(again.setCookies()).noneMatch(c -> c.startsWith("vigil_session=vgs_"));
  }

  @Test
  void aWrongOrExpiredLinkSignsNobodyIn() {
    PageClient.Page wrong = browser().post("/signin", Map.of("token", "vsl_not-a-real-link"));
    assertThat(wrong.status()).isEqualTo(401);
    assertThat(wrong.body()).contains("not valid");

    String expired = links.issue("dash-csm-a", "test", Duration.ofMinutes(-1)).path();
    PageClient.Page late = browser().signInWith(expired);
    assertThat(late.status()).isEqualTo(401);
    assertThat(late.body()).contains("expired");
    assertThat(late.setCookies()).noneMatch(c -> c.startsWith("vigil_session=vgs_"));
  }

  @Test
  void withoutAnIdentityProvider_theSigninPageOffersLinksOnly_andTheOidcRoutesAreNotFound() {
    PageClient.Page page = browser().get("/signin");
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.body()).contains("one-time sign-in link").doesNotContain("Sign in with", "/signin/oidc");
    PageClient.Page start = browser().get("/signin/oidc?next=%2F");
    assertThat(start.status()).isEqualTo(404);
    assertThat(start.body()).contains("no identity provider to sign in with");
    assertThat(browser().get("/signin/oidc/callback?state=s&code=c").status()).isEqualTo(404);
  }

  @Test
  void linksAreIssuedForKnownUsersOnly_andOnlyByAnAdmin() {
    Api.Response unknown = admin.post("/api/users/dash-nobody/signin-links", Map.of());
    assertThat(unknown.status()).isEqualTo(404);
    Api.Response tooLong = admin.post("/api/users/dash-csm-a/signin-links", Map.of("ttlMinutes", 10_000));
    assertThat(tooLong.status()).isEqualTo(400);
    Api.Response byCsm = Scenarios.signedInAs(admin, "dash-csm-a").post("/api/users/dash-csm-a/signin-links", Map.of());
    assertThat(byCsm.status()).isEqualTo(403);
    Api.Response issued = admin.post("/api/users/dash-csm-a/signin-links", Map.of("ttlMinutes", 5));
    assertThat(issued.status()).isEqualTo(201);
    assertThat(issued.body().get("url").asText()).contains("/signin?token=vsl_");
    assertThat(Instant.parse(issued.body().get("expiresAt").asText()))
        .isBetween(Instant.now().plusSeconds(4 * 60), Instant.now().plusSeconds(6 * 60));
  }

  @Test
  void pagesSendStrangersToSignIn_whileTheApiStillAnswers401WithJson() {
    PageClient stranger = browser();
    PageClient.Page home = stranger.get("/");
    assertThat(home.status()).isEqualTo(303);
    assertThat(home.location()).contains("/signin?next=%2F");
    assertThat(stranger.get("/approvals/apr_x").location()).contains("/signin?next=%2Fapprovals%2Fapr_x");
    PageClient.Page fromHtmx = stranger.get("/my-day/panel", Map.of("HX-Request", "true"));
    assertThat(fromHtmx.status()).isEqualTo(401);
    assertThat(fromHtmx.headers().firstValue("HX-Redirect")).contains("/signin?next=%2Fmy-day%2Fpanel");

    Api.Response api = admin.anonymous().get("/api/approvals");
    assertThat(api.status()).isEqualTo(401);
    assertThat(api.body().get("error").asText()).isEqualTo("unauthorized");

    PageClient signedIn = signedIn("dash-csm-a");
    assertThat(signedIn.get("/api/approvals").status()).as("a session cookie is no API credential").isEqualTo(401);
    assertThat(admin.as(signedIn.session()).get("/api/approvals").status()).as("nor a bearer token").isEqualTo(401);
  }

  @Test
  void signingOutEndsTheSession_evenForACopiedCookie() {
    PageClient browser = signedIn("dash-csm-a");
    PageClient copy = browser.withSession(browser.session());
    assertThat(copy.get("/").status()).isEqualTo(200);

    PageClient.Page out = browser.post("/signout", Map.of());
    assertThat(out.status()).isEqualTo(303);
    assertThat(out.setCookies()).anyMatch(c -> c.startsWith("vigil_session=;") && c.contains("Max-Age=0"));
    assertThat(browser.session()).isNull();
    assertThat(copy.get("/").status()).isEqualTo(303);
  }

  @Test
  void aFormPostFromAnotherSiteIsRefused_andChangesNothing() {
    long alert = alertFor("dash-cust-a", "csrf", "high");
    PageClient browser = signedIn("dash-csm-a");

    PageClient.Page noOrigin = browser.post("/alerts/" + alert + "/acknowledge", Map.of(), Map.of());
    assertThat(noOrigin.status()).isEqualTo(403);
    assertThat(noOrigin.body()).contains("not sent from a Vigil page");
    PageClient.Page evil = browser.post("/alerts/" + alert + "/acknowledge", Map.of(), Map.of("Origin", "https://evil.example"));
    assertThat(evil.status()).isEqualTo(403);
    PageClient.Page evilReferer = browser.post("/alerts/" + alert + "/acknowledge", Map.of(),
        Map.of("Referer", "https://evil.example/page"));
    assertThat(evilReferer.status()).isEqualTo(403);
    assertThat(statusOf(alert)).isEqualTo("open");

    PageClient.Page ours = browser.post("/alerts/" + alert + "/acknowledge", Map.of());
    assertThat(ours.status()).isEqualTo(303);
    assertThat(statusOf(alert)).isEqualTo("acknowledged");
  }

  @Test
  void myDayShowsTheCsmsOwnPortfolio_andItsButtonsMoveAlertsAndTasks() {
    long mine = alertFor("dash-cust-a", "myday", "critical");
    long theirs = alertFor("dash-cust-b", "myday", "high");
    long task = tasks.insertOnce("dash-task-" + System.nanoTime(), "Call Alpenglow's champion", null, "dash-csm-a",
        "dash-cust-a", "high", Instant.now().plusSeconds(3600), null);
    PageClient csm = signedIn("dash-csm-a");

    String day = csm.get("/").body();
    assertThat(day).contains("id=\"alert-" + mine + "\"", "sev-critical", "Alpenglow", "Call Alpenglow&#39;s champion")
        .doesNotContain("id=\"alert-" + theirs + "\"", "Borealis");
    assertThat(signedIn("dash-mgr").get("/").body()).as("a manager sees the team's")
        .contains("id=\"alert-" + mine + "\"").doesNotContain("id=\"alert-" + theirs + "\"");

    PageClient.Page blank = csm.post("/alerts/" + mine + "/dismiss", Map.of("reason", " "), htmx(csm));
    assertThat(blank.status()).isEqualTo(400);
    assertThat(blank.body()).contains("Say why the alert is a false positive");
    PageClient.Page dismissed = csm.post("/alerts/" + mine + "/dismiss", Map.of("reason", "seasonal dip"), htmx(csm));
    assertThat(dismissed.status()).isEqualTo(200);
    assertThat(dismissed.body()).contains("Alert dismissed.").doesNotContain("id=\"alert-" + mine + "\"")
        .doesNotContain("<html");
    JsonNode signal = Api.find(admin.get("/api/risk-signals?customerId=dash-cust-a").body().get("items"), "id",
        String.valueOf(mine));
    assertThat(signal.get("status").asText()).isEqualTo("dismissed");
    assertThat(signal.get("dismissReason").asText()).isEqualTo("seasonal dip");

    PageClient.Page notMine = csm.post("/alerts/" + theirs + "/acknowledge", Map.of(), htmx(csm));
    assertThat(notMine.status()).isEqualTo(404);
    assertThat(notMine.body()).contains("Not found");
    assertThat(statusOf(theirs)).isEqualTo("open");

    PageClient.Page done = csm.post("/tasks/" + task + "/complete", Map.of(), htmx(csm));
    assertThat(done.status()).isEqualTo(200);
    assertThat(done.body()).contains("Task completed.").doesNotContain("id=\"task-" + task + "\"");
  }

  /**
   * Micronaut's streamed binding of a bare form-field parameter handed over, about once in two
   * thousand posts, the value before it was URL-decoded ("+" for a blank reason, which was then
   * stored as the reason); the dashboard's forms are bound whole (Forms).
   */
  @Test
  void aBlankReasonIsRefusedEveryTime_neverDecodedHalfway() {
    long mine = alertFor("dash-cust-a", "blank", "critical");
    PageClient csm = signedIn("dash-csm-a");
    int posts = Integer.getInteger("vigil.test.blank-posts", 1000);
    java.util.List<String> accepted = new java.util.ArrayList<>();
    for (int i = 0; i < posts && accepted.isEmpty(); i++) {
      PageClient.Page blank = csm.post("/alerts/" + mine + "/dismiss", Map.of("reason", " "),
          i % 2 == 0 ? htmx(csm) : Map.of("Origin", csm.base()));
      if (blank.status() != 400) {
        accepted.add("post " + i + " answered " + blank.status());
      }
    }
    assertThat(accepted).isEmpty();
    assertThat(statusOf(mine)).isEqualTo("open");
  }

  @Test
  void aFormFieldArrivingInPieces_isDecodedLikeAWholeOne() throws Exception {
    long mine = alertFor("dash-cust-a", "pieces", "critical");
    PageClient csm = signedIn("dash-csm-a");

    int status = csm.postInPieces("/alerts/" + mine + "/dismiss", "reason=seasonal", "+dip%21");

    assertThat(status).isEqualTo(303);
    JsonNode signal = Api.find(admin.get("/api/risk-signals?customerId=dash-cust-a").body().get("items"), "id",
        String.valueOf(mine));
    assertThat(signal.get("dismissReason").asText()).isEqualTo("seasonal dip!");
  }

  @Test
  void aDraftIsEditedAndApprovedFromTheQueue_throughTheWorkflowsUpdate() {
    Scenarios.dropOf(admin, "dash-cust-a", AS_OF, 0.4);
    Api.Response detected = admin.post("/api/v1/detections/run", Map.of("asOf", AS_OF.toString(), "customerId", "dash-cust-a"));
    assertThat(detected.status()).isEqualTo(200);
    String id = admin.awaitPendingApproval("dash-cust-a").get("id").asText();
    PageClient csm = signedIn("dash-csm-a");
    PageClient outsider = signedIn("dash-csm-b");

    assertThat(outsider.get("/approvals/" + id).status()).isEqualTo(404);
    assertThat(outsider.get("/approvals").body()).doesNotContain(id);
    PageClient.Page forbidden = outsider.post("/approvals/" + id + "/approve", Map.of("subject", "x", "body", "y"));
    assertThat(forbidden.status()).isEqualTo(403);
    assertThat(forbidden.body()).contains("Not allowed", "outside your portfolio");

    assertThat(csm.get("/approvals").body()).contains("data-approval-id=\"" + id + "\"");
    // the queue of one customer, as Slack and email link to it
    assertThat(csm.get("/approvals?customerId=dash-cust-a").body()).contains("data-approval-id=\"" + id + "\"",
        "<strong>Alpenglow</strong> only");
    assertThat(csm.get("/approvals?customerId=dash-cust-b").body()).doesNotContain("data-approval-id=\"" + id + "\"");
    assertThat(outsider.get("/approvals?customerId=dash-cust-a").body()).as("another portfolio's customer: not even named")
        .doesNotContain(id, "Alpenglow").contains("<strong>dash-cust-a</strong> only");
    String opened = csm.get("/approvals/" + id).body();
    assertThat(opened).contains("Hi Dana Champion,", "id=\"subject\"", "Approve and send");

    PageClient.Page blank = csm.post("/approvals/" + id + "/reject", Map.of("reason", ""));
    assertThat(blank.status()).isEqualTo(400);
    assertThat(blank.body()).contains("say why the draft is rejected");

    String subject = "Checking in on Alpenglow (edited)";
    String body = admin.get("/api/approvals/" + id).body().get("body").asText();
    PageClient.Page approved = csm.post("/approvals/" + id + "/approve", Map.of("subject", subject, "body", body));
    assertThat(approved.status()).isEqualTo(303);
    assertThat(approved.location()).contains("/approvals?decided=" + id + "&verdict=approved");
    String queue = csm.get(approved.location().orElseThrow()).body();
    assertThat(queue).contains("approved: it is on its way").doesNotContain("data-approval-id=\"" + id + "\"");

    JsonNode decided = admin.get("/api/approvals/" + id).body();
    assertThat(decided.get("subject").asText()).isEqualTo(subject);
    assertThat(decided.get("decidedBy").asText()).isEqualTo("dash-csm-a");
    await().atMost(Duration.ofSeconds(30)).until(() -> fakes.gmailMessagesMentioning(subject).size() == 1);

    String customerPage = csm.get("/customers/dash-cust-a").body();
    assertThat(customerPage).contains("Alpenglow", "Usage, last 90 days", "data-usage=", "Drops detected: 2026-11-18",
        "href=\"http://localhost:8233/namespaces/default/workflows/");
    PageClient.Page notTheirs = outsider.get("/customers/dash-cust-a");
    assertThat(notTheirs.status()).isEqualTo(404);
    assertThat(notTheirs.body()).contains("Not found").doesNotContain("Alpenglow");

    PageClient.Page twice = csm.post("/approvals/" + id + "/approve", Map.of("subject", subject, "body", body));
    assertThat(twice.status()).isEqualTo(409);
    assertThat(twice.body()).contains("Already decided");
    assertThat(fakes.gmailMessagesMentioning(subject)).hasSize(1);
  }

  @Test
  void myDayIsToldOverServerSentEventsWhenItsOwnPortfolioChanges_andOnlyThen() throws Exception {
    Scenarios.putUser(admin, "live-csm-x", "csm", null);
    Scenarios.putUser(admin, "live-csm-y", "csm", null);
    Scenarios.putCustomer(admin, "live-cust-x", "Xanadu Labs", "live-csm-x");
    Scenarios.putCustomer(admin, "live-cust-y", "Yonder Freight", "live-csm-y");
    assertThat(browser().get("/live/changes").status()).as("strangers are sent to sign in").isEqualTo(303);
    assertThat(signedIn("live-csm-x").get("/").body()).contains("sse-connect=\"/live/changes\"", "sse:changed");

    try (PageClient.EventNames events = signedIn("live-csm-x").events("/live/changes")) {
      assertThat(events.next(Duration.ofSeconds(15))).isEqualTo("listening");

      alertFor("live-cust-y", "live-theirs", "high");
      assertThat(events.next(Duration.ofSeconds(3))).as("another CSM's customer changed").isNull();

      long mine = alertFor("live-cust-x", "live-mine", "high");
      assertThat(events.next(Duration.ofSeconds(10))).isEqualTo("changed");
      assertThat(admin.post("/api/risk-signals/" + mine + "/acknowledge", Map.of()).status()).isEqualTo(200);
      assertThat(events.next(Duration.ofSeconds(10))).as("an update is a change too").isEqualTo("changed");
    }
  }

  @Test
  void incidentsListEveryIncident_eachViewerSeesTheirAffectedCustomers_withTheApisFigures_andRecordsReplies() {
    Incident incident = incident();
    PageClient csm = signedIn("dash-csm-a");
    PageClient manager = signedIn("dash-mgr");
    PageClient outsider = signedIn("dash-csm-b");

    String list = csm.get("/incidents").body();
    String row = between(list, "data-incident-id=\"" + incident.id() + "\"", "</tr>");
    JsonNode summary = Api.find(admin.get("/api/incidents?limit=1000").body().get("items"), "id", incident.id());
    assertThat(summary.get("affectedCustomers").asInt()).isEqualTo(3);
    assertThat(row).contains(incident.title(), "P1", ">" + summary.get("status").asText() + "<", incident.component(),
        "3 (" + summary.get("highImpact").asInt() + ")", "$900,000", "$400,000")
        .contains("href=\"/incidents/" + incident.id() + "\"");
    assertThat(list).contains("class=\"sev-critical\"", "aria-current=\"page\"");
    assertThat(outsider.get("/incidents").body()).as("every incident is everyone's business, as in the API")
        .contains(incident.title());

    String page = csm.get("/incidents/" + incident.id()).body();
    Api asCsm = Scenarios.signedInAs(admin, "dash-csm-a");
    JsonNode impact = asCsm.get("/api/incidents/" + incident.id() + "/customers").body();
    assertThat(impact.get("affectedCustomers")).extracting(c -> c.at("/customer/id").asText())
        .containsExactly("dash-inc-a1", "dash-inc-a2");
    assertThat(impact.get("totalARRAtRisk").asDouble()).isEqualTo(400_000.0);
    assertThat(page).contains("id=\"arr-at-risk\">$400,000<", "Apex Heavy", "Arbor Light")
        .doesNotContain("Bastion Big", "dash-inc-b1");
    assertThat(page.indexOf("Apex Heavy")).as("ranked by impact, then ARR").isLessThan(page.indexOf("Arbor Light"));
    String heavy = between(page, "data-customer-id=\"dash-inc-a1\"", "</tr>");
    assertThat(heavy).contains("href=\"/customers/dash-inc-a1\"", ">high<",
        "href=\"/approvals/" + incident.outreachDraft() + "\">awaiting approval</a>", "after the resolution");
    assertThat(between(page, "data-customer-id=\"dash-inc-a2\"", "</tr>")).contains(">medium<", "not needed");
    assertThat(page).contains("Not resolved yet: each high-impact customer gets a follow-up task 2 days after the resolution.");

    String team = manager.get("/incidents/" + incident.id()).body();
    assertThat(team).contains("Apex Heavy", "Arbor Light", "$400,000").doesNotContain("Bastion Big");
    String theirs = outsider.get("/incidents/" + incident.id()).body();
    assertThat(theirs).contains("Bastion Big", "id=\"arr-at-risk\">$500,000<").doesNotContain("Apex Heavy", "Arbor Light");

    PageClient.Page unknown = csm.get("/incidents/generic:no-such-incident");
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.body()).contains("Not found: there is no incident generic:no-such-incident.");

    aCustomersReplyIsRecordedFromTheIncidentPage_andAResolutionShowsItsFollowUps(incident, csm, outsider);
  }

  /** Goes on from the page above (one incident, one order): a reply recorded through the API's code, then the resolution. */
  private void aCustomersReplyIsRecordedFromTheIncidentPage_andAResolutionShowsItsFollowUps(Incident incident, PageClient csm,
      PageClient outsider) {
    String reply = "/incidents/" + incident.id() + "/customers/dash-inc-a2/reply";

    assertThat(csm.post(reply, Map.of("note", "they noticed"), Map.of()).status()).as("no Origin: not from a Vigil page")
        .isEqualTo(403);
    PageClient.Page notTheirs = outsider.post(reply, Map.of("note", "not mine"));
    assertThat(notTheirs.status()).isEqualTo(404);
    assertThat(notTheirs.body()).contains("Not found");
    PageClient.Page tooLong = csm.post(reply, Map.of("note", "x".repeat(10_001)));
    assertThat(tooLong.status()).isEqualTo(400);
    assertThat(outreachOf(incident, "dash-inc-a2")).isEqualTo("pending");

    PageClient.Page replied = csm.post(reply, Map.of("note", "they noticed, all fine"));
    assertThat(replied.status()).isEqualTo(303);
    assertThat(outreachOf(incident, "dash-inc-a2")).isEqualTo("responded");
    String after = csm.get(replied.location().orElseThrow()).body();
    assertThat(after).contains("Reply recorded.");
    assertThat(between(after, "data-customer-id=\"dash-inc-a2\"", "</tr>")).contains("responded")
        .doesNotContain("/reply");

    Api.Response resolved = admin.post("/api/webhooks/incidents", incidentUpdate(incident, "resolved",
        "2026-11-20T16:00:00Z"));
    assertThat(resolved.status()).isEqualTo(202);
    await().atMost(Duration.ofSeconds(30)).until(() ->
        "resolved".equals(admin.get("/api/incidents/" + incident.id()).body().get("status").asText()));
    String page = csm.get("/incidents/" + incident.id()).body();
    assertThat(page).contains("id=\"resolved-at\">Resolved Nov 20, 16:00 UTC.<",
        "Follow-up tasks for the high-impact customers come 2 days after the resolution (none yet among your portfolio).");
    assertThat(csm.get("/incidents").body()).contains("Resolved in the last 30 days");

    // the follow-up task the response creates two days on, for its high-impact customer
    tasks.insertOnce(incident.workflowId() + "#test/follow-up/dash-inc-a1", "Follow up with dash-inc-a1", null,
        "dash-csm-a", "dash-inc-a1", "high", Instant.parse("2026-11-23T16:00:00Z"), incident.workflowId());
    String followed = csm.get("/incidents/" + incident.id()).body();
    assertThat(followed).contains("Follow-up tasks among your portfolio: 1 open, 0 done.");
    assertThat(between(followed, "data-customer-id=\"dash-inc-a1\"", "</tr>")).contains("overdue since Nov 23, 16:00 UTC");
    assertThat(signedIn("dash-csm-b").get("/incidents/" + incident.id()).body())
        .contains("(none yet among your portfolio)");
  }

  @Test
  void adoptionShowsTheViewersCustomersByStage_withTheApisStagesReportAndResources() {
    String feature = "dash-reports-" + System.nanoTime();
    Map<String, Object> catalog = new java.util.LinkedHashMap<>();
    catalog.put("featureName", "Scheduled reports " + feature.substring(feature.length() - 4));
    catalog.put("importanceScore", 99);
    catalog.put("keyBenefit", "share numbers without exporting them");
    catalog.put("trainingResources", java.util.List.of(Map.of("type", "video", "title", "Reports in 5 minutes",
        "url", "https://learn.example.com/reports", "durationMinutes", 5)));
    assertThat(admin.put("/api/features/" + feature, catalog).status()).isEqualTo(200);
    assertThat(admin.post("/api/customers/dash-cust-b/feature-adoption/" + feature + "/activate", Map.of()).status())
        .isEqualTo(200);
    java.util.List<Map<String, Object>> events = new java.util.ArrayList<>();
    LocalDate today = LocalDate.now(java.time.ZoneOffset.UTC);
    for (int day = 1; day <= 10; day++) {
      for (int user = 0; user < 4; user++) {
        events.add(Scenarios.event("dash-cust-a", "u" + user, "feature_used", feature,
            today.minusDays(day).atTime(10, user).toInstant(java.time.ZoneOffset.UTC).toString(),
            feature + "-" + day + "-" + user));
      }
    }
    assertThat(admin.post("/api/v1/usage/events", Map.of("events", events)).status()).isEqualTo(200);
    assertThat(admin.post("/api/feature-adoption/sync", Map.of("customerId", "dash-cust-a")).status()).isEqualTo(200);
    JsonNode adopted = Api.find(admin.get("/api/customers/dash-cust-a/feature-adoption").body().get("features"),
        "featureId", feature);
    String stage = adopted.get("stage").asText();
    assertThat(stage).isNotEqualTo("not_started");

    PageClient csm = signedIn("dash-csm-a");
    String page = csm.get("/adoption").body();
    String alpenglow = between(page, "data-customer-id=\"dash-cust-a\"", "</tr>");
    String cell = between(alpenglow, "data-feature-id=\"" + feature + "\"", "</td>");
    assertThat(cell).contains("stage-" + stage, PageFormat.label(stage) + " · " + adopted.get("usageScore").asInt());
    assertThat(page).doesNotContain("data-customer-id=\"dash-cust-b\"").contains("aria-current=\"page\"");
    assertThat(signedIn("dash-mgr").get("/adoption").body()).contains("data-customer-id=\"dash-cust-a\"")
        .doesNotContain("data-customer-id=\"dash-cust-b\"");
    String outsiders = signedIn("dash-csm-b").get("/adoption").body();
    assertThat(between(between(outsiders, "data-customer-id=\"dash-cust-b\"", "</tr>"),
        "data-feature-id=\"" + feature + "\"", "</td>")).contains("stage-not_started", "Not started · 0");
    assertThat(outsiders).doesNotContain("data-customer-id=\"dash-cust-a\"");

    JsonNode reported = Api.find(admin.get("/api/reports/adoption").body().get("features"), "featureId", feature);
    assertThat(between(between(page, "id=\"report-features\"", "</table>"), "data-feature-id=\"" + feature + "\"", "</tr>"))
        .contains("<td>" + reported.get("customersTracked").asInt() + "</td>", reported.get("stallRate").asText() + "%");
    String suggested = admin.get("/api/features/" + feature + "/resources").body().get("suggestedOutreach").asText();
    assertThat(between(page, "id=\"feature-" + feature + "\"", "Suggested outreach")).contains("Reports in 5 minutes",
        "href=\"https://learn.example.com/reports\"", "video, 5 min");
    assertThat(unescaped(page)).contains(suggested);

    PageClient.Page bogus = csm.get("/adoption?cursor=bogus");
    assertThat(bogus.status()).isEqualTo(400);
    assertThat(bogus.body()).contains("That page of customers is unknown", "data-customer-id=\"dash-cust-a\"");
  }

  /** The incident of the incident test: a P1 on a component three customers declare, one of them using it heavily. */
  private record Incident(String id, String title, String component, String workflowId, String outreachDraft) {}

  private Incident incident() {
    String component = "dash-api-" + System.nanoTime();
    Scenarios.putCustomer(admin, "dash-inc-a1", "Apex Heavy", "dash-csm-a", 300_000, java.util.List.of(component));
    Scenarios.putCustomer(admin, "dash-inc-a2", "Arbor Light", "dash-csm-a", 100_000, java.util.List.of(component));
    Scenarios.putCustomer(admin, "dash-inc-b1", "Bastion Big", "dash-csm-b", 500_000, java.util.List.of(component));
    Scenarios.componentUse(admin, "dash-inc-a1", component, 3_100);
    Incident draft = new Incident(null, "Dashboard API outage " + component, component, null, null);
    Api.Response accepted = admin.post("/api/webhooks/incidents", incidentUpdate(draft, "investigating", null));
    assertThat(accepted.status()).as(accepted.body().toString()).isEqualTo(202);
    String id = accepted.body().get("incidentId").asText();
    await().atMost(Duration.ofSeconds(30)).until(() ->
        admin.get("/api/incidents/" + id + "/customers").body().path("affectedCustomers").size() == 3);
    String outreach = admin.awaitPendingApproval("dash-inc-a1").get("id").asText();
    return new Incident(id, draft.title(), component, accepted.body().get("workflowId").asText(), outreach);
  }

  private static Map<String, Object> incidentUpdate(Incident incident, String status, String resolvedAt) {
    Map<String, Object> body = new java.util.LinkedHashMap<>();
    body.put("id", "DASH-" + incident.component());
    body.put("title", incident.title());
    body.put("status", status);
    body.put("severity", "P1");
    body.put("affectedComponents", java.util.List.of(incident.component()));
    body.put("startedAt", "2026-11-20T14:30:00Z");
    if (resolvedAt != null) {
      body.put("resolvedAt", resolvedAt);
      body.put("updatedAt", resolvedAt);
    }
    return body;
  }

  private String outreachOf(Incident incident, String customer) {
    for (JsonNode affected : admin.get("/api/incidents/" + incident.id() + "/customers").body().get("affectedCustomers")) {
      if (customer.equals(affected.at("/customer/id").asText())) {
        return affected.get("outreachStatus").asText();
      }
    }
    throw new AssertionError(customer + " is not affected by " + incident.id());
  }

  /** The text from {@code marker} to the next {@code end} (a table row, a cell), failing when the marker is absent. */
  private static String between(String page, String marker, String end) {
    int start = page.indexOf(marker);
    assertThat(start).as("the page holds " + marker).isNotNegative();
    int stop = page.indexOf(end, start);
    return page.substring(start, stop < 0 ? page.length() : stop);
  }

  private static String unescaped(String html) {
    return html.replace("&quot;", "\"").replace("&#39;", "'").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
  }

  @Test
  void theBrowserAssetsAreServedToAnyone() {
    PageClient stranger = browser();
    for (String asset : new String[] {"/webjars/htmx.org/2.0.4/dist/htmx.min.js", "/webjars/uplot/1.6.30/dist/uPlot.iife.min.js",
        "/webjars/uplot/1.6.30/dist/uPlot.min.css", "/static/vigil.css", "/static/usage-chart.js", "/webjars/htmx-ext-sse/2.2.2/sse.js"}) {
      assertThat(stranger.get(asset).status()).as(asset).isEqualTo(200);
    }
    String page = signedIn("dash-csm-a").get("/").body();
    assertThat(page).contains("src=\"/webjars/htmx.org/2.0.4/dist/htmx.min.js\"", "href=\"/static/vigil.css\"");
  }

  private long alertFor(String customer, String marker, String severity) {
    return signals.insertOnce("dash-" + marker + "-" + System.nanoTime(), customer, "usage_anomaly", severity,
        "{\"summary\":\"DAU dropped 60%\"}");
  }

  private String statusOf(long alert) {
    return admin.all("/api/risk-signals").stream().filter(item -> item.get("id").asLong() == alert)
        .map(item -> item.get("status").asText()).findFirst().orElseThrow();
  }

  private static Map<String, String> htmx(PageClient client) {
    return Map.of("Origin", client.base(), "HX-Request", "true");
  }

  private String issueLink(String userId) {
    Api.Response issued = admin.post("/api/users/" + userId + "/signin-links", Map.of());
    assertThat(issued.status()).as(issued.body().toString()).isEqualTo(201);
    return issued.body().get("path").asText();
  }

  private PageClient signedIn(String userId) {
    PageClient browser = browser();
    assertThat(browser.signInWith(issueLink(userId)).status()).isEqualTo(303);
    return browser;
  }

  private PageClient browser() {
    return new PageClient(server.getURL().toString());
  }
}
