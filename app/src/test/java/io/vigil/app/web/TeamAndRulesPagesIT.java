package io.vigil.app.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.vigil.app.Api;
import io.vigil.app.Rows;
import io.vigil.app.Scenarios;
import io.vigil.app.TestInfrastructure;
import io.vigil.infra.persistence.RiskSignalRepository;
import io.vigil.infra.persistence.Sql;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The Team and Rules pages through HTTP (issue 11): the team page shows the API's figures within the
 * viewer's scope, a CSM only their own; rules are read by anyone, changed by an admin only, through
 * the API's own edits, with the API's 400 words beside the form and nothing changed on a refusal.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TeamAndRulesPagesIT implements TestPropertyProvider {
  @Inject EmbeddedServer server;
  @Inject RiskSignalRepository signals;
  @Inject Sql sql;

  private Api admin;
  private String ruleId;

  @Override
  public Map<String, String> getProperties() {
    return TestInfrastructure.properties();
  }

  @BeforeAll
  void givenATeamWithAtRiskCustomersAndAnotherCsm() {
    admin = new Api(server.getURL().toString());
    Scenarios.putUser(admin, "trp-admin", "admin", null);
    Scenarios.putUser(admin, "trp-mgr", "manager", null);
    Scenarios.putUser(admin, "trp-csm-a", "csm", "trp-mgr");
    Scenarios.putUser(admin, "trp-csm-b", "csm", null);
    Scenarios.putCustomer(admin, "trp-a-red", "Ravenholm", "trp-csm-a");
    Scenarios.putCustomer(admin, "trp-a-yellow", "Yarrow Labs", "trp-csm-a");
    Scenarios.putCustomer(admin, "trp-a-green", "Greenleaf", "trp-csm-a");
    Scenarios.putCustomer(admin, "trp-b-red", "Bristlecone", "trp-csm-b");
    Rows.band(sql, "trp-a-red", "red", 31, "declining");
    Rows.band(sql, "trp-a-yellow", "yellow", 55, "declining");
    Rows.band(sql, "trp-a-green", "green", 82, "stable");
    Rows.band(sql, "trp-b-red", "red", 20, "stable");

    Api.Response created = admin.post("/api/triggers", rule(Map.of("metricType", "dau", "threshold", 30)));
    assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
    ruleId = created.body().get("id").asText();

    Instant now = Instant.now();
    long slow = alert("trp-a-red", now.minus(Duration.ofHours(5)));
    Rows.at(sql, "UPDATE risk_signals SET status = 'acknowledged', owner_id = 'trp-csm-a', acknowledged_at = ? WHERE id = ?",
        now.minus(Duration.ofHours(1)), slow);
    alert("trp-a-red", now.minus(Duration.ofMinutes(30)));
    long resolved = alert("trp-a-yellow", now.minus(Duration.ofHours(3)));
    long dismissed = alert("trp-a-yellow", now.minus(Duration.ofHours(3)));
    Api csmA = Scenarios.signedInAs(admin, "trp-csm-a");
    assertThat(csmA.post("/api/risk-signals/" + resolved + "/resolve", Map.of("outcome", "called them")).status()).isEqualTo(200);
    assertThat(csmA.post("/api/risk-signals/" + dismissed + "/dismiss", Map.of("reason", "holiday")).status()).isEqualTo(200);
    alert("trp-b-red", now.minus(Duration.ofHours(2)));
  }

  @Test
  void aManagerSeesTheTeamsFiguresAsTheApiCountsThem_andNotAnotherTeams() {
    PageClient manager = signedIn("trp-mgr");
    PageClient.Page page = manager.get("/team");
    assertThat(page.status()).isEqualTo(200);
    String team = page.body();
    assertThat(team).contains("Team and portfolio", "href=\"/team\" aria-current=\"page\"", "href=\"/rules\"")
        .contains("id=\"csm-trp-csm-a\"", "Ravenholm", "Yarrow Labs", "href=\"/customers/trp-a-red\"")
        .doesNotContain("id=\"csm-trp-csm-b\"", "Bristlecone", "Greenleaf");

    JsonNode member = Api.find(Scenarios.signedInAs(admin, "trp-mgr").get("/api/insights/team").body().get("members"),
        "csmId", "trp-csm-a");
    // first acted on after 4 h (acknowledged), 3 h and 3 h (resolved, dismissed): a median of 3 h, over the target
    assertThat(member.get("medianMinutesToFirstAction").decimalValue()).isBetween(new BigDecimal("180"), new BigDecimal("182"));
    assertThat(member.get("openAlerts").asInt()).isEqualTo(1);
    String row = element(team, "tr", "csm-trp-csm-a");
    assertThat(row).contains("User trp-csm-a", PageFormat.minutes(member.get("medianMinutesToFirstAction").decimalValue()),
        "over 2 h", "$360,000", "$240,000", "<td class=\"open-alerts\"><strong>1</strong></td>");
    assertThat(element(team, "li", "band-red")).contains("1 customer", "$120,000 ARR");
    assertThat(element(team, "li", "band-green")).contains("1 customer", "$120,000 ARR");
    assertThat(team.indexOf("Ravenholm")).as("the red customer before the yellow one (same ARR, id order)")
        .isLessThan(team.indexOf("Yarrow Labs"));

    JsonNode quality = Api.find(Scenarios.signedInAs(admin, "trp-mgr").get("/api/insights/alert-quality").body().get("rules"),
        "triggerId", ruleId);
    assertThat(quality.get("accuracy").decimalValue()).isEqualByComparingTo("0.5");
    assertThat(team).containsPattern("href=\"/rules#rule-" + ruleId + "\">Pages test rule</a>\\s*</th>\\s*<td>4</td>\\s*"
        + "<td>1</td>\\s*<td>50%</td>");
  }

  @Test
  void aCsmSeesOnlyTheirOwnFigures_andAnAdminEveryones() {
    String csm = signedIn("trp-csm-b").get("/team").body();
    assertThat(csm).contains("id=\"csm-trp-csm-b\"", "Bristlecone", "— your portfolio")
        .doesNotContain("id=\"csm-trp-csm-a\"", "Ravenholm");
    assertThat(csm).as("the rule's accuracy over their own alert only").containsPattern("Pages test rule</a>\\s*</th>\\s*"
        + "<td>1</td>\\s*<td>0</td>\\s*<td>none decided yet</td>");
    assertThat(signedIn("trp-admin").get("/team").body()).contains("id=\"csm-trp-csm-a\"", "id=\"csm-trp-csm-b\"",
        "— every portfolio");
  }

  @Test
  void anAdminEditsARule_theChangeShowsInItsHistory_andABadThresholdIsRefusedInTheApisWords() {
    PageClient adminPage = signedIn("trp-admin");
    assertThat(adminPage.get("/rules").body()).contains("action=\"/rules/" + ruleId + "\"", "Disable");

    PageClient.Page saved = adminPage.post("/rules/" + ruleId, form("25", "high"));
    assertThat(saved.status()).as(saved.body()).isEqualTo(303);
    assertThat(saved.location()).contains("/rules?changed=" + ruleId + "#rule-" + ruleId);
    JsonNode rule = admin.get("/api/triggers/" + ruleId).body();
    assertThat(rule.at("/condition/threshold").decimalValue()).isEqualByComparingTo("25");
    assertThat(rule.at("/condition/severity").asText()).isEqualTo("high");
    assertThat(rule.get("actions")).extracting(JsonNode::asText).containsExactly("slack_notify", "create_task");
    assertThat(rule.get("updatedBy").asText()).isEqualTo("trp-admin");
    String after = adminPage.get(saved.location().orElseThrow()).body();
    String section = element(after, "section", "rule-" + ruleId);
    assertThat(after).contains("Rule \u201cPages test rule\u201d saved");
    assertThat(section).contains("25% drop", "by User trp-admin", "threshold (%): 30 → 25", "severity floor: none → high");
    int changes = admin.get("/api/triggers/" + ruleId + "/changes").body().size();

    Api.Response api = admin.put("/api/triggers/" + ruleId, rule(Map.of("metricType", "dau", "threshold", 150)));
    assertThat(api.status()).isEqualTo(400);
    String apiWords = api.body().at("/errors/0/message").asText();
    PageClient.Page refused = adminPage.post("/rules/" + ruleId, form("150", "high"));
    assertThat(refused.status()).isEqualTo(400);
    String refusedSection = element(refused.body(), "section", "rule-" + ruleId);
    assertThat(refusedSection).contains("Not accepted: Condition.threshold: " + apiWords, "aria-invalid=\"true\"",
        "value=\"150\"", "open=\"open\"");
    PageClient.Page notANumber = adminPage.post("/rules/" + ruleId, form("thirty", "high"));
    assertThat(notANumber.status()).isEqualTo(400);
    assertThat(element(notANumber.body(), "section", "rule-" + ruleId)).contains("must be a number", "value=\"thirty\"");
    assertThat(admin.get("/api/triggers/" + ruleId).body().at("/condition/threshold").decimalValue()).isEqualByComparingTo("25");
    assertThat(admin.get("/api/triggers/" + ruleId + "/changes").body().size()).isEqualTo(changes);
  }

  @Test
  void onlyAnAdminChangesARule_andOnlyFromAVigilPage() {
    PageClient manager = signedIn("trp-mgr");
    String readOnly = element(manager.get("/rules").body(), "section", "rule-" + ruleId);
    assertThat(readOnly).contains("Pages test rule").doesNotContain("<form", "Disable");
    String before = admin.get("/api/triggers/" + ruleId).body().toString();
    int changes = admin.get("/api/triggers/" + ruleId + "/changes").body().size();

    assertThat(manager.post("/rules/" + ruleId, form("10", "")).status()).isEqualTo(403);
    assertThat(signedIn("trp-csm-a").post("/rules/" + ruleId + "/disable", Map.of()).status()).isEqualTo(403);
    PageClient adminPage = signedIn("trp-admin");
    assertThat(adminPage.post("/rules/" + ruleId + "/disable", Map.of(), Map.of("Origin", "https://evil.example")).status())
        .isEqualTo(403);
    PageClient.Page crossSite = adminPage.post("/rules/" + ruleId + "/disable", Map.of(),
        Map.of("Referer", "https://evil.example/page"));
    assertThat(crossSite.status()).isEqualTo(403);
    assertThat(crossSite.body()).contains("not sent from a Vigil page");
    assertThat(admin.get("/api/triggers/" + ruleId).body().toString()).isEqualTo(before);
    assertThat(admin.get("/api/triggers/" + ruleId + "/changes").body().size()).isEqualTo(changes);

    PageClient.Page disabled = adminPage.post("/rules/" + ruleId + "/disable", Map.of());
    assertThat(disabled.status()).isEqualTo(303);
    assertThat(admin.get("/api/triggers/" + ruleId).body().get("enabled").asBoolean()).isFalse();
    String section = element(adminPage.get("/rules").body(), "section", "rule-" + ruleId);
    assertThat(section).contains(">disabled<", "action=\"/rules/" + ruleId + "/enable\"", "enabled: true → false");
    assertThat(adminPage.post("/rules/" + ruleId + "/enable", Map.of()).status()).isEqualTo(303);
    assertThat(admin.get("/api/triggers/" + ruleId).body().get("enabled").asBoolean()).isTrue();
  }

  /** A rule for a segment no customer is in, so that editing it changes no other test's sweep. */
  private static Map<String, Object> rule(Map<String, Object> condition) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", "usage_drop");
    body.put("name", "Pages test rule");
    body.put("segment", "pages-test-segment");
    body.put("condition", condition);
    body.put("actions", List.of("slack_notify", "create_task"));
    return body;
  }

  private static Map<String, String> form(String threshold, String severity) {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("name", "Pages test rule");
    form.put("segment", "pages-test-segment");
    form.put("metricType", "dau");
    form.put("threshold", threshold);
    form.put("comparisonPeriod", "28");
    form.put("severity", severity);
    form.put("cooldownDays", "7");
    form.put("slackNotify", "on");
    form.put("createTask", "on");
    return form;
  }

  /** The element with that id, up to its closing tag (none of these nest their own kind). */
  private static String element(String html, String tag, String id) {
    Matcher m = Pattern.compile("<" + tag + "[^>]*id=\"" + Pattern.quote(id) + "\".*?</" + tag + ">", Pattern.DOTALL)
        .matcher(html);
    assertThat(m.find()).as("<" + tag + " id=" + id + "> in the page").isTrue();
    return m.group();
  }

  private long alert(String customerId, Instant createdAt) {
    long id = signals.insertOnce("trp-" + UUID.randomUUID(), customerId, "usage_anomaly", "high",
        "{\"summary\":\"DAU dropped 50%\",\"triggerId\":\"" + ruleId + "\"}");
    Rows.at(sql, "UPDATE risk_signals SET created_at = ? WHERE id = ?", createdAt, id);
    return id;
  }

  private PageClient signedIn(String userId) {
    PageClient browser = new PageClient(server.getURL().toString());
    Api.Response issued = admin.post("/api/users/" + userId + "/signin-links", Map.of());
    assertThat(issued.status()).as(issued.body().toString()).isEqualTo(201);
    assertThat(browser.signInWith(issued.body().get("path").asText()).status()).isEqualTo(303);
    return browser;
  }
}
