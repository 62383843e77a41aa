package io.vigil.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/** Customers and usage set up through the HTTP API, shared by the integration tests. */
public final class Scenarios {
  private Scenarios() {}

  public static void putCustomer(Api api, String customer, String name, String csmId) {
    putCustomer(api, customer, name, csmId, 120000, List.of());
  }

  /** A customer with its ARR and the product components it declares (an incident on one of them affects it). */
  public static void putCustomer(Api api, String customer, String name, String csmId, int arr, List<String> components) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("name", name);
    body.put("arr", arr);
    body.put("segment", "enterprise");
    body.put("region", "na");
    body.put("csmId", csmId);
    body.put("championName", "Dana Champion");
    String domain = name.toLowerCase().replaceAll("[^a-z0-9]", "");
    body.put("championEmail", "dana@" + domain.substring(0, Math.min(40, domain.length())) + ".example.com");
    body.put("productName", name + " Cloud");
    if (!components.isEmpty()) {
      body.put("components", components);
    }
    Api.Response put = api.put("/api/customers/" + customer, body);
    assertThat(put.status()).as(put.body().toString()).isEqualTo(200);
  }

  /** The admin's client acting as {@code userId} with a token issued for them. */
  public static Api signedInAs(Api admin, String userId) {
    Api.Response issued = admin.post("/api/tokens", Map.of("name", "test " + userId, "userId", userId));
    assertThat(issued.status()).as(issued.body().toString()).isEqualTo(201);
    return admin.as(issued.body().get("token").asText());
  }

  public static void putUser(Api api, String id, String role, String managerId) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("name", "User " + id);
    body.put("email", id + "@example.com");
    body.put("role", role);
    if (managerId != null) {
      body.put("managerId", managerId);
    }
    body.put("slackUserId", "U" + Math.abs(id.hashCode()));
    Api.Response put = api.put("/api/users/" + id, body);
    assertThat(put.status()).as(put.body().toString()).isEqualTo(200);
  }

  /**
   * 20 users active every weekday for six weeks; from the Monday before {@code asOf} (a Wednesday),
   * only {@code factor} of them; rolled up.
   */
  public static void dropOf(Api api, String customer, LocalDate asOf, double factor) {
    LocalDate monday = asOf.minusDays(2);
    ingestWeekdays(api, customer, asOf.minusDays(45), asOf, day -> day.isBefore(monday) ? 20 : 20 * factor);
    Api.Response calculated = api.post("/api/v1/usage/calculate-metrics",
        Map.of("customerId", customer, "period", "monthly", "from", asOf.minusDays(45).toString(), "to", asOf.toString()));
    assertThat(calculated.status()).isEqualTo(200);
  }

  public static void ingestWeekdays(Api api, String customer, LocalDate from, LocalDate to,
      ToDoubleFunction<LocalDate> activeUsers) {
    List<Map<String, Object>> events = new ArrayList<>();
    for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1)) {
      if (day.getDayOfWeek().getValue() >= 6) {
        continue;
      }
      long users = Math.round(activeUsers.applyAsDouble(day));
      for (int u = 0; u < users; u++) {
        String at = day.atTime(9, u).toInstant(ZoneOffset.UTC).toString();
        events.add(event(customer, "user-" + u, "login", null, at, customer + "-" + day + "-" + u + "-login"));
        events.add(event(customer, "user-" + u, "feature_used", "reports", at, customer + "-" + day + "-" + u + "-reports"));
      }
    }
    Api.Response response = api.post("/api/v1/usage/events", Map.of("events", events));
    assertThat(response.status()).as(response.body().toString()).isEqualTo(200);
    assertThat(response.body().get("accepted").asInt()).isEqualTo(events.size());
  }

  public static Map<String, Object> event(String customer, String user, String type, String feature, String at,
      String id) {
    Map<String, Object> event = new LinkedHashMap<>();
    event.put("eventId", id);
    event.put("customerId", customer);
    if (user != null) {
      event.put("userId", user);
    }
    event.put("eventType", type);
    if (feature != null) {
      event.put("featureId", feature);
    }
    event.put("occurredAt", at);
    return event;
  }

  /** A support ticket for {@code POST /api/v1/tickets}; {@code priority} may be null. */
  public static Map<String, Object> ticket(String id, String customer, String subject, String status, String priority,
      Instant createdAt) {
    Map<String, Object> ticket = new LinkedHashMap<>();
    ticket.put("ticketId", id);
    ticket.put("customerId", customer);
    ticket.put("subject", subject);
    ticket.put("body", subject + ". Please have a look.");
    ticket.put("createdAt", createdAt.toString());
    ticket.put("status", status);
    if (priority != null) {
      ticket.put("priority", priority);
    }
    return ticket;
  }

  /** {@code total} uses of the component over the last few days: {@code total / 30} uses a day to the incident impact. */
  public static void componentUse(Api api, String customer, String component, int total) {
    List<Map<String, Object>> events = new ArrayList<>();
    Instant now = Instant.now();
    for (int i = 0; i < total; i++) {
      events.add(Map.of("customerId", customer, "userId", "u" + (i % 40), "eventType", "feature_used",
          "featureId", component, "occurredAt", now.minusSeconds(60L * i).toString()));
    }
    Api.Response posted = api.post("/api/v1/usage/events", Map.of("events", events));
    assertThat(posted.status()).as(posted.body().toString()).isEqualTo(200);
  }
}
