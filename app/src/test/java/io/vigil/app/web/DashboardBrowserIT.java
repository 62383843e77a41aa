package io.vigil.app.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
 * customer. Screenshots of My day, Approvals, Team and Rules land in docs/screenshots/ for the README.
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
    assertThat(browser.findElement(By.id("alerts-h")).getText()).isEqualTo("Alerts (" + alertsBefore + ")");
    assertThat(browser.findElement(By.id("main")).getText()).contains("Hooli", "Initech", "Waiting for approval (2)");
    screenshot("my-day.png");

    WebElement initech = browser.findElements(By.cssSelector("#myday li[id^='alert-']")).stream()
        .filter(card -> card.getText().contains("Initech")).findFirst().orElseThrow();
    String initechAlert = initech.getAttribute("id");
    initech.findElement(By.name("reason")).sendKeys("known seasonal dip");
    initech.findElement(By.cssSelector("button.danger")).click();
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("myday-notices"), "Alert dismissed."));
    assertThat(browser.findElements(By.id(initechAlert))).isEmpty();
    assertThat(browser.findElement(By.id("alerts-h")).getText()).isEqualTo("Alerts (" + (alertsBefore - 1) + ")");

    // a change made elsewhere (an alert written by a playbook) shows without a reload, well before the
    // 60-second fallback poll: the server-sent event "changed" made htmx fetch the panel again
    long pushed = signals.insertOnce("web-live-" + System.nanoTime(), "web-hooli", "usage_anomaly", "high",
        "{\"summary\":\"WAU dropped 45%\"}");
    new WebDriverWait(browser, Duration.ofSeconds(15))
        .until(ExpectedConditions.presenceOfElementLocated(By.id("alert-" + pushed)));

    browser.findElement(By.cssSelector("a[href='/approvals/" + approvalId + "']")).click();
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
