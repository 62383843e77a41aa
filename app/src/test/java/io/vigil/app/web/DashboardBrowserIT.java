package io.vigil.app.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.vigil.app.Api;
import io.vigil.app.FakeSlackAndGoogle;
import io.vigil.app.FreePorts;
import io.vigil.app.Rows;
import io.vigil.app.Scenarios;
import io.vigil.app.TestInfrastructure;
import io.vigil.infra.persistence.RiskSignalRepository;
import io.vigil.infra.persistence.Sql;
import jakarta.inject.Inject;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in a real headless Chromium (Debian's chromium and chromium-driver; .ci/run installs
 * them): a CSM signs in with a one-time link, dismisses an alert on My day (htmx, with the browser's
 * own Origin), opens the drafted check-in, edits its subject and approves it; the email goes out
 * once. A manager opens the Team page and sees a CSM's open alerts; a CSM cannot open another CSM's
 * customer; a CSM follows an incident from My day and the nav to its affected customers, then reads the
 * adoption matrix. Screenshots of My day, Approvals, Team, Rules, an incident and Adoption land in
 * docs/screenshots/ for the README.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardBrowserIT implements TestPropertyProvider {
  private static final LocalDate AS_OF = LocalDate.of(2026, 11, 18);

  @Inject EmbeddedServer server;
  @Inject RiskSignalRepository signals;
  @Inject Sql sql;

  private ChromeDriver browser;
  private WebDriverWait wait;

  @Override
  public Map<String, String> getProperties() {
    return TestInfrastructure.properties();
  }

  @BeforeAll
  void startChromium() {
    Optional<Path> chromium = onPath("chromium");
    Optional<Path> driver = onPath("chromedriver");
    Assumptions.assumeTrue(chromium.isPresent() && driver.isPresent(),
        "browser tests skipped: Debian's chromium and chromium-driver are not installed "
            + "(apt-get install -y chromium chromium-driver; .ci/run installs them)");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(chromium.get().toFile());
    options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
        "--window-size=1440,1000", "--lang=en-US");
    ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(driver.get().toFile())
        .usingPort(FreePorts.next()).build();
    browser = new ChromeDriver(service, options);
    wait = new WebDriverWait(browser, Duration.ofSeconds(20));
  }

  @AfterAll
  void stopChromium() {
    if (browser != null) {
      browser.quit();
    }
  }

  @Test
  void aCsmSignsInDismissesAnAlert_andEditsAndApprovesADraft() {
    Api admin = new Api(server.getURL().toString());
    FakeSlackAndGoogle fakes = new FakeSlackAndGoogle(TestInfrastructure.wireMock());
    Scenarios.putUser(admin, "web-csm", "csm", null);
    // names no other IT uses: every IT of the run shares the fake Slack and Gmail, and UsageDropCheckinIT
    // once read this test's "Northwind Traders" DM as its own Northwind's
    Scenarios.putCustomer(admin, "web-hooli", "Hooli", "web-csm");
    Scenarios.putCustomer(admin, "web-initech", "Initech", "web-csm");
    Scenarios.dropOf(admin, "web-hooli", AS_OF, 0.4);
    Scenarios.dropOf(admin, "web-initech", AS_OF, 0.1);
    for (String customer : new String[] {"web-hooli", "web-initech"}) {
      assertThat(admin.post("/api/v1/detections/run", Map.of("asOf", AS_OF.toString(), "customerId", customer)).status())
          .isEqualTo(200);
    }
    String approvalId = admin.awaitPendingApproval("web-hooli").get("id").asText();
    admin.awaitPendingApproval("web-initech");
    String link = admin.post("/api/users/web-csm/signin-links", Map.of()).body().get("path").asText();

    browser.get(server.getURL() + link);
    browser.findElement(By.id("continue")).click();
    wait.until(ExpectedConditions.titleContains("My day"));
    int alertsBefore = browser.findElements(By.cssSelector("#myday li[id^='alert-']")).size();
    assertThat(alertsBefore).isGreaterThanOrEqualTo(2);
    // the live panel may be swapped between finding the heading and reading it: read it afresh
    wait.until(ExpectedConditions.textToBe(By.id("alerts-h"), "Alerts (" + alertsBefore + ")"));
    assertThat(browser.findElement(By.id("main")).getText()).contains("Hooli", "Initech", "Waiting for approval (2)");
    screenshot("my-day.png");

    // typing pauses the live refresh (the panel's trigger filter); until then the panel may be swapped
    String initechAlert = wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class).until(driver -> {
      WebElement initech = driver.findElements(By.cssSelector("#myday li[id^='alert-']")).stream()
          .filter(card -> card.getText().contains("Initech")).findFirst().orElseThrow();
      initech.findElement(By.name("reason")).sendKeys("known seasonal dip");
      return initech.getAttribute("id");
    });
    clickOnLivePanel(By.cssSelector("#" + initechAlert + " button.danger"));
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("myday-notices"), "Alert dismissed."));
    assertThat(browser.findElements(By.id(initechAlert))).isEmpty();
    wait.until(ExpectedConditions.textToBe(By.id("alerts-h"), "Alerts (" + (alertsBefore - 1) + ")"));

    // a change made elsewhere (an alert written by a playbook) shows without a reload, well before the
    // 60-second fallback poll: the server-sent event "changed" made htmx fetch the panel again
    long pushed = signals.insertOnce("web-live-" + System.nanoTime(), "web-hooli", "usage_anomaly", "high",
        "{\"summary\":\"WAU dropped 45%\"}");
    new WebDriverWait(browser, Duration.ofSeconds(15))
        .until(ExpectedConditions.presenceOfElementLocated(By.id("alert-" + pushed)));

    clickOnLivePanel(By.cssSelector("a[href='/approvals/" + approvalId + "']"));
    WebElement subject = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("subject")));
    subject.clear();
    subject.sendKeys("Hooli: a quick check-in");
    screenshot("approvals.png");
    browser.findElement(By.id("approve")).click();

    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("notice-ok")));
    assertThat(browser.findElement(By.id("notice-ok")).getText()).contains("approved");
    assertThat(browser.findElements(By.cssSelector("[data-approval-id='" + approvalId + "']"))).isEmpty();
    assertThat(browser.findElement(By.id("queue-h")).getText()).isEqualTo("Waiting for approval (1)");
    await().atMost(Duration.ofSeconds(30))
        .until(() -> fakes.gmailMessagesMentioning("Hooli: a quick check-in").size() == 1);
    assertThat(admin.get("/api/approvals/" + approvalId).body().get("decidedBy").asText()).isEqualTo("web-csm");
  }

  @Test
  void aManagerSeesTheTeamPageWithACsmsOpenAlerts_andACsmCannotOpenAnotherCsmsCustomer() {
    Api admin = new Api(server.getURL().toString());
    Scenarios.putUser(admin, "web-mgr", "manager", null);
    Scenarios.putUser(admin, "web-csm-t", "csm", "web-mgr");
    Scenarios.putUser(admin, "web-csm-w", "csm", "web-mgr");
    Scenarios.putUser(admin, "web-csm-x", "csm", null);
    String[][] book = {
        {"web-umbrella", "Umbrella Corp", "web-csm-t", "red", "34", "declining"},
        {"web-soylent", "Soylent", "web-csm-t", "yellow", "58", "declining"},
        {"web-cyberdyne", "Cyberdyne", "web-csm-t", "green", "81", "improving"},
        {"web-tyrell", "Tyrell", "web-csm-w", "yellow", "61", "declining"},
        {"web-wonka", "Wonka Industries", "web-csm-w", "green", "88", "stable"},
        {"web-gringotts", "Gringotts", "web-csm-w", "green", "76", "stable"},
        {"web-vandelay", "Vandelay Industries", "web-csm-x", "red", "22", "declining"}};
    for (String[] c : book) {
      Scenarios.putCustomer(admin, c[0], c[1], c[2]);
      Rows.band(sql, c[0], c[3], Integer.parseInt(c[4]), c[5]);
    }
    Instant now = Instant.now();
    alert("web-umbrella", "critical", now.minus(Duration.ofMinutes(40)), null);
    alert("web-soylent", "high", now.minus(Duration.ofHours(6)), now.minus(Duration.ofHours(3)));
    alert("web-tyrell", "high", now.minus(Duration.ofHours(2)), now.minus(Duration.ofMinutes(95)));
    alert("web-vandelay", "critical", now.minus(Duration.ofHours(1)), null);

    signIn(admin, "web-mgr");
    browser.findElement(By.cssSelector("nav a[href='/team']")).click();
    wait.until(ExpectedConditions.titleContains("Team"));
    WebElement csmRow = browser.findElement(By.id("csm-web-csm-t"));
    assertThat(csmRow.findElement(By.cssSelector("td.open-alerts")).getText()).isEqualTo("1");
    assertThat(csmRow.findElement(By.cssSelector("td.first-action")).getText()).contains("3 h 00 min", "over 2 h");
    assertThat(browser.findElement(By.id("csm-web-csm-w")).findElement(By.cssSelector("td.first-action")).getText())
        .isEqualTo("25 min");
    assertThat(browser.findElement(By.id("at-risk")).getText()).contains("Umbrella Corp", "Soylent", "Tyrell")
        .doesNotContain("Vandelay");
    assertThat(browser.findElements(By.id("csm-web-csm-x"))).as("another team's CSM").isEmpty();
    screenshot("team.png");
    browser.findElement(By.cssSelector("nav a[href='/rules']")).click();
    wait.until(ExpectedConditions.titleContains("Rules"));
    assertThat(browser.findElement(By.id("rule-usage-drop-dau")).getText()).contains("DAU", "30% drop");
    assertThat(browser.findElements(By.cssSelector("#rule-usage-drop-dau form"))).as("a manager reads rules only").isEmpty();
    screenshot("rules.png");

    signIn(admin, "web-csm-t");
    browser.get(server.getURL() + "/customers/web-vandelay");
    wait.until(ExpectedConditions.titleContains("Not found"));
    assertThat(browser.findElement(By.id("main")).getText()).contains("Not found")
        .doesNotContain("Vandelay Industries", "$120,000", "Usage, last 90 days");
    browser.get(server.getURL() + "/customers/web-umbrella");
    wait.until(ExpectedConditions.titleContains("Umbrella Corp"));
  }

  /**
   * Clicks what {@code target} finds on My day, whose panel the server may swap at any moment (a
   * change pushed by server-sent events): an element swapped out between finding and clicking is
   * found again in the new panel.
   */
  private void clickOnLivePanel(By target) {
    wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class).until(driver -> {
      driver.findElement(target).click();
      return true;
    });
  }

  /** Signs {@code userId} in with a fresh one-time link, whoever was signed in before. */
  private void signIn(Api admin, String userId) {
    String link = admin.post("/api/users/" + userId + "/signin-links", Map.of()).body().get("path").asText();
    browser.get(server.getURL() + link);
    browser.findElement(By.id("continue")).click();
    wait.until(ExpectedConditions.titleContains("My day"));
    assertThat(browser.findElement(By.cssSelector("header .who")).getText()).contains("User " + userId);
  }

  private void alert(String customerId, String severity, Instant raised, Instant acknowledged) {
    long id = signals.insertOnce("web-" + UUID.randomUUID(), customerId, "usage_anomaly", severity,
        "{\"summary\":\"DAU dropped 45%\",\"triggerId\":\"usage-drop-dau\"}");
    sql.inTransaction(c -> {
      try (PreparedStatement ps = c.prepareStatement("UPDATE risk_signals SET created_at = ?, acknowledged_at = ?,"
          + " status = CASE WHEN CAST(? AS timestamptz) IS NULL THEN status ELSE 'acknowledged' END WHERE id = ?")) {
        ps.setTimestamp(1, Timestamp.from(raised));
        ps.setTimestamp(2, acknowledged == null ? null : Timestamp.from(acknowledged));
        ps.setTimestamp(3, acknowledged == null ? null : Timestamp.from(acknowledged));
        ps.setLong(4, id);
        return ps.executeUpdate();
      }
    });
  }

  @Test
  void aCsmFollowsAnIncidentFromTheNav_andReadsTheAdoptionMatrix() {
    Api admin = new Api(server.getURL().toString());
    Scenarios.putUser(admin, "web-inc-csm", "csm", null);
    Scenarios.putUser(admin, "web-inc-other", "csm", null);
    // short, so the page reads well in the screenshot; unique enough among the ITs sharing the database
    String component = "web-pay-" + System.nanoTime() % 100_000;
    Scenarios.putCustomer(admin, "web-inc-umbrella", "Umbrella Corp", "web-inc-csm", 480_000, List.of(component));
    Scenarios.putCustomer(admin, "web-inc-soylent", "Soylent", "web-inc-csm", 210_000, List.of(component));
    Scenarios.putCustomer(admin, "web-inc-tyrell", "Tyrell", "web-inc-csm", 95_000, List.of(component));
    Scenarios.putCustomer(admin, "web-inc-cyberdyne", "Cyberdyne", "web-inc-other", 700_000, List.of(component));
    Scenarios.componentUse(admin, "web-inc-umbrella", component, 3_100);
    Map<String, Object> incident = new LinkedHashMap<>();
    incident.put("id", "WEB-" + component);
    incident.put("title", "Checkout errors in EU");
    incident.put("description", "Payments fail intermittently for a share of checkout requests.");
    incident.put("status", "identified");
    incident.put("severity", "P1");
    incident.put("affectedComponents", List.of(component));
    incident.put("startedAt", Instant.now().minusSeconds(3600).toString());
    String incidentId = admin.post("/api/webhooks/incidents", incident).body().get("incidentId").asText();
    admin.awaitPendingApproval("web-inc-umbrella");
    await().atMost(Duration.ofSeconds(30)).until(() ->
        admin.get("/api/incidents/" + incidentId + "/customers").body().path("affectedCustomers").size() == 4);
    adoptionOf(admin, List.of("web-inc-umbrella", "web-inc-soylent", "web-inc-tyrell"));

    browser.get(server.getURL() + admin.post("/api/users/web-inc-csm/signin-links", Map.of()).body().get("path").asText());
    browser.findElement(By.id("continue")).click();
    wait.until(ExpectedConditions.titleContains("My day"));
    clickOnLivePanel(By.cssSelector("#myday a[href='/incidents/" + incidentId + "']"));
    wait.until(ExpectedConditions.titleContains("Checkout errors in EU"));
    browser.findElement(By.cssSelector("nav a[href='/incidents']")).click();
    wait.until(ExpectedConditions.titleContains("Incidents"));
    assertThat(browser.findElement(By.cssSelector("nav a[href='/incidents']")).getAttribute("aria-current")).isEqualTo("page");
    browser.findElement(By.cssSelector("tr[data-incident-id='" + incidentId + "'] a")).click();
    wait.until(ExpectedConditions.titleContains("Checkout errors in EU"));
    WebElement affected = browser.findElement(By.id("affected"));
    assertThat(affected.findElements(By.cssSelector("tbody tr"))).extracting(r -> r.getAttribute("data-customer-id"))
        .containsExactly("web-inc-umbrella", "web-inc-soylent", "web-inc-tyrell");
    assertThat(browser.findElement(By.id("arr-at-risk")).getText()).isEqualTo("$785,000");
    assertThat(affected.getText()).contains("awaiting approval").doesNotContain("Cyberdyne");
    screenshot("incident.png");

    browser.findElement(By.cssSelector("nav a[href='/adoption']")).click();
    wait.until(ExpectedConditions.titleContains("Adoption"));
    WebElement matrix = browser.findElement(By.id("matrix"));
    assertThat(matrix.findElements(By.cssSelector("tbody tr"))).extracting(r -> r.getAttribute("data-customer-id"))
        .containsExactly("web-inc-soylent", "web-inc-tyrell", "web-inc-umbrella");
    JsonNode soylent = Api.find(admin.get("/api/customers/web-inc-soylent/feature-adoption").body().get("features"), "featureId",
        "web-dashboards");
    assertThat(matrix.findElement(By.cssSelector("tr[data-customer-id='web-inc-soylent'] td[data-feature-id='web-dashboards']"))
        .getText()).isEqualTo(PageFormat.label(soylent.get("stage").asText()) + " · " + soylent.get("usageScore").asInt());
    screenshot("adoption.png");
  }

  /** Three catalog features, and use of them that leaves each customer at another stage of each. */
  private static void adoptionOf(Api admin, List<String> customers) {
    String[][] features = {{"web-dashboards", "Dashboards", "see the week at a glance"},
        {"web-exports", "Scheduled exports", "send numbers without copying them"},
        {"web-alerts", "Custom alerts", "hear about problems first"}};
    for (String[] f : features) {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("featureName", f[1]);
      entry.put("importanceScore", 90);
      entry.put("keyBenefit", f[2]);
      entry.put("trainingResources", List.of(
          Map.of("type", "video", "title", f[1] + " in 5 minutes", "url", "https://learn.example.com/" + f[0], "durationMinutes", 5),
          Map.of("type", "documentation", "title", f[1] + " guide", "url", "https://docs.example.com/" + f[0])));
      assertThat(admin.put("/api/features/" + f[0], entry).status()).isEqualTo(200);
    }
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    for (int c = 0; c < customers.size(); c++) {
      List<Map<String, Object>> events = new ArrayList<>();
      for (int day = 1; day <= 12; day++) {
        for (int user = 0; user < 10; user++) {
          String at = today.minusDays(day).atTime(9, user).toInstant(ZoneOffset.UTC).toString();
          events.add(Scenarios.event(customers.get(c), "u" + user, "login", null, at, customers.get(c) + "-l-" + day + "-" + user));
          // the last customer uses all three widely, the others less and less
          for (int f = 0; f < features.length; f++) {
            if (user < (10 - 3 * (customers.size() - 1 - c)) - 3 * f) {
              events.add(Scenarios.event(customers.get(c), "u" + user, "feature_used", features[f][0], at,
                  customers.get(c) + "-" + f + "-" + day + "-" + user));
            }
          }
        }
      }
      assertThat(admin.post("/api/v1/usage/events", Map.of("events", events)).status()).isEqualTo(200);
      assertThat(admin.post("/api/feature-adoption/sync", Map.of("customerId", customers.get(c))).status()).isEqualTo(200);
    }
  }

  private void screenshot(String name) {
    File shot = browser.getScreenshotAs(OutputType.FILE);
    Path folder = repositoryRoot().resolve("docs").resolve("screenshots");
    try {
      Files.createDirectories(folder);
      Files.copy(shot.toPath(), folder.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The folder holding docs/ (the tests run in app/). */
  private static Path repositoryRoot() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.isDirectory(dir.resolve("docs"))) {
      dir = dir.getParent();
    }
    return dir == null ? Path.of("").toAbsolutePath() : dir;
  }

  private static Optional<Path> onPath(String program) {
    String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
    return Stream.of(path.split(File.pathSeparator)).map(dir -> Path.of(dir, program)).filter(Files::isExecutable)
        .findFirst();
  }
}
