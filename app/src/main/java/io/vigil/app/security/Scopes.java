package io.vigil.app.security;

import io.micronaut.http.HttpStatus;
import io.vigil.app.api.ApiError;
import io.vigil.infra.persistence.Customer;
import io.vigil.infra.persistence.CustomerRepository;
import io.vigil.infra.persistence.User;
import io.vigil.infra.persistence.UserRepository;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;

/** Works out a caller's {@link Scope} and answers 404 for what lies outside it, so it is not revealed. */
@Singleton
public class Scopes {
  private final UserRepository users;
  private final CustomerRepository customers;

  public Scopes(UserRepository users, CustomerRepository customers) {
    this.users = users;
    this.customers = customers;
  }

  public Scope of(Caller caller) {
    if (caller.is(Roles.ADMIN)) {
      return Scope.ALL;
    }
    if (caller.userId() == null) {
      return Scope.NONE;
    }
    if (caller.is(Roles.MANAGER)) {
      List<String> ids = new ArrayList<>(users.findTeamIds(caller.userId()));
      ids.add(caller.userId());
      return new Scope(List.copyOf(ids));
    }
    return caller.is(Roles.CSM) ? new Scope(List.of(caller.userId())) : Scope.NONE;
  }

  /** The customer, when the caller may see it; 404 otherwise, whether or not it exists. */
  public Customer visibleCustomer(Caller caller, String customerId) {
    Scope scope = of(caller);
    return customers.findById(customerId).filter(c -> scope.coversCsm(c.csmId()))
        .orElseThrow(() -> ApiError.notFound("customer", customerId));
  }

  /** Machines and admins act on any customer; people on those in their scope (404 otherwise). */
  public void requireActionable(Caller caller, String customerId) {
    if (caller.is(Roles.INTEGRATION) || caller.is(Roles.ADMIN)) {
      if (!customers.existsById(customerId)) {
        throw ApiError.notFound("customer", customerId);
      }
      return;
    }
    visibleCustomer(caller, customerId);
  }

  public boolean mayAct(Caller caller, String customerId) {
    Scope scope = of(caller);
    return customers.findById(customerId).map(c -> scope.coversCsm(c.csmId())).orElse(false);
  }

  /** Admins see every user, managers themselves and their team, CSMs themselves. */
  public User visibleUser(Caller caller, String userId) {
    Scope scope = of(caller);
    return users.findById(userId).filter(u -> scope.isAll() || scope.csmIds().contains(u.id()))
        .orElseThrow(() -> ApiError.notFound("user", userId));
  }

  public static ApiError forbidden(String message) {
    return new ApiError(HttpStatus.FORBIDDEN, message, List.of());
  }
}
