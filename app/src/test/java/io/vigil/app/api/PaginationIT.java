package io.vigil.app.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.vigil.app.Api;
import io.vigil.app.Scenarios;
import io.vigil.app.TestInfrastructure;
import io.vigil.infra.persistence.Sql;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Every list endpoint walked page by page with its cursors, against an oracle query of the same rows:
 * nothing repeated, nothing skipped, the documented order, and a CSM's pages hold only their own
 * customers' rows. Rows are inserted many per statement, so they share a created_at and only the
 * keyset's id keeps them apart.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PaginationIT implements TestPropertyProvider {
  private static final List<String> MINE = List.of("pg-a1", "pg-a2", "pg-a3", "pg-a4", "pg-a5");
  private static final List<String> THEIRS = List.of("pg-b1", "pg-b2", "pg-b3");

  @Inject EmbeddedServer server;
  @Inject Sql sql;

  private Api admin;
  private Api csm;

  @Override
  public Map<String, String> getProperties() {
    return TestInfrastructure.properties();
  }

  @BeforeAll
  void givenTwoCsmsWithMoreRowsThanAPage() {
    admin = new Api(server.getURL().toString());
    Scenarios.putUser(admin, "pg-csm-a", "csm", null);
    Scenarios.putUser(admin, "pg-csm-b", "csm", null);
    for (String c : MINE) {
      Scenarios.putCustomer(admin, c, "Mine " + c, "pg-csm-a");
    }
    for (String c : THEIRS) {
      Scenarios.putCustomer(admin, c, "Theirs " + c, "pg-csm-b");
    }
    Api.Response token = admin.post("/api/tokens", Map.of("name", "pg csm a", "userId", "pg-csm-a"));
    assertThat(token.status()).isEqualTo(201);
    csm = admin.as(token.body().get("token").asText());
    assertThat(admin.post("/api/tokens", Map.of("name", "pg machine", "role", "integration")).status()).isEqualTo(201);

    String customers = "ARRAY['pg-a1','pg-a2','pg-a3','pg-a4','pg-a5','pg-b1','pg-b2','pg-b3']";
    execute("""
        INSERT INTO risk_signals (idempotency_key, customer_id, type, severity, metadata)
        SELECT 'pg-rs-' || c || '-' || n, c, CASE WHEN n %% 2 = 0 THEN 'usage_anomaly' ELSE 'adoption_stalled' END,
               'high', '{}'::jsonb
        FROM unnest(%s) c, generate_series(1, 4) n""".formatted(customers));
    execute("""
        INSERT INTO tasks (idempotency_key, title, assignee_id, customer_id, priority, due_at)
        SELECT 'pg-task-' || c || '-' || n, 'Task ' || n, CASE WHEN c LIKE 'pg-a%%' THEN 'pg-csm-a' ELSE 'pg-csm-b' END,
               c, 'high', now() FROM unnest(%s) c, generate_series(1, 4) n""".formatted(customers));
    execute("""
        INSERT INTO notifications (idempotency_key, customer_id, channel, recipient, text, status)
        SELECT 'pg-note-' || c || '-' || n, c, 'email', 'x@example.com', 'Note ' || n, 'recorded'
        FROM unnest(%s) c, generate_series(1, 4) n""".formatted(customers));
    execute("""
        INSERT INTO notification_customers (notification_id, customer_id)
        SELECT id, customer_id FROM notifications WHERE idempotency_key LIKE 'pg-note-%'""");
    execute("""
        INSERT INTO approvals (id, idempotency_key, workflow_id, customer_id, kind, approver_id, to_address, subject, body, status)
        SELECT 'pg-appr-' || c || '-' || n, 'pg-appr-' || c || '-' || n, 'wf', c, 'checkin', 'pg-csm-a', 'x@example.com',
               's', 'b', 'pending' FROM unnest(%s) c, generate_series(1, 4) n""".formatted(customers));
    // more than the default page of 100, for the walk without a limit
    execute("""
        INSERT INTO agent_activity_log (customer_id, action, details)
        SELECT 'pg-a1', 'step_' || n, '{}'::jsonb FROM generate_series(1, 250) n""");
    execute("""
        INSERT INTO triggers (id, type, name, metric_type, threshold, comparison_period_days, cooldown_days, actions, enabled)
        SELECT 'pg-trg-' || n, 'usage_drop', 'Rule ' || n, 'dau', 30, 28, 7, ARRAY['create_task'], false
        FROM generate_series(1, 7) n""");
    execute("""
        INSERT INTO product_incidents (id, source, external_id, title, severity, status, started_at, workflow_id, last_event_at)
        SELECT 'pg-inc-' || n, 'pgtest', 'pg-' || n, 'Incident ' || n, 'P2', 'monitoring',
               CASE WHEN n <= 3 THEN timestamptz '2026-11-01T00:00:00Z' ELSE timestamptz '2026-11-01T00:00:00Z' + n * interval '1 hour' END,
               'wf', now() FROM generate_series(1, 7) n""");
    // tickets share an opened_at in pairs, so that the id decides their order
    execute("""
        INSERT INTO support_tickets (id, customer_id, subject, body, status, source, opened_at, predicted_category,
          category_confidence, category_reason, category_source)
        SELECT 'pg-tk-' || c || '-' || n, c, 'Subject ' || n, 'Body ' || n, 'open', 'api',
               timestamptz '2026-11-01T00:00:00Z' + (n / 2) * interval '1 hour',
               CASE WHEN n %% 2 = 0 THEN 'bug_report' ELSE 'how_to_question' END, 0.5, 'test', 'classifier'
        FROM unnest(%s) c, generate_series(1, 4) n""".formatted(customers));
    // ties in level and ARR, so that the segment and the id decide the rank
    execute("UPDATE customers SET arr = 50000 WHERE id IN ('pg-a3', 'pg-b2')");
    execute("UPDATE customers SET segment = 'smb' WHERE id IN ('pg-a4', 'pg-b3')");
    execute("""
        INSERT INTO incident_customer_impact (incident_id, customer_id, impact_level, reason)
        SELECT 'pg-inc-1', c, CASE WHEN c IN ('pg-a2', 'pg-b1') THEN 'high' WHEN c = 'pg-a5' THEN 'low' ELSE 'medium' END, 'test'
        FROM unnest(%s) c""".formatted(customers));
  }

  @Test
  void givenMoreRowsThanAPage_everyListWalksWithoutDuplicatesOrGaps_inItsOrder() {
    String mine = "('pg-a1','pg-a2','pg-a3','pg-a4','pg-a5')";
    assertWalk(admin, "/api/risk-signals?customerId=pg-a1", 3,
        "SELECT id FROM risk_signals WHERE customer_id = 'pg-a1' ORDER BY created_at DESC, id DESC");
    assertWalk(admin, "/api/risk-signals?type=usage_anomaly&customerId=pg-b2", 1,
        "SELECT id FROM risk_signals WHERE customer_id = 'pg-b2' AND type = 'usage_anomaly' ORDER BY created_at DESC, id DESC");
    assertWalk(admin, "/api/tasks?assigneeId=pg-csm-b", 5,
        "SELECT id FROM tasks WHERE assignee_id = 'pg-csm-b' ORDER BY created_at DESC, id DESC");
    assertWalk(admin, "/api/notifications?customerId=pg-a3", 3,
        "SELECT id FROM notifications WHERE customer_id = 'pg-a3' ORDER BY created_at DESC, id DESC");
    assertWalk(admin, "/api/approvals?customerId=pg-b3&status=pending", 3,
        "SELECT id FROM approvals WHERE customer_id = 'pg-b3' ORDER BY created_at DESC, id DESC");
    assertWalk(admin, "/api/triggers", 2, "SELECT id FROM triggers ORDER BY created_at, id");
    assertWalk(admin, "/api/incidents", 2, "SELECT id FROM product_incidents "
        + "ORDER BY coalesce(started_at, created_at) DESC, id DESC");
    assertWalk(admin, "/api/incidents?status=monitoring", 3, "SELECT id FROM product_incidents WHERE status = 'monitoring' "
        + "ORDER BY coalesce(started_at, created_at) DESC, id DESC");
    assertWalk(admin, "/api/customers/pg-a1/activity", null,
        "SELECT id FROM agent_activity_log WHERE customer_id = 'pg-a1' ORDER BY created_at, id");
    assertWalk(admin, "/api/tickets?customerId=pg-a2", 3,
        "SELECT id FROM support_tickets WHERE customer_id = 'pg-a2' ORDER BY opened_at DESC, id DESC");
    assertWalk(admin, "/api/tickets?category=bug_report&from=2026-11-01&to=2026-11-02", 3, "SELECT id FROM support_tickets WHERE category = 'bug_report' "
        + "AND opened_at >= '2026-11-01T00:00:00Z' AND opened_at < '2026-11-02T00:00:00Z' ORDER BY opened_at DESC, id DESC");
    assertWalk(admin, "/api/tokens", 1, "SELECT id FROM api_tokens ORDER BY id");
    assertWalk(admin, "/api/audit", 7, "SELECT id FROM audit_log ORDER BY id DESC");

    // a CSM's pages hold exactly their own customers' rows, across every page
    assertWalk(csm, "/api/risk-signals", 3,
        "SELECT id FROM risk_signals WHERE customer_id IN " + mine + " ORDER BY created_at DESC, id DESC");
    assertWalk(csm, "/api/tasks", 6, "SELECT id FROM tasks WHERE customer_id IN " + mine + " ORDER BY created_at DESC, id DESC");
    assertWalk(csm, "/api/notifications", 7,
        "SELECT id FROM notifications WHERE customer_id IN " + mine + " ORDER BY created_at DESC, id DESC");
    assertWalk(csm, "/api/approvals", 4, "SELECT id FROM approvals WHERE customer_id IN " + mine
        + " ORDER BY created_at DESC, id DESC");
    assertWalk(csm, "/api/tickets", 3, "SELECT id FROM support_tickets WHERE customer_id IN " + mine
        + " ORDER BY opened_at DESC, id DESC");
    assertThat(csm.get("/api/customers/pg-b1/activity").status()).isEqualTo(404);
  }

  @Test
  void givenAnIncidentTouchingMoreCustomersThanAPage_itsCustomersWalkInRankAndTheTotalCoversThemAll() {
    String ranking = """
        SELECT i.customer_id FROM incident_customer_impact i JOIN customers cu ON cu.id = i.customer_id
        WHERE i.incident_id = 'pg-inc-1' %s
        ORDER BY CASE i.impact_level WHEN 'high' THEN 0 WHEN 'medium' THEN 1 ELSE 2 END, cu.arr DESC,
                 CASE lower(cu.segment) WHEN 'enterprise' THEN 0 WHEN 'mid-market' THEN 1 WHEN 'smb' THEN 2 ELSE 3 END,
                 i.customer_id""";
    List<String> all = walk(admin, "/api/incidents/pg-inc-1/customers", 3, "affectedCustomers", a -> a.at("/customer/id").asText());
    assertThat(all).isEqualTo(strings(ranking.formatted("")));
    List<String> mine = walk(csm, "/api/incidents/pg-inc-1/customers", 2, "affectedCustomers", a -> a.at("/customer/id").asText());
    assertThat(mine).isEqualTo(strings(ranking.formatted("AND cu.csm_id = 'pg-csm-a'"))).containsExactlyInAnyOrderElementsOf(MINE);

    JsonNode firstPage = csm.get("/api/incidents/pg-inc-1/customers?limit=2").body();
    assertThat(firstPage.get("affectedCustomers")).hasSize(2);
    assertThat(firstPage.get("totalARRAtRisk").decimalValue()).isEqualByComparingTo(new BigDecimal(120_000L * 4 + 50_000));
    assertThat(firstPage.at("/incident/id").asText()).isEqualTo("pg-inc-1");
  }

  @Test
  void aLimitOutsideOneToAThousandOrAForeignOrMalformedCursor_isA400InTheOneShape() {
    for (String list : List.of("/api/risk-signals", "/api/tasks", "/api/notifications", "/api/approvals", "/api/triggers",
        "/api/incidents", "/api/incidents/pg-inc-1/customers", "/api/customers/pg-a1/activity", "/api/tokens", "/api/audit",
        "/api/tickets", "/api/insights/expansion")) {
      assertBadRequest(admin.get(list + "?limit=0"), "limit");
      assertBadRequest(admin.get(list + "?limit=1001"), "limit");
      assertBadRequest(admin.get(list + "?limit=many"), "limit");
      assertBadRequest(admin.get(list + "?cursor=%25%25not-base64"), "cursor");
      assertBadRequest(admin.get(list + "?cursor=" + cursorOf("somewhere-else\u001f2026-11-01T00:00:00Z\u001f1")), "cursor");
    }
    String taskCursor = admin.get("/api/tasks?limit=1").body().get("nextCursor").asText();
    assertBadRequest(admin.get("/api/risk-signals?cursor=" + encode(taskCursor)), "cursor");
    assertBadRequest(admin.get("/api/tasks?cursor=" + cursorOf("tasks\u001fyesterday\u001f1")), "cursor");
    assertBadRequest(admin.get("/api/tasks?cursor=" + cursorOf("tasks\u001f2026-11-01T00:00:00Z\u001fone")), "cursor");
    assertBadRequest(admin.get("/api/approvals?cursor=" + cursorOf("approvals\u001f2026-11-01T00:00:00Z\u001fa\u0000b")), "cursor");
    assertThat(admin.get("/api/tasks?limit=1000").status()).isEqualTo(200);
  }

  /** Walks {@code path} with pages of {@code limit} (the default when null) and compares with the oracle. */
  private void assertWalk(Api as, String path, Integer limit, String oracle) {
    List<String> walked = walk(as, path, limit, "items", item -> item.get("id").asText());
    assertThat(walked).as(path).doesNotHaveDuplicates().isEqualTo(strings(oracle));
    assertThat(walked.size()).as(path + ": more rows than a page").isGreaterThan(limit == null ? Keyset.DEFAULT_LIMIT : limit);
  }

  private static List<String> walk(Api as, String path, Integer limit, String field, Function<JsonNode, String> id) {
    List<String> ids = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      String url = path + (path.contains("?") ? "&" : "?") + (limit == null ? "" : "limit=" + limit)
          + (cursor == null ? "" : "&cursor=" + encode(cursor));
      Api.Response page = as.get(url);
      assertThat(page.status()).as(url + ": " + page.body()).isEqualTo(200);
      assertThat(page.body().get(field).size()).as(url).isLessThanOrEqualTo(limit == null ? Keyset.DEFAULT_LIMIT : limit);
      page.body().get(field).forEach(item -> ids.add(id.apply(item)));
      cursor = page.body().get("nextCursor").isNull() ? null : page.body().get("nextCursor").asText();
      assertThat(++pages).as(url + ": the walk ends").isLessThan(1000);
    } while (cursor != null);
    return ids;
  }

  private List<String> strings(String query) {
    return sql.inTransaction(c -> {
      List<String> ids = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement(query); ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          ids.add(rs.getString(1));
        }
      }
      return ids;
    });
  }

  private void execute(String statement) {
    sql.inTransaction(c -> {
      try (PreparedStatement ps = c.prepareStatement(statement)) {
        return ps.executeUpdate();
      }
    });
  }

  private static void assertBadRequest(Api.Response response, String field) {
    assertThat(response.status()).as(response.body().toString()).isEqualTo(400);
    assertThat(response.body().get("error").asText()).isEqualTo("bad_request");
    assertThat(response.body().get("errors")).extracting(e -> e.get("field").asText()).containsExactly(field);
  }

  private static String cursorOf(String raw) {
    return encode(Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8)));
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
