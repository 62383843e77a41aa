package io.vigil.activities.common;

import io.temporal.activity.Activity;
import io.temporal.failure.ApplicationFailure;
import io.vigil.infra.persistence.Customer;
import io.vigil.infra.persistence.CustomerRepository;
import io.vigil.infra.persistence.User;
import io.vigil.infra.persistence.UserRepository;
import jakarta.inject.Singleton;

/**
 * The rows an activity cannot do without. A missing one fails the activity for good: retrying
 * cannot make a deleted customer or user appear.
 */
@Singleton
public class Lookups {
  private final CustomerRepository customers;
  private final UserRepository users;

  public Lookups(CustomerRepository customers, UserRepository users) {
    this.customers = customers;
    this.users = users;
  }

  public Customer customer(String id) {
    return customers.findById(id)
        .orElseThrow(() -> ApplicationFailure.newNonRetryableFailure("unknown customer " + id, "UnknownCustomer"));
  }

  public User user(String id) {
    return users.findById(id)
        .orElseThrow(() -> ApplicationFailure.newNonRetryableFailure("unknown user " + id, "UnknownUser"));
  }

  /** The workflow the running activity belongs to. */
  public static String workflowId() {
    return Activity.getExecutionContext().getInfo().getWorkflowId();
  }
}
