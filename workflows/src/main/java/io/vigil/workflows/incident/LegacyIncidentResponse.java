package io.vigil.workflows.incident;

import static io.vigil.workflows.common.BestEffort.bestEffort;

import io.temporal.activity.ActivityOptions;
import io.temporal.common.SearchAttributeUpdate;
import io.temporal.workflow.Async;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import io.vigil.workflows.common.ActivityLogActivities;
import io.vigil.workflows.common.TaskPriority;
import io.vigil.workflows.common.ActivityProfiles;
import io.vigil.workflows.common.ApprovalKind;
import io.vigil.workflows.common.ApprovalOutcome;
import io.vigil.workflows.common.BestEffort.Step;
import io.vigil.workflows.common.Delivery;
import io.vigil.workflows.common.DraftRef;
import io.vigil.workflows.common.LogEntry;
import io.vigil.workflows.common.NewTask;
import io.vigil.workflows.common.ApprovalGate;
import io.vigil.workflows.common.SearchAttributes;
import io.vigil.workflows.common.TaskActivities;
import io.vigil.workflows.common.TemporalLimits;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The incident response as runs started before {@value IncidentResponseWorkflowImpl#BOUNDED} take it,
 * kept unchanged so that their histories replay: every affected customer in the workflow's state,
 * one workflow thread per held draft, one run for the whole incident. New runs take {@link
 * BoundedIncidentResponse}.
 */
final class LegacyIncidentResponse implements IncidentResponseWorkflowImpl.Shape {
  /** Marks the change that ends an unresolved incident's response after {@link IncidentPolicy#closeUnresolvedAfter}. */
  static final String CLOSE_UNRESOLVED = "close-unresolved";

  private final ApprovalGate approvalGate;
  private final Deque<IncidentUpdate> inbox;
  private final List<Promise<Void>> approvalWaits = new ArrayList<>();
  /** customerId → impact, in rank order; the CSM of each. */
  private final Map<String, ImpactedCustomer> impact = new LinkedHashMap<>();
  private final Set<String> notifiedCustomers = new LinkedHashSet<>();
  private final Set<String> notifiedCsms = new TreeSet<>();
  private final Set<String> outreachDrafted = new LinkedHashSet<>();
  private Set<String> notifiedComponents = Set.of();
  private String notifiedSeverity;
  private IncidentSnapshot incident;
  private String episode;
  private String stage = "waiting for the first update";
  private String channel;
  private boolean channelAttempted;
  private int rounds;
  private int ignoredUpdates;
  private int failedUpdates;
  /** The note the run ended with when the incident went unresolved for too long; null otherwise. */
  private String closedUnresolved;
  private Instant followUpDue;
  private boolean followedUp;
  private boolean resolutionHandled;
  private int resolutions;

  LegacyIncidentResponse(ApprovalGate approvalGate, Deque<IncidentUpdate> inbox) {
    this.approvalGate = approvalGate;
    this.inbox = inbox;
  }

  @Override
  public IncidentState run(IncidentPolicy policy) {
    while (true) {
      if (followUpDue != null) {
        Duration left = Duration.between(now(), followUpDue);
        if (!Workflow.await(left.isNegative() ? Duration.ZERO : left, () -> !inbox.isEmpty())) {
          createFollowUpTasks();
          followUpDue = null;
          followedUp = true;
          continue;
        }
      } else if (followedUp) {
        // Updates still come to this run while its last drafts wait (signal-with-start finds it
        // running), so keep handling them: a reopening must not be dropped.
        stage("waiting for the last drafts to be decided");
        Workflow.await(() -> !inbox.isEmpty() || approvalWaits.stream().allMatch(Promise::isCompleted));
        if (inbox.isEmpty()) {
          break;
        }
      } else if (incident != null && closesUnresolved(policy)) {
        if (!Workflow.await(policy.closeUnresolvedAfter(), () -> !inbox.isEmpty())) {
          closeUnresolved(policy);
          break;
        }
      } else {
        Workflow.await(() -> !inbox.isEmpty());
      }
      process(inbox.poll(), policy);
      if (incident == null && inbox.isEmpty()) {
        break; // every update of this run was a duplicate or stale: nothing to respond to
      }
    }
    Promise.allOf(approvalWaits).get(); // all completed by now; rethrows a failed one
    // a decision update still recording its write must answer before the run ends (creates no command)
    Workflow.await(Workflow::isEveryHandlerFinished);
    stage(closedUnresolved == null ? "done" : closedUnresolved);
    return getState();
  }

  private void process(IncidentUpdate update, IncidentPolicy policy) {
    // An update that cannot be stored (its data refused, or the database away beyond DATABASE's
    // retries) is recorded as failed and skipped: the incident's later updates must not wait behind it.
    Optional<AppliedUpdate> stored = bestEffort(new Step(Workflow.getInfo().getWorkflowId() + "/update/" + update.updateKey(),
            List.copyOf(impact.keySet()), "apply-incident-update",
            "this update of the incident was skipped; its later updates still apply"),
        () -> incidents(ActivityProfiles.DATABASE, "Apply " + update.source() + " update " + update.updateKey())
            .applyUpdate(update));
    if (stored.isEmpty()) {
      failedUpdates++;
      return;
    }
    AppliedUpdate applied = stored.get();
    if (!applied.applied()) {
      ignoredUpdates++;
      return;
    }
    boolean reopened = incident != null && incident.resolved() && !applied.incident().resolved();
    IncidentSnapshot before = incident;
    incident = applied.incident();
    if (episode == null) {
      episode = Workflow.getInfo().getWorkflowId() + "#" + update.updateKey();
    }
    if (before == null || !before.severity().equals(incident.severity())) {
      Workflow.upsertTypedSearchAttributes(SearchAttributeUpdate.valueSet(SearchAttributes.SEVERITY, TemporalLimits.keyword(incident.severity())));
    }
    if (incident.resolved()) {
      respondToResolution(policy);
    } else {
      if (reopened) {
        followUpDue = null;
        followedUp = false;
        resolutionHandled = false;
      }
      respond(policy, reopened);
    }
  }

  private void respond(IncidentPolicy policy, boolean reopened) {
    stage("analyzing customer impact");
    analyzeImpact();
    String change = changeSinceLastNotification(reopened);
    Set<String> csmsToNotify = new TreeSet<>();
    if (rounds == 0 || change != null) {
      impact.values().forEach(c -> csmsToNotify.add(c.csmId()));
    } else {
      impact.values().stream().filter(c -> !notifiedCustomers.contains(c.customerId()))
          .forEach(c -> csmsToNotify.add(c.csmId()));
      if (!csmsToNotify.isEmpty()) {
        change = "new affected customers";
      }
    }
    if (channel == null && !channelAttempted && IncidentSeverity.of(incident.severity()).major()
        && !csmsToNotify.isEmpty()) {
      channelAttempted = true; // without Slack there is no channel to open; don't ask again every round
      stage("opening the coordination channel");
      List<String> csms = List.copyOf(csmsToNotify);
      channel = bestEffort(new Step(episode + "/channel", List.copyOf(impact.keySet()), "coordination-channel",
              "no coordination channel for this incident; every CSM is still told by DM"),
          () -> incidents(ActivityProfiles.NOTIFICATION, "Open Slack channel incident-…-response and invite CSMs")
              .openCoordinationChannel(incident.incidentId(), csms))
          .orElse(null);
    } else if (channel != null && !notifiedCsms.containsAll(csmsToNotify)) {
      List<String> csms = List.copyOf(csmsToNotify);
      bestEffort(new Step(episode + "/channel-invite/" + (rounds + 1), customersOf(csms), "coordination-channel-invite",
              "the newly affected CSMs are not in the coordination channel; they are still told by DM"),
          () -> incidents(ActivityProfiles.NOTIFICATION, "Invite newly affected CSMs to the coordination channel")
              .openCoordinationChannel(incident.incidentId(), csms));
    }
    if (!csmsToNotify.isEmpty()) {
      rounds++;
      stage("notifying " + csmsToNotify.size() + " CSMs (round " + rounds + ")");
      String note = change;
      List<Promise<Optional<Delivery>>> sends = new ArrayList<>();
      for (String csmId : csmsToNotify) {
        String deliveryKey = episode + "/notify/" + csmId + "/" + rounds;
        sends.add(Async.function(() -> bestEffort(new Step(deliveryKey, customersOf(List.of(csmId)), "notify-csm",
                "CSM " + csmId + " was told of this round neither by Slack nor by email"),
            () -> incidents(ActivityProfiles.NOTIFICATION, "Slack DM to CSM " + csmId)
                .notifyCsmOfIncident(deliveryKey, incident.incidentId(), csmId, note))));
      }
      Promise.allOf(sends).get();
      notifiedCsms.addAll(csmsToNotify);
      notifiedCustomers.addAll(impact.keySet());
      notifiedSeverity = incident.severity();
      notifiedComponents = new TreeSet<>(incident.components());
    }
    for (ImpactedCustomer customer : impact.values()) {
      if (customer.high() && outreachDrafted.add("outreach/" + customer.customerId())) {
        holdForApproval(customer, ApprovalKind.INCIDENT_OUTREACH, policy);
      }
    }
    stage(incident.status() + " " + incident.severity() + ": " + impact.size() + " customers affected");
  }

  private void respondToResolution(IncidentPolicy policy) {
    if (resolutionHandled) {
      return;
    }
    resolutionHandled = true;
    resolutions++;
    // Version 1: the resolving update may name components never analyzed before; analyze again.
    int version = Workflow.getVersion("analyze-impact-on-resolution", Workflow.DEFAULT_VERSION, 1);
    if (impact.isEmpty() || version >= 1) {
      analyzeImpact();
    }
    stage("telling CSMs the incident is resolved");
    Set<String> csms = new TreeSet<>();
    impact.values().forEach(c -> csms.add(c.csmId()));
    List<Promise<Optional<Delivery>>> sends = new ArrayList<>();
    // keyed per resolution: after a reopening, the next resolution is news again, not a repeat to skip
    int resolution = resolutions;
    for (String csmId : csms) {
      String deliveryKey = episode + "/resolved/" + csmId + "/" + resolution;
      sends.add(Async.function(() -> bestEffort(new Step(deliveryKey, customersOf(List.of(csmId)), "notify-csm-of-resolution",
              "CSM " + csmId + " was told of the resolution neither by Slack nor by email; the follow-up tasks still come"),
          () -> incidents(ActivityProfiles.NOTIFICATION, "Resolution DM to CSM " + csmId)
              .notifyCsmOfResolution(deliveryKey, incident.incidentId(), csmId))));
    }
    Promise.allOf(sends).get();
    for (ImpactedCustomer customer : impact.values()) {
      if (customer.high() && outreachDrafted.add("resolution/" + customer.customerId())) {
        holdForApproval(customer, ApprovalKind.INCIDENT_RESOLUTION, policy);
      }
    }
    followUpDue = now().plus(policy.followUpAfter());
    stage("resolved; follow-ups due " + followUpDue);
  }

  private void holdForApproval(ImpactedCustomer customer, ApprovalKind kind, IncidentPolicy policy) {
    String key = episode + "/" + kind.label() + "/" + customer.customerId();
    DraftRef draft = incidents(ActivityProfiles.DATABASE, "Draft " + kind.label().replace('_', ' ') + " email to " + customer.customerId())
        .draftCustomerEmail(key, incident.incidentId(), customer.customerId(), kind);
    approvalWaits.add(Async.procedure(() -> {
      ApprovalOutcome outcome = approvalGate.awaitDecision(draft, policy.approval(), key, customer.customerId());
      if (outcome.status() == ApprovalOutcome.Status.APPROVED && kind == ApprovalKind.INCIDENT_OUTREACH) {
        incidents(ActivityProfiles.DATABASE, "Mark outreach sent to " + customer.customerId())
            .markOutreachSent(incident.incidentId(), customer.customerId());
      }
    }));
  }

  /**
   * Runs started with a limit on unresolved incidents (and that had not reached this wait before the
   * limit existed) end when the incident goes that long without any update.
   */
  private boolean closesUnresolved(IncidentPolicy policy) {
    return Workflow.getVersion(CLOSE_UNRESOLVED, Workflow.DEFAULT_VERSION, 1) >= 1 && policy.closeUnresolvedAfter() != null;
  }

  /** The incident went {@code closeUnresolvedAfter} without an update and without resolving: end with a note. */
  private void closeUnresolved(IncidentPolicy policy) {
    String note = "no update for " + policy.closeUnresolvedAfter().toDays() + " days and not resolved: the response ends;"
        + " a later update starts a new one";
    closedUnresolved = "closed unresolved (" + note + ")";
    stage(closedUnresolved);
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("incidentId", incident == null ? null : incident.incidentId());
    details.put("status", incident == null ? null : incident.status());
    details.put("note", note);
    Workflow.newActivityStub(ActivityLogActivities.class,
            ActivityProfiles.withSummary(ActivityProfiles.DATABASE, "Log that the unresolved incident's response ends"))
        .log(new LogEntry((episode == null ? Workflow.getInfo().getWorkflowId() : episode) + "/closed-unresolved", null,
            Workflow.getInfo().getWorkflowId(), "incident_closed_unresolved", details));
  }

  private void createFollowUpTasks() {
    stage("creating follow-up tasks");
    TaskActivities tasks = Workflow.newActivityStub(TaskActivities.class,
        ActivityProfiles.withSummary(ActivityProfiles.DATABASE, "Create post-incident follow-up tasks"));
    for (ImpactedCustomer customer : impact.values()) {
      if (customer.high()) {
        tasks.createTask(new NewTask(episode + "/follow-up/" + customer.customerId(),
            "Follow up with " + customer.customerId() + " after incident: " + incident.title(),
            "Post-incident follow-up call for a high-impact customer (incident " + incident.incidentId() + ").",
            customer.csmId(), customer.customerId(), TaskPriority.HIGH, now().plus(Duration.ofHours(24)),
            Workflow.getInfo().getWorkflowId()));
      }
    }
  }

  private void analyzeImpact() {
    List<ImpactedCustomer> ranked = incidents(ActivityProfiles.DATABASE, "Find customers affected by "
        + String.join(", ", incident.components())).analyzeImpact(incident.incidentId());
    impact.clear();
    ranked.forEach(c -> impact.put(c.customerId(), c));
  }

  /** The affected customers of {@code csmIds}, whose activity records what happened to their CSM's deliveries. */
  private List<String> customersOf(List<String> csmIds) {
    return impact.values().stream().filter(c -> csmIds.contains(c.csmId())).map(ImpactedCustomer::customerId).toList();
  }

  /** Worth telling every CSM again: a severity upgrade, new components, a reopening. Anything else is not. */
  private String changeSinceLastNotification(boolean reopened) {
    return rounds == 0 ? null : NotifiedChange.since(incident, reopened, notifiedSeverity, notifiedComponents);
  }

  @Override
  public IncidentState getState() {
    return new IncidentState(
        incident == null ? null : incident.incidentId(),
        incident == null ? null : incident.severity(),
        incident == null ? null : incident.status(),
        stage,
        impact.size(),
        List.copyOf(notifiedCsms),
        rounds,
        ignoredUpdates,
        channel,
        failedUpdates);
  }

  private void stage(String stage) {
    this.stage = stage;
    Workflow.setCurrentDetails(TemporalLimits.details((incident == null ? "" : incident.title() + ": ") + stage));
  }

  private static Instant now() {
    return Instant.ofEpochMilli(Workflow.currentTimeMillis());
  }


  private static IncidentActivities incidents(ActivityOptions profile, String summary) {
    return Workflow.newActivityStub(IncidentActivities.class, ActivityProfiles.withSummary(profile, summary));
  }
}
