package io.vigil.workflows.report;

/** Where the report goes: the Slack channel ({@code slack}, a channel id) or a manager ({@code email}, a user id). */
public record ReportRecipient(String channel, String target) {
  public static final String SLACK = "slack";
  public static final String EMAIL = "email";

  public String describe() {
    return SLACK.equals(channel) ? "Slack channel " + target : "manager " + target + " by email";
  }
}
