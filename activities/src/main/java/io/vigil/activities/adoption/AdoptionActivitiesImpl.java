package io.vigil.activities.adoption;

import io.vigil.activities.common.AlertSnoozes;
import io.vigil.activities.common.DmButtons;
import static io.vigil.activities.common.Lookups.workflowId;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.activities.common.ActivityLog;
import io.vigil.activities.common.Lookups;
import io.vigil.activities.common.Links;
import io.vigil.activities.delivery.Deliveries;
import io.vigil.activities.drafting.Drafts;
import io.vigil.activities.drafting.Templates;
import io.vigil.infra.persistence.AdoptionInterventions;
import io.vigil.infra.persistence.AdoptionRollups;
import io.vigil.infra.persistence.AdoptionRules;
import io.vigil.infra.persistence.AdoptionStalls;
import io.vigil.infra.persistence.Customer;
import io.vigil.infra.persistence.FeatureAdoptionRow;
import io.vigil.infra.persistence.FeatureCatalogEntry;
import io.vigil.infra.persistence.FeatureCatalogStore;
import io.vigil.infra.persistence.RiskSignalRepository;
import io.vigil.infra.persistence.TriggerEventRepository;
import io.vigil.infra.persistence.User;
import io.vigil.workflows.adoption.AdoptionActivities;
import io.vigil.workflows.adoption.AdoptionAlert;
import io.vigil.workflows.adoption.AdoptionChange;
import io.vigil.workflows.adoption.FeatureGap;
import io.vigil.workflows.adoption.StalledFeature;
import io.vigil.workflows.common.ApprovalKind;
import io.vigil.workflows.common.TriggerOutcome;
import io.vigil.workflows.common.Delivery;
import io.vigil.workflows.common.DraftRef;
import jakarta.inject.Singleton;
import java.text.NumberFormat;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

@Singleton
public class AdoptionActivitiesImpl implements AdoptionActivities {
  /** trigger_events needs a trigger id; adoption stalls have one built-in rule. */
  static final String TRIGGER_ID = "adoption-stalled";
  /** No support ticket table exists yet: the gap analysis says so instead of guessing. */
  static final String NO_TICKET_DATA = "No support ticket data.";

  private final AlertSnoozes snoozes;
  private final DmButtons dmButtons;
  private final Lookups lookups;
  private final AdoptionRollups rollups;
  private final AdoptionStalls stalls;
  private final AdoptionInterventions interventions;
  private final AdoptionRules rules;
  private final FeatureCatalogStore catalog;
  private final RiskSignalRepository riskSignals;
  private final TriggerEventRepository triggerEvents;
  private final Drafts drafts;
  private final Deliveries deliveries;
  private final Templates templates;
  private final Links links;
  private final ActivityLog log;
  private final ObjectMapper json;
  private final Clock clock;

  public AdoptionActivitiesImpl(Lookups lookups, AdoptionRollups rollups, AdoptionStalls stalls, AdoptionInterventions interventions, AdoptionRules rules, FeatureCatalogStore catalog, RiskSignalRepository riskSignals,
      TriggerEventRepository triggerEvents,
      Drafts drafts, Deliveries deliveries, Templates templates, Links links,
      ActivityLog log, ObjectMapper json, Clock clock, DmButtons dmButtons, AlertSnoozes snoozes) {
    this.snoozes = snoozes;
    this.dmButtons = dmButtons;
    this.lookups = lookups;
    this.rollups = rollups;
    this.stalls = stalls;
    this.interventions = interventions;
    this.rules = rules;
    this.catalog = catalog;
    this.riskSignals = riskSignals;
    this.triggerEvents = triggerEvents;
    this.drafts = drafts;
    this.deliveries = deliveries;
    this.templates = templates;
    this.links = links;
    this.log = log;
    this.json = json;
    this.clock = clock;
  }

  @Override
  public long recordRiskSignal(String key, AdoptionAlert alert) {
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("summary", alert.summary());
    metadata.put("asOf", alert.asOf().toString());
    metadata.put("priority", alert.priority());
    metadata.put("workflowId", workflowId());
    metadata.put("features", alert.features().stream().map(this::explain).toList());
    long id = riskSignals.insertOnce(key, alert.customerId(), "adoption_stalled", alert.severity().label(), log.toJson(metadata));
    stalls.markAlerted(alert.features().stream().map(StalledFeature::adoptionId).toList(), clock.instant());
    log.append(key, alert.customerId(), workflowId(), "risk_signal_created",
        Map.of("riskSignalId", id, "type", "adoption_stalled", "severity", alert.severity().label(),
            "summary", alert.summary()));
    return id;
  }

  @Override
  public void recordDetection(String key, AdoptionAlert detection, TriggerOutcome outcome, String reason) {
    triggerEvents.insertOnce(key, TRIGGER_ID, detection.customerId(), workflowId(), outcome.label(), reason);
    log.append(key, detection.customerId(), workflowId(), outcome.logAction(),
        Map.of("triggerId", TRIGGER_ID, "asOf", detection.asOf().toString(), "severity", detection.severity().label(),
            "summary", detection.summary(), "reason", reason));
  }

  @Override
  public List<FeatureGap> analyzeGaps(String key, AdoptionAlert alert) {
    Map<String, FeatureAdoptionRow> rows = adoptionRows(alert);
    LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
    List<FeatureGap> gaps = new ArrayList<>();
    for (StalledFeature feature : alert.features()) {
      List<AdoptionRollups.UserUse> tried = rollups.usersOf(alert.customerId(), feature.featureId());
      FeatureAdoptionRow row = rows.get(feature.adoptionId());
      int active = row == null ? 0 : row.activeUsers();
      Instant lastUse = tried.stream().map(AdoptionRollups.UserUse::lastUse).max(Instant::compareTo).orElse(null);
      String lastUsedOn = lastUse == null ? null : lastUse.atZone(ZoneOffset.UTC).toLocalDate().toString();
      String summary;
      if (tried.isEmpty()) {
        summary = "Nobody has used " + feature.featureName() + " yet"
            + (row != null && row.activatedAt() != null ? " since its activation on " + day(row.activatedAt()) : "") + ".";
      } else {
        String names = tried.stream().limit(5).map(AdoptionRollups.UserUse::userId).collect(Collectors.joining(", "))
            + (tried.size() > 5 ? " and " + (tried.size() - 5) + " more" : "");
        long silentDays = today.toEpochDay() - LocalDate.parse(lastUsedOn).toEpochDay();
        summary = tried.size() + " of " + active + " active users tried it (" + names + "); last used " + lastUsedOn
            + (silentDays > 0 ? ", " + silentDays + " days ago" : ", today") + ".";
      }
      gaps.add(new FeatureGap(feature.featureId(), tried.size(), active, lastUsedOn, summary + " " + NO_TICKET_DATA));
    }
    log.append(key, alert.customerId(), workflowId(), "adoption_gap_analysed",
        Map.of("features", gaps.stream().map(g -> Map.of("featureId", g.featureId(), "usersTried", g.usersTried(),
            "activeUsers", g.activeUsers(), "lastUsedOn", String.valueOf(g.lastUsedOn()), "summary", g.summary())).toList()));
    return gaps;
  }

  @Override
  public Delivery notifyCsm(String key, AdoptionAlert alert, List<FeatureGap> gaps) {
    Optional<Delivery> snoozed = snoozes.held(key, workflowId());
    if (snoozed.isPresent()) {
      return snoozed.get();
    }
    Customer customer = lookups.customer(alert.customerId());
    User csm = lookups.user(customer.csmId());
    Map<String, FeatureCatalogEntry> features = catalog(alert);
    Map<String, FeatureGap> gapOf = gaps.stream().collect(Collectors.toMap(FeatureGap::featureId, Function.identity(), (a, b) -> a));
    StalledFeature lead = alert.leadFeature();
    Map<String, Object> context = context(alert, customer, csm, features);
    context.put("features", alert.features().stream().map(f -> {
      Map<String, Object> m = new HashMap<>();
      m.put("feature_name", f.featureName());
      m.put("stage_label", stageLabel(f.stage()));
      m.put("day", f.daysSinceActivation() == null ? "?" : f.daysSinceActivation());
      m.put("usage_score", f.usageScore());
      m.put("expected_days", f.expectedAdoptionDays());
      m.put("expected_score", rules.adoptedScore());
      m.put("gap", gapOf.containsKey(f.featureId()) ? gapOf.get(f.featureId()).summary() : NO_TICKET_DATA);
      return m;
    }).toList());
    context.put("overall_adoption", TrainingResources.overallAdoption(rollups.findByCustomer(customer.id())));
    context.put("importance", alert.features().size() == 1 ? "This feature importance: " + lead.importanceLabel()
        : "Feature importance: " + alert.features().stream().map(f -> f.importanceLabel() + " (" + f.featureName() + ")")
            .collect(Collectors.joining(", ")));
    FeatureCatalogEntry leadEntry = features.get(lead.featureId());
    context.put("why", lead.featureName() + " is a " + lead.importanceLabel().toLowerCase() + "-importance feature"
        + (leadEntry != null && leadEntry.keyBenefit() != null ? " that helps customers " + leadEntry.keyBenefit() : "")
        + (alert.features().size() > 1 ? "; " + (alert.features().size() - 1) + " more stalled with it" : "") + ".");
    List<String> lines = resources(alert, features).stream().map(TrainingResources.Resource::slackLine).toList();
    List<String> numbered = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      numbered.add((i + 1) + ". " + lines.get(i));
    }
    context.put("resources", numbered);
    context.put("share_url", links.featureResources(customer.id(), lead.featureId()));
    String text = templates.render("adoption-stalled-slack-alert", context).body();
    Delivery delivery = deliveries.toUser(key, csm.id(), customer.id(), "Feature adoption stalled: " + customer.name(),
        text, workflowId(), dmButtons.alert(customer.id(), key));
    log.append(key, customer.id(), workflowId(), "csm_notified",
        Map.of("csmId", csm.id(), "channel", delivery.channel(), "status", delivery.status()));
    return delivery;
  }

  @Override
  public DraftRef draftEnablementEmail(String key, AdoptionAlert alert, List<String> meetingSlots) {
    Customer customer = lookups.customer(alert.customerId());
    User csm = lookups.user(customer.csmId());
    Map<String, FeatureCatalogEntry> features = catalog(alert);
    Map<String, Object> context = context(alert, customer, csm, features);
    FeatureCatalogEntry lead = features.get(alert.leadFeature().featureId());
    context.put("key_benefit", lead != null && lead.keyBenefit() != null ? lead.keyBenefit()
        : "get more out of " + (customer.productName() == null ? "the platform" : customer.productName()));
    context.put("several", alert.features().size() > 1);
    context.put("resources", resources(alert, features).stream()
        .map(r -> Map.of("title", r.title(), "url", r.url())).toList());
    List<String> slots = Drafts.offerSlots(context, customer, meetingSlots);
    var email = templates.render("adoption-enablement-email", context);
    return drafts.hold(new Drafts.Draft(key, workflowId(), customer, csm, ApprovalKind.ADOPTION_ENABLEMENT, email),
        Map.of("kind", ApprovalKind.ADOPTION_ENABLEMENT.label(), "subject", email.subject(), "meetingSlots", slots.size()));
  }

  @Override
  public int recordInterventions(String key, AdoptionAlert alert, String interventionType, String approvalId) {
    Map<String, FeatureCatalogEntry> features = catalog(alert);
    Instant sentAt = clock.instant();
    List<Map<String, Object>> recorded = new ArrayList<>();
    for (StalledFeature feature : alert.features()) {
      FeatureCatalogEntry entry = features.get(feature.featureId());
      List<String> shared = entry == null ? List.of()
          : TrainingResources.parse(json, entry.trainingResources()).stream().map(TrainingResources.Resource::url).toList();
      var row = interventions.recordIntervention(key + "/" + feature.featureId(), feature.adoptionId(), interventionType,
          "enablement email of " + alert.asOf() + " (approval " + approvalId + ")", log.toJson(shared), workflowId(), sentAt);
      recorded.add(Map.of("featureId", feature.featureId(), "interventionId", row.id(), "scoreBefore", row.scoreBefore()));
    }
    log.append(key, alert.customerId(), workflowId(), "intervention_recorded",
        Map.of("interventionType", interventionType, "approvalId", approvalId, "features", recorded));
    return recorded.size();
  }

  @Override
  public List<AdoptionChange> measureFollowUp(String key, AdoptionAlert alert) {
    LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
    rollups.rollUp(alert.customerId(), today, today);
    interventions.measureInterventions(workflowId(), clock.instant());
    Map<String, FeatureAdoptionRow> rows = adoptionRows(alert);
    List<AdoptionChange> changes = new ArrayList<>();
    for (StalledFeature f : alert.features()) {
      FeatureAdoptionRow now = rows.get(f.adoptionId());
      changes.add(now == null
          ? new AdoptionChange(f.featureId(), f.featureName(), f.usageScore(), f.usageScore(), f.stage(), f.stage(), true)
          : new AdoptionChange(f.featureId(), f.featureName(), f.usageScore(), now.usageScore(), f.stage(), now.stage(),
              now.stalled()));
    }
    log.append(key, alert.customerId(), workflowId(), "adoption_follow_up",
        Map.of("asOf", today.toString(), "features", changes.stream().map(c -> Map.of("featureId", c.featureId(),
            "scoreAtAlert", c.scoreAtAlert(), "scoreNow", c.scoreNow(), "change", c.change(), "stageAtAlert",
            c.stageAtAlert(), "stageNow", c.stageNow(), "stillStalled", c.stillStalled())).toList()));
    return changes;
  }

  private Map<String, Object> context(AdoptionAlert alert, Customer customer, User csm,
      Map<String, FeatureCatalogEntry> features) {
    Map<String, Object> context = new HashMap<>();
    context.put("customer_name", customer.name());
    context.put("champion_name", customer.championName());
    context.put("csm_name", csm.name());
    context.put("feature_name", alert.featureNames());
    context.put("arr", NumberFormat.getCurrencyInstance(Locale.US).format(customer.arr()).replace(".00", ""));
    context.put("severity", alert.severity().label());
    context.put("draft_url", links.pendingApprovals(customer.id()));
    context.put("schedule_url", Links.scheduleCall(alert.featureNames() + " training: " + customer.name()));
    return context;
  }

  /** The alert's features' resources, most important feature first. */
  private List<TrainingResources.Resource> resources(AdoptionAlert alert, Map<String, FeatureCatalogEntry> features) {
    List<TrainingResources.Resource> all = new ArrayList<>();
    for (StalledFeature f : alert.features()) {
      FeatureCatalogEntry entry = features.get(f.featureId());
      if (entry != null) {
        all.addAll(TrainingResources.parse(json, entry.trainingResources()));
      }
    }
    return all;
  }

  private Map<String, FeatureCatalogEntry> catalog(AdoptionAlert alert) {
    return catalog.findAll(alert.features().stream().map(StalledFeature::featureId).toList()).stream()
        .collect(Collectors.toMap(FeatureCatalogEntry::featureId, Function.identity()));
  }

  private Map<String, FeatureAdoptionRow> adoptionRows(AdoptionAlert alert) {
    return rollups.findByIds(alert.features().stream().map(StalledFeature::adoptionId).toList()).stream()
        .collect(Collectors.toMap(FeatureAdoptionRow::id, Function.identity()));
  }

  private Map<String, Object> explain(StalledFeature f) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("featureId", f.featureId());
    m.put("featureName", f.featureName());
    m.put("adoptionId", f.adoptionId());
    m.put("stage", f.stage());
    m.put("usageScore", f.usageScore());
    m.put("adoptionPercent", f.usageScore());
    m.put("expectedScore", rules.adoptedScore());
    m.put("expectedAdoptionDays", f.expectedAdoptionDays());
    m.put("daysSinceActivation", f.daysSinceActivation());
    m.put("daysInStage", f.daysInStage());
    m.put("importance", f.importance());
    m.put("stallReason", f.stallReason());
    return m;
  }

  private static String stageLabel(String stage) {
    return switch (stage) {
      case "not_started" -> "Not Started";
      case "started" -> "Started";
      case "engaged" -> "Engaged";
      case "adopted" -> "Adopted";
      default -> stage;
    };
  }

  private static LocalDate day(Instant at) {
    return at.atZone(ZoneOffset.UTC).toLocalDate();
  }
}
