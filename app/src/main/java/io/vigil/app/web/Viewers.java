package io.vigil.app.web;

import io.micronaut.security.authentication.Authentication;
import io.vigil.app.security.Caller;
import io.vigil.app.security.Scopes;
import io.vigil.infra.persistence.User;
import io.vigil.infra.persistence.UserRepository;
import jakarta.inject.Singleton;

@Singleton
public class Viewers {
  private final UserRepository users;
  private final Scopes scopes;

  public Viewers(UserRepository users, Scopes scopes) {
    this.users = users;
    this.scopes = scopes;
  }

  public Viewer of(Authentication auth) {
    Caller caller = Caller.of(auth);
    String name = caller.userId() == null ? caller.actor()
        : users.findById(caller.userId()).map(User::name).orElse(caller.userId());
    return new Viewer(caller, name, scopes.of(caller));
  }
}
