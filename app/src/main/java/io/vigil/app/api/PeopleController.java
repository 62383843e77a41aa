package io.vigil.app.api;

import com.fasterxml.jackson.databind.JsonNode;
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
import io.vigil.app.security.Scopes;
import io.vigil.infra.persistence.ActivityLogRepository;
import io.vigil.infra.persistence.CustomerRepository;
import io.vigil.infra.persistence.User;
import io.vigil.infra.persistence.UserRepository;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;

/**
 * CSMs, managers and the customers they own. Admins change them; people read what their scope
 * covers (anything else is a 404, so its existence is not revealed).
 */
@Controller("/api")
@Secured({Roles.ADMIN, Roles.MANAGER, Roles.CSM})
@ExecuteOn(TaskExecutors.BLOCKING)
public class PeopleController {
  private static final Set<String> ROLES = Set.of("csm", "manager", "admin");

  private final UserRepository users;
  private final CustomerRepository customers;
  private final ActivityLogRepository activity;
  private final Views views;
  private final Scopes scopes;

  public PeopleController(UserRepository users, CustomerRepository customers, ActivityLogRepository activity, Views views,
      Scopes scopes) {
    this.scopes = scopes;
    this.users = users;
    this.customers = customers;
    this.activity = activity;
    this.views = views;
  }

  @Put("/users/{id}")
  @Secured(Roles.ADMIN)
  public User putUser(@PathVariable String id, @Body JsonNode body) {
    Fields f = new Fields(body);
    String name = f.text("name");
    String email = email(f, "email");
    String role = f.oneOf("role", ROLES);
    String managerId = f.optionalText("managerId");
    String slackUserId = f.optionalText("slackUserId");
    if (managerId != null && !managerId.equals(id) && users.findById(managerId).isEmpty()) {
      f.fail("managerId", "no user " + managerId);
    }
    f.throwIfInvalid();
    users.upsert(id, name, email, role, managerId, slackUserId);
    return users.findById(id).orElseThrow();
  }

  @Get("/users/{id}")
  public User getUser(Authentication auth, @PathVariable String id) {
    return scopes.visibleUser(Caller.of(auth), id);
  }

  @Put("/customers/{id}")
  @Secured(Roles.ADMIN)
  public Views.CustomerView putCustomer(@PathVariable String id, @Body JsonNode body) {
    Fields f = new Fields(body);
    String name = f.text("name");
    BigDecimal arr = f.decimal("arr", BigDecimal.ZERO, new BigDecimal("1000000000000"));
    String segment = f.text("segment");
    String region = f.text("region");
    String csmId = f.text("csmId");
    String championName = f.text("championName");
    String championEmail = email(f, "championEmail");
    String productName = f.optionalText("productName");
    String timezone = f.optionalText("timezone");
    List<String> components = f.optionalTextList("components");
    if (timezone != null) {
      try {
        ZoneId.of(timezone);
      } catch (DateTimeException e) {
        f.fail("timezone", "must be an IANA time zone such as Europe/Berlin");
      }
    }
    if (csmId != null && users.findById(csmId).isEmpty()) {
      f.fail("csmId", "no user " + csmId + "; create it with PUT /api/users/" + csmId + " first");
    }
    f.throwIfInvalid();
    customers.upsert(id, name, arr, segment, region, csmId, championName, championEmail, productName, timezone);
    if (components != null) {
      customers.setComponents(id, components.toArray(String[]::new));
    }
    return views.customer(customers.findById(id).orElseThrow());
  }

  @Get("/customers/{id}")
  public Views.CustomerView getCustomer(Authentication auth, @PathVariable String id) {
    return views.customer(scopes.visibleCustomer(Caller.of(auth), id));
  }

  @Get("/customers/{id}/activity")
  public List<Views.ActivityView> activity(Authentication auth, @PathVariable String id) {
    scopes.visibleCustomer(Caller.of(auth), id);
    return activity.findByCustomer(id).stream().map(views::activity).toList();
  }

  private static String email(Fields f, String name) {
    String value = f.text(name);
    if (value != null && !value.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")) {
      f.fail(name, "must be an email address");
      return null;
    }
    return value;
  }
}
