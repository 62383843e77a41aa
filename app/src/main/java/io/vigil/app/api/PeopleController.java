package io.vigil.app.api;

import io.micronaut.core.annotation.Introspected;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.QueryValue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.transaction.Transactional;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.ArrayList;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Put;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.vigil.app.security.Caller;
import io.vigil.app.security.Roles;
import io.vigil.activities.detection.Countries;
import io.vigil.app.security.Scopes;
import io.vigil.infra.persistence.ActivityLogRepository;
import io.vigil.infra.persistence.CustomerRepository;
import io.vigil.infra.persistence.User;
import io.vigil.infra.persistence.UserRepository;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import io.vigil.infra.persistence.Customer;
import java.util.List;

/**
 * CSMs, managers and the customers they own. Admins change them; people read what their scope
 * covers (anything else is a 404, so its existence is not revealed).
 */
@Controller("/api")
@Secured({Roles.ADMIN, Roles.MANAGER, Roles.CSM})
@ExecuteOn(TaskExecutors.BLOCKING)
public class PeopleController {
  private final UserRepository users;
  private final CustomerRepository customers;
  private final ActivityLogRepository activity;
  private final Views views;
  private final Scopes scopes;
  private final Clock clock;

  public PeopleController(UserRepository users, CustomerRepository customers, ActivityLogRepository activity, Views views,
      Scopes scopes, Clock clock) {
    this.scopes = scopes;
    this.clock = clock;
    this.users = users;
    this.customers = customers;
    this.activity = activity;
    this.views = views;
  }

  @Introspected
  public record UserRequest(
      @NotBlank @Size(max = Limits.NAME) String name,
      @NotBlank @Email @Size(max = Limits.EMAIL) String email,
      @NotNull @Pattern(regexp = "csm|manager|admin", message = "must be one of csm, manager, admin") String role,
      @Nullable @Pattern(regexp = Limits.ID, message = Limits.ID_MESSAGE) String managerId,
      @Nullable @Size(max = 64) String slackUserId) {}

  @Put("/users/{id}")
  @Secured(Roles.ADMIN)
  public User putUser(@PathVariable @Pattern(regexp = Limits.ID, message = Limits.ID_MESSAGE) String id,
      @Body @Valid UserRequest body) {
    if (body.managerId() != null && !body.managerId().equals(id) && users.findById(body.managerId()).isEmpty()) {
      throw ApiError.badRequest("managerId", "no user " + body.managerId());
    }
    users.upsert(id, body.name().strip(), body.email().strip(), body.role(), body.managerId(), body.slackUserId());
    return users.findById(id).orElseThrow();
  }

  @Get("/users/{id}")
  public User getUser(Authentication auth, @PathVariable String id) {
    return scopes.visibleUser(Caller.of(auth), id);
  }

  @Introspected
  public record CustomerRequest(
      @NotBlank @Size(max = Limits.NAME) String name,
      @NotNull @DecimalMin("0") @DecimalMax("999999999999.99") @Digits(integer = 12, fraction = 2) BigDecimal arr,
      @NotBlank @Size(max = 100) String segment,
      @NotBlank @Size(max = 100) String region,
      @NotNull @Pattern(regexp = Limits.ID, message = Limits.ID_MESSAGE) String csmId,
      @NotBlank @Size(max = Limits.NAME) String championName,
      @NotBlank @Email @Size(max = Limits.EMAIL) String championEmail,
      @Nullable @Size(max = Limits.NAME) String productName,
      @Nullable @Size(max = 64) String timezone,
      @Nullable @Size(max = 100) List<@NotBlank @Size(max = 100) String> components,
      @Nullable @io.swagger.v3.oas.annotations.media.Schema(pattern = "[A-Za-z]{2}", example = "US",
          description = "ISO 3166-1 alpha-2 code (any case): the country whose public holidays the detector keeps for"
              + " the customer; absent or null: none of its own, its region decides (docs/detection.md, Holidays)")
      String country,
      @Nullable @Min(value = 0, message = "must be between 0 and 10000000") @Max(value = 10_000_000, message = "must be between 0 and 10000000") Integer seats,
      @Nullable @Size(min = 1, max = 100) @Pattern(regexp = "(?s).*\\S.*", message = "must not be blank") String plan,
      @Nullable LocalDate startDate,
      @Nullable LocalDate renewalDate) {}

  @Put("/customers/{id}")
  @Secured(Roles.ADMIN)
  @Transactional
  public Views.CustomerView putCustomer(@PathVariable @Pattern(regexp = Limits.ID, message = Limits.ID_MESSAGE) String id,
      @Body @Valid CustomerRequest body) {
    List<ApiError.FieldError> errors = new ArrayList<>();
    if (body.timezone() != null) {
      try {
        ZoneId.of(body.timezone());
      } catch (DateTimeException e) {
        errors.add(new ApiError.FieldError("timezone", "must be an IANA time zone such as Europe/Berlin"));
      }
    }
    String country = null;
    if (body.country() != null) {
      country = Countries.parse(body.country()).orElse(null);
      if (country == null) {
        errors.add(new ApiError.FieldError("country", "must be an ISO 3166-1 alpha-2 country code such as US, GB or DE"));
      }
    }
    if (body.startDate() != null && body.renewalDate() != null && body.renewalDate().isBefore(body.startDate())) {
      errors.add(new ApiError.FieldError("renewalDate", "must not be before startDate"));
    }
    if (users.findById(body.csmId()).isEmpty()) {
      errors.add(new ApiError.FieldError("csmId", "no user " + body.csmId() + "; create it with PUT /api/users/"
          + body.csmId() + " first"));
    }
    if (!errors.isEmpty()) {
      throw ApiError.invalid(errors);
    }
    customers.upsert(id, body.name().strip(), body.arr(), body.segment().strip(), body.region().strip(), body.csmId(),
        body.championName().strip(), body.championEmail().strip(), body.productName(), body.timezone());
    customers.setCountry(id, country);
    if (body.components() != null) {
      customers.setComponents(id, body.components().stream().map(String::strip).toArray(String[]::new));
    }
    customers.setAccount(id, body.seats(), body.plan() == null ? null : body.plan().strip(), body.startDate(),
        body.renewalDate());
    Customer stored = customers.findById(id).orElseThrow();
    if (stored.startDate() != null && stored.renewalDate() != null && stored.renewalDate().isBefore(stored.startDate())) {
      throw ApiError.invalid(List.of(new ApiError.FieldError(body.renewalDate() != null ? "renewalDate" : "startDate",
          "renewalDate must not be before startDate (" + stored.startDate() + ")")));
    }
    customers.recordAccount(id, LocalDate.now(clock.withZone(ZoneOffset.UTC)));
    return views.customer(stored);
  }

  @Get("/customers/{id}")
  public Views.CustomerView getCustomer(Authentication auth, @PathVariable String id) {
    return views.customer(scopes.visibleCustomer(Caller.of(auth), id));
  }

  @Get("/customers/{id}/activity")
  public Page<Views.ActivityView> activity(Authentication auth, @PathVariable String id,
      @Nullable @QueryValue @Min(value = 1, message = Keyset.LIMIT_MESSAGE) @Max(value = Keyset.MAX_LIMIT, message = Keyset.LIMIT_MESSAGE) Integer limit,
      @Nullable @QueryValue String cursor) {
    Keyset page = Keyset.of("activity", limit, cursor, 2);
    scopes.visibleCustomer(Caller.of(auth), id);
    return page.page(activity.findByCustomer(id, page.instant(0), page.number(1), page.fetch()), views::activity,
        e -> List.of(e.createdAt(), e.id()));
  }
}
