package io.vigil.app.tickets;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.context.annotation.Value;
import io.vigil.app.api.ApiError;
import io.vigil.app.api.Limits;
import io.vigil.infra.persistence.CustomerRepository;
import io.vigil.infra.persistence.TicketRow;
import io.vigil.infra.persistence.TicketStore;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A Zendesk ticket event ({@code zen:event-type:ticket.*}, whose {@code detail} is the ticket as it
 * stands) as a {@link ReceivedTicket} with id {@code zendesk:<ticket id>}. The customer is the one
 * {@code VIGIL_ZENDESK_ORGANIZATIONS} ("360001=acme;360002=globex") maps the ticket's organization
 * to, else the customer whose id is the organization id. What an event leaves out (requester email,
 * CSAT, and subject or description in a partial event) is kept from the stored ticket.
 */
@Singleton
class ZendeskTickets {
  static final String ID_PREFIX = "zendesk:";
  private static final Map<String, String> STATUSES = Map.of("new", "open", "open", "open", "pending", "pending",
      "hold", "pending", "solved", "solved", "closed", "closed");

  private final Map<String, String> organizations = new HashMap<>();
  private final CustomerRepository customers;
  private final TicketStore tickets;

  ZendeskTickets(@Value("${vigil.zendesk.organizations:}") String spec, CustomerRepository customers, TicketStore tickets) {
    this.customers = customers;
    this.tickets = tickets;
    for (String pair : spec.split(";")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        organizations.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
      }
    }
  }

  /** The ticket, or why the event is acknowledged and ignored. */
  record Parsed(ReceivedTicket ticket, String ignoredBecause) {
    static Parsed ignored(String why) {
      return new Parsed(null, why);
    }
  }

  Parsed parse(JsonNode event) {
    String type = event.path("type").asText("");
    if (!type.startsWith("zen:event-type:ticket.")) {
      return Parsed.ignored("not a ticket event: " + (type.isEmpty() ? "no type" : type));
    }
    JsonNode detail = event.path("detail");
    String zendeskId = detail.path("id").asText("");
    if (!detail.isObject() || zendeskId.isBlank()) {
      throw ApiError.badRequest("detail.id", "is required: the Zendesk ticket id");
    }
    String id = ID_PREFIX + zendeskId;
    if (!id.matches(Limits.ID)) {
      throw ApiError.badRequest("detail.id", Limits.ID_MESSAGE);
    }
    String organization = detail.path("organization_id").asText("");
    Optional<String> customerId = customer(organization);
    if (customerId.isEmpty()) {
      return Parsed.ignored("Zendesk organization " + (organization.isBlank() ? "(none)" : organization)
          + " maps to no customer: set VIGIL_ZENDESK_ORGANIZATIONS");
    }
    Optional<TicketRow> stored = tickets.find(id);
    String subject = text(detail, "subject", Limits.TITLE).orElse(stored.map(TicketRow::subject).orElse(null));
    String body = text(detail, "description", Limits.TEXT).orElse(stored.map(TicketRow::body).orElse(null));
    if (subject == null || body == null) {
      return Parsed.ignored("the event carries no subject or description and ticket " + id + " is not stored yet");
    }
    String status = STATUSES.get(detail.path("status").asText("").toLowerCase(Locale.ROOT));
    if (status == null) {
      status = stored.map(TicketRow::status).orElse("open");
    }
    String priority = detail.path("priority").asText("").toLowerCase(Locale.ROOT);
    Instant created = instant(detail, "created_at").orElse(stored.map(TicketRow::openedAt).orElse(null));
    if (created == null) {
      throw ApiError.badRequest("detail.created_at", "is required: an ISO-8601 instant");
    }
    return new Parsed(new ReceivedTicket(id, customerId.get(), subject, body, status,
        List.of("low", "normal", "high", "urgent").contains(priority) ? priority : stored.map(TicketRow::priority).orElse(null),
        stored.map(TicketRow::requesterEmail).orElse(null), tags(detail.path("tags")),
        stored.map(TicketRow::csat).orElse(null), ReceivedTicket.ZENDESK, created,
        instant(detail, "updated_at").orElse(null)), null);
  }

  private Optional<String> customer(String organization) {
    if (organization.isBlank()) {
      return Optional.empty();
    }
    String mapped = organizations.getOrDefault(organization, organization);
    return mapped.matches(Limits.ID) && customers.existsById(mapped) ? Optional.of(mapped) : Optional.empty();
  }

  private static Optional<String> text(JsonNode detail, String field, int max) {
    String value = detail.path(field).asText("").strip();
    if (value.isEmpty()) {
      return Optional.empty();
    }
    if (value.indexOf('\0') >= 0) {
      throw ApiError.badRequest("detail." + field, "must not contain NUL characters");
    }
    // a help desk does not hold its texts to Vigil's limits: keep the beginning, where the category shows
    return Optional.of(value.length() > max ? value.substring(0, max) : value);
  }

  private static List<String> tags(JsonNode tags) {
    List<String> values = new ArrayList<>();
    for (JsonNode tag : tags) {
      String value = tag.asText("").strip();
      if (!value.isEmpty() && value.length() <= TicketIntakeController.TAG && value.indexOf('\0') < 0
          && !values.contains(value) && values.size() < TicketIntakeController.MAX_TAGS) {
        values.add(value);
      }
    }
    return values;
  }

  private static Optional<Instant> instant(JsonNode detail, String field) {
    String value = detail.path(field).asText("");
    if (value.isBlank()) {
      return Optional.empty();
    }
    try {
      Instant at = Instant.parse(value);
      if (at.getEpochSecond() < Instant.parse("2000-01-01T00:00:00Z").getEpochSecond()
          || at.isAfter(Instant.parse("2101-01-01T00:00:00Z"))) {
        throw ApiError.badRequest("detail." + field, io.vigil.app.api.JsonGuards.ERA);
      }
      return Optional.of(at);
    } catch (DateTimeParseException e) {
      throw ApiError.badRequest("detail." + field, "must be an ISO-8601 instant");
    }
  }
}
