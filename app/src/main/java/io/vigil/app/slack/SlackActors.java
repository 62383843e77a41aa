package io.vigil.app.slack;

import io.vigil.app.security.Caller;
import io.vigil.app.security.Roles;
import io.vigil.infra.persistence.User;
import io.vigil.infra.persistence.UserRepository;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The Vigil user a Slack click acts as: the one user whose {@code slackUserId} is the clicker's. A
 * person (CSM, manager, admin) acts within their role and portfolio exactly as through the API; an
 * unlinked Slack account, an account linked twice, or an integration account is refused with why.
 */
@Singleton
public class SlackActors {
  /** Roles that may decide drafts and act on alerts, as in the API. */
  private static final Set<String> PEOPLE = Set.of(Roles.ADMIN, Roles.MANAGER, Roles.CSM);

  private final UserRepository users;

  public SlackActors(UserRepository users) {
    this.users = users;
  }

  /** Who acted, or why nobody may: exactly one of {@code caller} and {@code refusal} is set. */
  public record Actor(Caller caller, User user, String refusal) {
    public String name() {
      return user.name() + " (" + user.id() + ")";
    }
  }

  public Actor of(String slackUserId) {
    List<User> linked = slackUserId == null ? List.of() : users.findBySlackUserId(slackUserId);
    if (linked.isEmpty()) {
      return refused("Your Slack account (" + slackUserId + ") is not linked to a Vigil user, so Vigil cannot tell who "
          + "you are: an admin sets slackUserId on your Vigil user (PUT /api/users/{id}). Nothing was changed.");
    }
    if (linked.size() > 1) {
      return refused("Your Slack account is linked to " + linked.size() + " Vigil users ("
          + linked.stream().map(User::id).sorted().collect(Collectors.joining(", "))
          + "): an admin keeps it on one. Nothing was changed.");
    }
    User user = linked.get(0);
    if (!PEOPLE.contains(user.role())) {
      return refused("Vigil user " + user.id() + " is an " + user.role() + " account: only people (CSMs, managers, "
          + "admins) decide drafts and act on alerts. Nothing was changed.");
    }
    return new Actor(new Caller(user.id(), user.role(), "slack:" + slackUserId), user, null);
  }

  private static Actor refused(String why) {
    return new Actor(null, null, why);
  }
}
