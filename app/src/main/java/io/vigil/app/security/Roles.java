package io.vigil.app.security;

import java.util.Set;

/** Vigil's four roles, as Micronaut Security role names (see docs/security.md for what each may do). */
public final class Roles {
  public static final String ADMIN = "admin";
  public static final String MANAGER = "manager";
  public static final String CSM = "csm";
  /** Machines: usage events, features, feature sync, detection runs, incident webhooks; no people's data. */
  public static final String INTEGRATION = "integration";

  public static final Set<String> ALL = Set.of(ADMIN, MANAGER, CSM, INTEGRATION);

  private Roles() {}
}
