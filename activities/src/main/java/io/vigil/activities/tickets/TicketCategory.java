package io.vigil.activities.tickets;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * What a support ticket is about (customer-success spec, "Support Ticket Analysis"). The category
 * routes a ticket: bugs to engineering, feature requests to product, gaps to documentation. Stored
 * and served by its {@link #wireName()}.
 */
public enum TicketCategory {
  BUG_REPORT,
  FEATURE_REQUEST,
  DOCUMENTATION_GAP,
  USABILITY_ISSUE,
  PERFORMANCE_ISSUE,
  INTEGRATION_QUESTION,
  HOW_TO_QUESTION;

  public static final String PATTERN =
      "bug_report|feature_request|documentation_gap|usability_issue|performance_issue|integration_question|how_to_question";
  public static final String MESSAGE = "must be one of bug_report, feature_request, documentation_gap, usability_issue, "
      + "performance_issue, integration_question, how_to_question";

  public String wireName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  public static Optional<TicketCategory> fromWire(String name) {
    return Arrays.stream(values()).filter(c -> c.wireName().equals(name)).findFirst();
  }

  public static List<String> wireNames() {
    return Arrays.stream(values()).map(TicketCategory::wireName).toList();
  }
}
