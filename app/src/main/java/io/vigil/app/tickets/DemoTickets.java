package io.vigil.app.tickets;

import jakarta.inject.Singleton;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * The demo portfolio's support tickets ({@code bin/vigil-dev --demo}): a few of each category over
 * the last weeks, with recurring subjects (SCIM provisioning requested by three customers, five
 * questions about scheduled reports) for the themes and escalations built on them, and one opened
 * after the demo's incident started. Fixed ids, so a second start changes nothing.
 */
@Singleton
public class DemoTickets {
  private record Demo(String customerId, int daysAgo, String status, String priority, Integer csat, String subject,
      String body) {}

  private static final List<Demo> TICKETS = List.of(
      new Demo("acme", 12, "solved", "high", 2, "Dashboards take almost a minute to load",
          "Since last week our main dashboard takes 40-50 seconds to load for everyone on the team. It used to be instant."),
      new Demo("acme", 6, "open", "normal", null, "Please add SCIM provisioning",
          "We want users created and removed automatically from Azure AD. SCIM is a requirement from our IT team."),
      new Demo("acme", 3, "open", "urgent", null, "Export totals don't match the dashboard",
          "The CSV export sums to a different revenue figure than the dashboard widget for October. Nothing was filtered."),
      new Demo("globex", 20, "closed", "normal", 5, "How do I schedule a report every Monday?",
          "I'd like the weekly pipeline report emailed to my manager each Monday morning. Where do I set that up?"),
      new Demo("globex", 9, "pending", "high", null, "Login loop with Okta",
          "After signing in with Okta our users are sent back to the login page again and again."),
      new Demo("globex", 4, "open", "normal", null, "Automatic user provisioning from Okta",
          "Could you support SCIM so Okta can provision and deprovision our users? We add people every week."),
      new Demo("initech", 15, "solved", "low", 4, "How to change the send time of a scheduled report",
          "Our scheduled report goes out at 6am UTC. How do I change it to 8am New York time?"),
      new Demo("initech", 8, "open", "normal", null, "Reports page is very slow",
          "Opening the reports list shows a spinner for over a minute before anything appears."),
      new Demo("initech", 2, "open", "normal", null, "Webhook signature header not documented",
          "Your webhook docs say payloads are signed but never say which header or algorithm. We can't verify them."),
      new Demo("umbrella", 18, "closed", "normal", 3, "Where do I add recipients to a scheduled report?",
          "I scheduled a report but can't find how to add two more people to the recipients. How is that done?"),
      new Demo("umbrella", 5, "open", "normal", null, "Settings are hard to find after the redesign",
          "Since the new navigation nobody on our team can find the notification settings; the icons have no labels."),
      new Demo("hooli", 25, "solved", "high", 4, "Does the Salesforce sync support custom objects?",
          "We want to sync our custom Salesforce objects, not only Accounts and Opportunities. Is that supported?"),
      new Demo("hooli", 7, "open", "high", null, "SCIM provisioning for Azure AD",
          "Our security team requires SCIM user provisioning from Azure AD before we roll out to 2,000 more employees."),
      new Demo("hooli", 1, "open", "normal", null, "Error 500 when saving a dashboard",
          "Saving any dashboard with more than three filters fails with error 500 since this morning."),
      new Demo("stark", 11, "solved", "normal", 5, "How can I pause a scheduled report?",
          "We're on holiday next week. How do I pause our scheduled reports without deleting them?"),
      new Demo("wayne", 14, "closed", "low", 4, "How do I make a scheduled report go to a Slack channel?",
          "Can I send a scheduled report to a Slack channel instead of email? How do I configure it?"),
      new Demo("wonka", 10, "open", "low", null, "Add a dark mode",
          "A few of our analysts work late and would love a dark theme. Is that on your roadmap?"),
      // opened at 15:15 on the demo's day, after the demo's P1 incident started (14:30): its affected customers show it
      new Demo("acme", 0, "open", "urgent", null, "Scheduled reports API times out",
          "Every call to the reports API has timed out for the last half hour; our morning exports are stuck."));

  private final TicketIntake intake;

  DemoTickets(TicketIntake intake) {
    this.intake = intake;
  }

  /** Stores the demo tickets, dated back from {@code asOf}; answers how many there are. */
  public int load(LocalDate asOf) {
    List<ReceivedTicket> tickets = new ArrayList<>();
    for (int i = 0; i < TICKETS.size(); i++) {
      Demo d = TICKETS.get(i);
      var opened = asOf.minusDays(d.daysAgo()).atTime(10 + i % 6, 15).toInstant(ZoneOffset.UTC);
      tickets.add(new ReceivedTicket("demo-ticket-" + (i + 1), d.customerId(), d.subject(), d.body(), d.status(),
          d.priority(), "support@" + d.customerId() + ".example.com", List.of("demo"), d.csat(), ReceivedTicket.API,
          opened, null));
    }
    intake.store(tickets);
    return tickets.size();
  }
}
