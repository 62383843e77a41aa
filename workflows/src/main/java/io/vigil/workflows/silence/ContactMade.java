package io.vigil.workflows.silence;

import java.time.Instant;

/** A contact with the customer: a recorded touchpoint ({@code type} call, meeting, email, note) or an email sent through Vigil. */
public record ContactMade(String type, Instant at, String by) {
  public String describe() {
    return "a " + type + " on " + at + (by == null ? "" : " by " + by);
  }
}
