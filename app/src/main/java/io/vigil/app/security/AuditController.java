package io.vigil.app.security;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.vigil.app.api.ApiError;
import io.vigil.app.api.Keyset;
import io.vigil.app.api.Page;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import io.vigil.infra.persistence.AuditEntry;
import io.vigil.infra.persistence.AuditLogRepository;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

/** The audit trail of state-changing requests, newest first (admins only). */
@Controller("/api/audit")
@ExecuteOn(TaskExecutors.BLOCKING)
@Secured(Roles.ADMIN)
public class AuditController {
  private final AuditLogRepository audit;

  public AuditController(AuditLogRepository audit) {
    this.audit = audit;
  }

  public record AuditView(long id, Instant at, @Nullable String actor, @Nullable String credentialId, @Nullable String role, String method,
      String path, @Nullable String route, List<String> targetIds, @Nullable String customerId, @Nullable String remote, int status, String outcome) {}

  /** {@code actor} matches a user id or a credential id; {@code from}/{@code to} are ISO instants. */
  @Get
  public Page<AuditView> search(@Nullable @QueryValue String actor, @Nullable @QueryValue String customerId,
      @Nullable @QueryValue String from, @Nullable @QueryValue String to,
      @Nullable @QueryValue @Min(value = 1, message = Keyset.LIMIT_MESSAGE) @Max(value = Keyset.MAX_LIMIT, message = Keyset.LIMIT_MESSAGE) Integer limit, @Nullable @QueryValue String cursor) {
    Keyset page = Keyset.of("audit", limit, cursor, 1);
    return page.page(audit.search(actor, customerId, instant("from", from), instant("to", to), page.number(0),
        page.fetch()), AuditController::view, e -> List.of(e.id()));
  }

  private static Instant instant(String name, String value) {
    if (value == null) {
      return null;
    }
    try {
      Instant at = Instant.parse(value);
      if (at.isBefore(Instant.parse("2000-01-01T00:00:00Z")) || at.isAfter(Instant.parse("2100-01-01T00:00:00Z"))) {
        throw ApiError.badRequest(name, "must lie between 2000 and 2100");
      }
      return at;
    } catch (DateTimeParseException e) {
      throw ApiError.badRequest(name, "must be an ISO-8601 instant such as 2026-11-29T00:00:00Z");
    }
  }

  private static AuditView view(AuditEntry e) {
    return new AuditView(e.id(), e.at(), e.actorUserId(), e.credentialId(), e.role(), e.method(), e.path(), e.route(),
        List.of(e.targetIds()), e.customerId(), e.remote(), e.status(), e.outcome());
  }
}
