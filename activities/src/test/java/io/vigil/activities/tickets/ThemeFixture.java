package io.vigil.activities.tickets;

import io.vigil.infra.persistence.ThemeTicket;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Tickets whose themes a person decided: the id's prefix names the group each belongs to. */
final class ThemeFixture {
  private static final Instant START = Instant.parse("2026-10-01T09:00:00Z");
  private static final List<ThemeTicket> TICKETS = new ArrayList<>();

  private ThemeFixture() {}

  static List<ThemeTicket> tickets() {
    if (TICKETS.isEmpty()) {
      fr("scim-1", "Please add SCIM provisioning", "We want users created and removed automatically from Azure AD. SCIM is a requirement from our IT team.");
      fr("scim-2", "Automatic user provisioning from Okta", "Could you support SCIM so Okta can provision and deprovision our users? We add people every week.");
      fr("scim-3", "SCIM provisioning for Azure AD", "Our security team requires SCIM user provisioning from Azure AD before we roll out to more employees.");
      fr("scim-4", "User provisioning with SCIM", "Is SCIM 2.0 provisioning on the roadmap? Deprovisioning leavers by hand is a risk for us.");
      fr("dark-1", "Add a dark mode", "A few of our analysts work late and would love a dark theme. Is that on your roadmap?");
      fr("dark-2", "Dark theme for the app", "Our night shift asks for a dark mode, the white screens are tiring at night.");
      fr("xlsx-1", "Export to Excel", "We need to export tables as Excel xlsx files, CSV loses our formatting.");
      fr("xlsx-2", "Excel export of reports", "Please let us export reports straight to Excel instead of CSV.");
      fr("xlsx-3", "Native xlsx export", "Finance wants an xlsx export of each table so they can open it in Excel.");
      how("sched-1", "How do I schedule a report every Monday?", "I'd like the weekly pipeline report emailed to my manager each Monday morning. Where do I set up the schedule?");
      how("sched-2", "How to change the send time of a scheduled report", "Our scheduled report goes out at 6am UTC. How do I change it to 8am New York time?");
      how("sched-3", "Where do I add recipients to a scheduled report?", "I scheduled a report but can't find how to add two more people to the recipients. How is that done?");
      how("sched-4", "How can I pause a scheduled report?", "We're on holiday next week. How do I pause our scheduled reports without deleting them?");
      how("sched-5", "How do I send a scheduled report to a Slack channel?", "Can I send a scheduled report to a Slack channel instead of email? How do I configure it?");
      how("apikey-1", "How do I rotate an API key?", "Our API key leaked in a log. How do I rotate the key without downtime?");
      how("apikey-2", "Rotating API keys", "What is the right way to rotate API keys for our integration user?");
      bug("csv-1", "Export totals don't match the dashboard", "The CSV export sums to a different revenue total than the dashboard widget for October.");
      bug("csv-2", "CSV export totals wrong", "Totals in the CSV export are off compared to the dashboard, revenue is lower in the export.");
      bug("save-1", "Error 500 when saving a dashboard", "Saving any dashboard with more than three filters fails with error 500.");
      bug("save-2", "Cannot save dashboard: server error 500", "We get a 500 server error whenever we save a dashboard after editing filters.");
      bug("loop-1", "Login loop with Okta", "After signing in with Okta our users are sent back to the login page again and again.");
    }
    return List.copyOf(TICKETS);
  }

  private static void fr(String id, String subject, String body) {
    add(id, "feature_request", subject, body);
  }

  private static void how(String id, String subject, String body) {
    add(id, "how_to_question", subject, body);
  }

  private static void bug(String id, String subject, String body) {
    add(id, "bug_report", subject, body);
  }

  private static void add(String id, String category, String subject, String body) {
    int n = TICKETS.size();
    TICKETS.add(new ThemeTicket(id, "customer-" + (n % 5), "Customer " + (n % 5), BigDecimal.valueOf(10_000L * (n % 5 + 1)),
        "csm-1", category, subject, body, START.plusSeconds(3600L * n)));
  }

  /** The group a fixture ticket belongs to: its id without the number. */
  static String group(String id) {
    return id.substring(0, id.indexOf('-'));
  }
}
