package io.vigil.activities.detractor;

import io.vigil.activities.common.DmButtons;
import static io.vigil.activities.common.Lookups.workflowId;

import io.temporal.failure.ApplicationFailure;
import io.vigil.activities.common.Links;
import io.vigil.activities.common.Lookups;
import io.vigil.activities.common.ActivityLog;
import io.vigil.activities.delivery.Deliveries;
import io.vigil.activities.detection.DetectionCalendar;
import io.vigil.activities.drafting.Drafts;
import io.vigil.activities.drafting.Templates;
import io.vigil.infra.persistence.Customer;
import io.vigil.infra.persistence.CustomerPlace;
import io.vigil.infra.persistence.DetractorFollowUps;
import io.vigil.infra.persistence.FeatureCatalogEntry;
import io.vigil.infra.persistence.FeatureCatalogStore;
import io.vigil.infra.persistence.User;
import io.vigil.workflows.common.ApprovalKind;
import io.vigil.workflows.common.Delivery;
import io.vigil.workflows.common.DraftRef;
import io.vigil.workflows.detractor.DetractorActivities;
import io.vigil.workflows.detractor.DetractorOutcome;
import io.vigil.workflows.detractor.DetractorResponse;
import jakarta.inject.Singleton;
import java.text.NumberFormat;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

@Singleton
public class DetractorActivitiesImpl implements DetractorActivities {
  private final DmButtons dmButtons;
  private final Lookups lookups;
  private final DetractorFollowUps followUps;
  private final FeatureCatalogStore catalog;
  private final DetectionCalendar calendar;
  private final Drafts drafts;
  private final Deliveries deliveries;
  private final Templates templates;
  private final Links links;
  private final ActivityLog log;

  public DetractorActivitiesImpl(Lookups lookups, DetractorFollowUps followUps, FeatureCatalogStore catalog,
      DetectionCalendar calendar, Drafts drafts, Deliveries deliveries, Templates templates, Links links, ActivityLog log, DmButtons dmButtons) {
    this.dmButtons = dmButtons;
    this.lookups = lookups;
    this.followUps = followUps;
    this.catalog = catalog;
    this.calendar = calendar;
    this.drafts = drafts;
    this.deliveries = deliveries;
    this.templates = templates;
    this.links = links;
    this.log = log;
  }

  @Override
  public void recordFollowUpStarted(String key, DetractorResponse response) {
    DetractorFollowUps.Answer answer = answer(response);
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("responseId", response.responseId());
    details.put("score", response.score());
    details.put("severity", response.severity().label());
    details.put("contactEmail", answer.contactEmail());
    details.put("comment", answer.comment() == null ? "" : ActivityLog.storable(answer.comment()));
    log.append(key, response.customerId(), workflowId(), "detractor_follow_up_started", details);
  }

  @Override
  public Delivery notifyCsm(String key, DetractorResponse response, Instant taskDueAt) {
    Customer customer = lookups.customer(response.customerId());
    User csm = lookups.user(customer.csmId());
    DetractorFollowUps.Answer answer = answer(response);
    Map<String, Object> context = context(customer, csm, answer);
    context.put("contact_email", answer.contactEmail());
    context.put("responded_on", LocalDate.ofInstant(answer.respondedAt(), ZoneOffset.UTC).toString());
    context.put("arr", NumberFormat.getCurrencyInstance(Locale.US).format(customer.arr()).replace(".00", ""));
    context.put("severity", response.severity().label());
    context.put("due_on", LocalDate.ofInstant(taskDueAt, ZoneOffset.UTC).toString());
    context.put("draft_url", links.pendingApprovals(customer.id()));
    String text = templates.render("detractor-slack-alert", context).body();
    Delivery delivery = deliveries.toUser(key, csm.id(), customer.id(), "Detractor at " + customer.name() + ": NPS "
        + answer.score(), text, workflowId(), dmButtons.customer(customer.id()));
    log.append(key, customer.id(), workflowId(), "csm_notified",
        Map.of("csmId", csm.id(), "channel", delivery.channel(), "status", delivery.status()));
    return delivery;
  }

  @Override
  public Instant businessDaysAfter(String customerId, Instant from, int businessDays) {
    Customer customer = lookups.customer(customerId);
    LocalDate due = calendar.businessDaysAfter(new CustomerPlace(customer.id(), customer.country(), customer.region()),
        LocalDate.ofInstant(from, ZoneOffset.UTC), businessDays);
    return due.atTime(from.atOffset(ZoneOffset.UTC).toLocalTime()).toInstant(ZoneOffset.UTC);
  }

  @Override
  public DraftRef draftReply(String key, DetractorResponse response) {
    Customer customer = lookups.customer(response.customerId());
    User csm = lookups.user(customer.csmId());
    DetractorFollowUps.Answer answer = answer(response);
    Map<String, Object> context = context(customer, csm, answer);
    context.put("schedule_url", Links.scheduleCall("Your feedback: " + customer.name()));
    Templates.Rendered email = templates.render("detractor-reply-email", context);
    return drafts.hold(new Drafts.Draft(key, workflowId(), customer, csm, ApprovalKind.DETRACTOR_REPLY, email,
        answer.contactEmail()), Map.of("kind", ApprovalKind.DETRACTOR_REPLY.label(), "subject", email.subject(),
        "responseId", response.responseId()));
  }

  @Override
  public void recordOutcome(String key, DetractorResponse response, DetractorOutcome outcome, String approvalId) {
    followUps.close(response.responseId(), approvalId, outcome.label());
    log.append(key, response.customerId(), workflowId(), "detractor_follow_up_closed",
        Map.of("responseId", response.responseId(), "outcome", outcome.label(), "approvalId", approvalId));
  }

  private DetractorFollowUps.Answer answer(DetractorResponse response) {
    return followUps.answer(response.responseId()).orElseThrow(() -> ApplicationFailure.newNonRetryableFailure(
        "no survey response " + response.responseId(), "UnknownResponse"));
  }

  private Map<String, Object> context(Customer customer, User csm, DetractorFollowUps.Answer answer) {
    Map<String, Object> context = new HashMap<>();
    context.put("customer_name", customer.name());
    context.put("csm_name", csm.name());
    context.put("score", answer.score());
    context.put("comment", answer.comment());
    context.put("product_name", customer.productName() == null ? "our product" : customer.productName());
    context.put("feature_name", answer.featureId() == null ? null
        : catalog.findById(answer.featureId()).map(FeatureCatalogEntry::featureName).orElse(answer.featureId()));
    return context;
  }
}
