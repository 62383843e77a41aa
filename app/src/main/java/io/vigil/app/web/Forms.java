package io.vigil.app.web;

import io.micronaut.core.annotation.Nullable;

/**
 * The dashboard's form bodies, each bound whole with {@code @Body}. Bound field by field as bare
 * {@code String} parameters, which Micronaut 4.10 fills from the form as it streams in, a field's
 * value now and then came before it was URL-decoded: about one post in two thousand, a blank reason
 * ("reason=+") arrived as "+" and was stored, so "seasonal dip" could have been stored, or a draft
 * sent, as "seasonal+dip" (DashboardIT repeats the blank post). A body bound whole is decoded in one
 * piece after it has arrived, and 6,000 such posts in a row were all refused. An empty form binds as
 * null, so each controller reads its fields through a null check.
 */
public final class Forms {
  private Forms() {
  }

  /** Why an alert is dismissed, or why a draft is rejected. */
  public record Reason(@Nullable String reason) {
  }

  /** A one-time sign-in link's token, and where to go after it. */
  public record Signin(@Nullable String token, @Nullable String next) {
  }

  /** A CSM's note on their reply to an incident's customer. */
  public record Note(@Nullable String note) {
  }

  /** A draft as the CSM approves it, edited or not. */
  public record Draft(@Nullable String subject, @Nullable String body) {
  }
}
