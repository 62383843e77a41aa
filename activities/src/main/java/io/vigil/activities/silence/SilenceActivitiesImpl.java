package io.vigil.activities.silence;

import io.vigil.activities.common.DmButtons;
import static io.vigil.activities.common.Lookups.workflowId;

import io.vigil.activities.common.ActivityLog;
import io.vigil.activities.common.Links;
import io.vigil.activities.common.Lookups;
import io.vigil.activities.delivery.Deliveries;
import io.vigil.activities.drafting.Drafts;
import io.vigil.activities.drafting.Templates;
import io.vigil.infra.persistence.Customer;
import io.vigil.infra.persistence.TouchpointStore;
import io.vigil.infra.persistence.User;
import io.vigil.workflows.common.ApprovalKind;
import io.vigil.workflows.common.Delivery;
import io.vigil.workflows.common.DraftRef;
import io.vigil.workflows.silence.ContactMade;
import io.vigil.workflows.silence.SilenceActivities;
import io.vigil.workflows.silence.SilenceAlert;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

@Singleton
public class SilenceActivitiesImpl implements SilenceActivities {
  private final DmButtons dmButtons;
  private final Lookups lookups;
  private final TouchpointStore touchpoints;
  private final TalkingPoints talkingPoints;
  private final Drafts drafts;
  private final Deliveries deliveries;
  private final Templates templates;
  private final Links links;
  private final ActivityLog log;
  private final Clock clock;

  public SilenceActivitiesImpl(Lookups lookups, TouchpointStore touchpoints, TalkingPoints talkingPoints, Drafts drafts,
      Deliveries deliveries, Templates templates, Links links, ActivityLog log, Clock clock, DmButtons dmButtons) {
    this.dmButtons = dmButtons;
    this.lookups = lookups;
    this.touchpoints = touchpoints;
    this.talkingPoints = talkingPoints;
    this.drafts = drafts;
    this.deliveries = deliveries;
    this.templates = templates;
    this.links = links;
    this.log = log;
    this.clock = clock;
  }

  @Override
  public ContactMade findSilenceContact(SilenceAlert alert) {
    // up to now, not to the day scored: a contact made since the sweep read them ends the silence too
    var touchpoint = touchpoints.list(alert.customerId(), null, null, 1).stream().findFirst();
    var contact = touchpoints.contacts(List.of(alert.customerId()), LocalDate.now(clock.withZone(ZoneOffset.UTC)))
        .get(alert.customerId());
    Instant last = contact == null ? null : contact.lastContact();
    if (last == null || (alert.lastContact() != null && !last.isAfter(alert.lastContact()))) {
      return null;
    }
    if (touchpoint.isPresent() && touchpoint.get().at().equals(last)) {
      return new ContactMade(touchpoint.get().type(), last, touchpoint.get().by());
    }
    return new ContactMade("email", last, null);
  }

  @Override
  public DraftRef draftSilenceCheckin(String key, SilenceAlert alert, List<String> meetingSlots) {
    Customer customer = lookups.customer(alert.customerId());
    User csm = lookups.user(customer.csmId());
    TalkingPoints.Points points = talkingPoints.of(customer.id());
    Map<String, Object> context = context(alert, customer, csm, points);
    List<String> slots = Drafts.offerSlots(context, customer, meetingSlots);
    var email = templates.render("silence-checkin-email", context);
    return drafts.hold(new Drafts.Draft(key, workflowId(), customer, csm, ApprovalKind.SILENCE_CHECKIN, email),
        Map.of("subject", email.subject(), "meetingSlots", slots.size(), "silentDays", alert.silentDays(),
            "talkingPoints", points.forCsm()));
  }

  @Override
  public Delivery notifyCsmOfSilence(String key, SilenceAlert alert, String approvalId) {
    Customer customer = lookups.customer(alert.customerId());
    User csm = lookups.user(customer.csmId());
    Map<String, Object> context = context(alert, customer, csm, talkingPoints.of(customer.id()));
    String text = templates.render("silence-slack-alert", context).body();
    Delivery delivery = deliveries.toUser(key, csm.id(), customer.id(), "No contact with " + customer.name()
        + " for " + alert.silentDays() + " days", text, workflowId(), dmButtons.draft(approvalId));
    log.append(key, customer.id(), workflowId(), "csm_notified",
        Map.of("csmId", csm.id(), "channel", delivery.channel(), "status", delivery.status(), "approvalId", approvalId));
    return delivery;
  }

  private Map<String, Object> context(SilenceAlert alert, Customer customer, User csm, TalkingPoints.Points points) {
    Map<String, Object> context = new HashMap<>();
    context.put("customer_name", customer.name());
    context.put("champion_name", customer.championName());
    context.put("product_name", customer.productName() == null ? "our platform" : customer.productName());
    context.put("csm_name", csm.name());
    context.put("silent_days", alert.silentDays());
    context.put("silent_since", alert.silentSince().toString());
    context.put("last_contact", alert.lastContact() == null ? "none recorded" : alert.lastContact().toString());
    context.put("health_score", alert.healthScore() == null ? "unscored" : alert.healthScore());
    context.put("talking_points", points.forCsm());
    context.put("open_tickets", points.openTickets());
    context.put("view_customer_url", links.customer(customer.id()));
    context.put("draft_url", links.pendingApprovals(customer.id()));
    return context;
  }
}
