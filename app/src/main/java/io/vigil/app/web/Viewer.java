package io.vigil.app.web;

import io.vigil.app.security.Caller;
import io.vigil.app.security.Roles;
import io.vigil.app.security.Scope;

/** Who is looking at a page: the caller as the API knows them, with a name to greet and their scope. */
public record Viewer(Caller caller, String name, Scope scope) {
  public String userId() {
    return caller.userId();
  }

  public String role() {
    return caller.role();
  }

  /** Managers and admins see more than their own portfolio; the pages say whose they show. */
  public String portfolio() {
    if (caller.is(Roles.ADMIN)) {
      return "every portfolio";
    }
    return caller.is(Roles.MANAGER) ? "your team's portfolio" : "your portfolio";
  }
}
