package io.vigil.app.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.vigil.app.security.Caller;
import io.vigil.app.security.Roles;
import io.vigil.app.security.Scopes;
import io.vigil.infra.persistence.ExpansionFacts;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * Expansion opportunities (docs/health.md, "Expansion opportunities"): the {@code
 * expansion_opportunity} signals the expansion playbook recorded, newest first, of the caller's
 * customers only (a CSM's own, a manager's team's, everyone's for an admin), each with its evidence
 * and the customer's ARR as it stands.
 */
@Controller("/api/insights/expansion")
@Secured({Roles.ADMIN, Roles.MANAGER, Roles.CSM})
@ExecuteOn(TaskExecutors.BLOCKING)
public class ExpansionController {
  private final ExpansionFacts facts;
  private final Scopes scopes;
  private final ObjectMapper json;

  public ExpansionController(ExpansionFacts facts, Scopes scopes, ObjectMapper json) {
    this.facts = facts;
    this.scopes = scopes;
    this.json = json;
  }

  /** {@code evidence}: one item per rule met ({@code rule}, {@code summary}, {@code value}, {@code threshold}). */
  public record OpportunityView(long id, String customerId, String customerName, String csmId, BigDecimal arr,
      @Nullable String asOf, @Nullable String reason,
      @io.swagger.v3.oas.annotations.media.Schema(type = "array") Object evidence, Instant foundAt) {}

  @Get
  public Page<OpportunityView> list(Authentication auth,
      @Nullable @QueryValue @Min(value = 1, message = Keyset.LIMIT_MESSAGE) @Max(value = Keyset.MAX_LIMIT, message = Keyset.LIMIT_MESSAGE) Integer limit,
      @Nullable @QueryValue String cursor) {
    Keyset page = Keyset.of("expansion", limit, cursor, 2);
    return page.page(facts.opportunities(scopes.of(Caller.of(auth)).csmIds(), page.instant(0), page.number(1),
        page.fetch()), this::view, o -> List.of(o.createdAt(), o.id()));
  }

  private OpportunityView view(ExpansionFacts.Opportunity o) {
    JsonNode metadata = parse(o.metadata());
    return new OpportunityView(o.id(), o.customerId(), o.customerName(), o.csmId(), o.arr(),
        metadata.path("asOf").isTextual() ? metadata.get("asOf").asText() : null,
        metadata.path("reason").isTextual() ? metadata.get("reason").asText() : null,
        metadata.path("evidence").isArray() ? metadata.get("evidence") : json.createArrayNode(), o.createdAt());
  }

  private JsonNode parse(String text) {
    try {
      return json.readTree(text);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
