package io.vigil.workflows.incident;

import static io.vigil.workflows.common.BestEffort.bestEffort;

import io.temporal.activity.ActivityOptions;
import io.temporal.common.SearchAttributeUpdate;
import io.temporal.workflow.Async;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import io.vigil.workflows.common.ActivityLogActivities;
import io.vigil.workflows.common.ActivityProfiles;
import io.vigil.workflows.common.ApprovalGate;
import io.vigil.workflows.common.ApprovalKind;
import io.vigil.workflows.common.ApprovalOutcome;
import io.vigil.workflows.common.BestEffort.Step;
import io.vigil.workflows.common.Continuation;
import io.vigil.workflows.common.Delivery;
import io.vigil.workflows.common.HistoryBudget;
import io.vigil.workflows.common.LogEntry;
import io.vigil.workflows.common.PendingDrafts;
import io.vigil.workflows.common.SearchAttributes;
import io.vigil.workflows.common.TemporalLimits;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * The incident response whose history and payloads stay bounded however many customers an incident
 * touches and however many updates it gets (PRD-097 behaviour, as {@link LegacyIncidentResponse}):
 *
 * <ul>
 *   <li>the impact stays in {@code incident_customer_impact}: {@code assessImpact} answers counts,
 *       and the CSMs to tell and the high-impact customers to draft for come a page at a time;
 *   <li>the outreach and resolution drafts are held a page at a time and waited on together by one
 *       {@link PendingDrafts} procedure (one reminder and one expiry timer per wave of drafts);
 *   <li>between updates, a run past its {@link HistoryBudget} continues as new, carrying {@link
 *       IncidentResume}: marks, counts and the pending drafts by approval id, never customer lists.
 * </ul>
 */
final class BoundedIncidentResponse implements IncidentResponseWorkflowImpl.Shape {
  /** CSM ids {@code getState} lists (the count says how many were told). */
  static final int NOTIFIED_CSMS_SHOWN = 100;

  private final ApprovalGate approvalGate;
  private final Deque<IncidentUpdate> inbox;
  private final IncidentResume resume;
  private PendingDrafts drafts;
  private int pageSize;

  private IncidentSnapshot incident;
  private String episode;
  private ImpactSummary impact = ImpactSummary.NONE;
  private String stage = "waiting for the first update";
  private String channel;
  private boolean channelAttempted;
  /** How many CSMs the incident had when the channel last invited them: more now means some are not in it. */
  private int channelCsms;
  private int rounds;
  private int ignoredUpdates;
  private int failedUpdates;
  private String notifiedSeverity;
  private Set<String> notifiedComponents = Set.of();
  private long notifiedThroughImpactId;
  private final Set<String> notifiedCsmsShown = new TreeSet<>();
  /** The high-impact set (its digest) outreach was last drafted for: drafts are looked for again only when it changes. */
  private String outreachDraftedFor;
  private String closedUnresolved;
  /** When the unresolved incident's response ends unless an update comes first. */
  private Instant quietUntil;
  private Instant followUpDue;
  private boolean followedUp;
  private boolean resolutionHandled;
  private int resolutions;

  BoundedIncidentResponse(ApprovalGate approvalGate, Deque<IncidentUpdate> inbox, IncidentResume resume) {
    this.approvalGate = approvalGate;
    this.inbox = inbox;
    this.resume = resume;
  }

  @Override
  public IncidentState run(IncidentPolicy policy) {
    pageSize = policy.pageSizeOrDefault();
    drafts = new PendingDrafts(approvalGate, policy.approval(), pageSize, this::concluded);
    if (resume != null) {
      restore(resume);
    }
    drafts.start();
    while (true) {
      if (followUpDue != null) {
        Duration left = Duration.between(now(), followUpDue);
        if (!Workflow.await(left.isNegative() ? Duration.ZERO : left, () -> !inbox.isEmpty() || mayContinue())) {
          createFollowUpTasks();
          followUpDue = null;
          followedUp = true;
          continue;
        }
      } else if (followedUp) {
        // Updates still come to this run while its last drafts wait (signal-with-start finds it
        // running), so keep handling them: a reopening must not be dropped.
        stage("waiting for the last drafts to be decided");
        Workflow.await(() -> !inbox.isEmpty() || drafts.allConcluded() || mayContinue());
        if (inbox.isEmpty() && drafts.allConcluded()) {
          break;
        }
      } else if (incident != null && policy.closeUnresolvedAfter() != null) {
        Duration left = Duration.between(now(), quietUntil);
        if (!Workflow.await(left.isNegative() ? Duration.ZERO : left, () -> !inbox.isEmpty() || mayContinue())) {
          closeUnresolved(policy);
          break;
        }
      } else {
        Workflow.await(() -> !inbox.isEmpty() || (incident != null && mayContinue()));
      }
      if (inbox.isEmpty()) {
        continueAsNew(policy);
      }
      process(inbox.poll(), policy);
      if (incident == null && inbox.isEmpty()) {
        break; // every update of this run was a duplicate or stale: nothing to respond to
      }
    }
    drafts.rethrowFailure();
    // a decision update still recording its write must answer before the run ends (creates no command)
    Workflow.await(Workflow::isEveryHandlerFinished);
    stage(closedUnresolved == null ? "done" : closedUnresolved);
    return getState();
  }

  /** Past the budget, with nothing in flight: continuing as new now loses nothing. */
  private boolean mayContinue() {
    return HistoryBudget.spent() && drafts.idle() && Workflow.isEveryHandlerFinished();
  }

  private void continueAsNew(IncidentPolicy policy) {
    Workflow.setCurrentDetails(TemporalLimits.details((incident == null ? "" : incident.title() + ": ") + stage
        + "; continuing as a new run (history of " + HistoryBudget.events() + " events)"));
    Continuation.continueAsNew(policy, new IncidentResume(incident, episode, impact, rounds, ignoredUpdates, failedUpdates,
        channel, channelAttempted, channelCsms, notifiedSeverity, List.copyOf(notifiedComponents), notifiedThroughImpactId,
        List.copyOf(notifiedCsmsShown), outreachDraftedFor, quietUntil, followUpDue, followedUp,
        resolutionHandled, resolutions, drafts.carry(), List.copyOf(inbox)));
  }

  private void restore(IncidentResume r) {
    incident = r.incident();
    episode = r.episode();
    impact = r.impact();
    rounds = r.rounds();
    ignoredUpdates = r.ignoredUpdates();
    failedUpdates = r.failedUpdates();
    channel = r.channel();
    channelAttempted = r.channelAttempted();
    channelCsms = r.channelCsms();
    notifiedSeverity = r.notifiedSeverity();
    notifiedComponents = new TreeSet<>(r.notifiedComponents());
    notifiedThroughImpactId = r.notifiedThroughImpactId();
    notifiedCsmsShown.addAll(r.notifiedCsmsShown());
    outreachDraftedFor = r.outreachDraftedFor();
    quietUntil = r.quietUntil();
    followUpDue = r.followUpDue();
    followedUp = r.followedUp();
    resolutionHandled = r.resolutionHandled();
    resolutions = r.resolutions();
    drafts.resume(r.drafts());
    // updates carried over go before any signalled to this run already
    for (int i = r.inbox().size() - 1; i >= 0; i--) {
      inbox.addFirst(r.inbox().get(i));
    }
    stage(incident == null ? stage : summaryStage());
  }

  private void process(IncidentUpdate update, IncidentPolicy policy) {
    // An update that cannot be stored (its data refused, or the database away beyond DATABASE's
    // retries) is recorded as failed and skipped: the incident's later updates must not wait behind it.
    Optional<AppliedUpdate> stored = bestEffort(new Step(Workflow.getInfo().getWorkflowId() + "/update/" + update.updateKey(),
            List.of(), "apply-incident-update", "this update of the incident was skipped; its later updates still apply"),
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
    if (policy.closeUnresolvedAfter() != null) {
      quietUntil = now().plus(policy.closeUnresolvedAfter());
    }
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
      respond(reopened);
    }
  }

  private void respond(boolean reopened) {
    stage("analyzing customer impact");
    assessImpact();
    String change = changeSinceLastNotification(reopened);
    long after;
    if (rounds == 0 || change != null) {
      after = 0; // every affected customer's CSM
    } else if (impact.lastImpactId() > notifiedThroughImpactId) {
      after = notifiedThroughImpactId; // only the CSMs of customers affected since the last round
      change = "new affected customers";
    } else {
      after = -1;
    }
    if (after >= 0) {
      notifyRound(after, change);
    }
    if (impact.highImpact() > 0 && !impact.highImpactDigest().equals(outreachDraftedFor)) {
      holdDrafts(ApprovalKind.INCIDENT_OUTREACH);
      outreachDraftedFor = impact.highImpactDigest();
    }
    stage(summaryStage());
  }

  /** One round of DMs to the CSMs of customers with impact rows past {@code afterImpactId}, a page at a time. */
  private void notifyRound(long afterImpactId, String change) {
    boolean major = IncidentSeverity.of(incident.severity()).major();
    boolean inviteNewcomers = channel != null && impact.csms() > channelCsms;
    int round = rounds + 1;
    int told = 0;
    int page = 0;
    String cursor = null;
    do {
      String from = cursor;
      CsmPage csms = incidents(ActivityProfiles.DATABASE, "List CSMs to notify (page " + (page + 1) + ")")
          .csmsToNotify(incident.incidentId(), afterImpactId, from, pageSize);
      cursor = csms.next();
      if (csms.csmIds().isEmpty()) {
        break;
      }
      page++;
      List<String> ids = csms.csmIds();
      if (channel == null && !channelAttempted && major) {
        channelAttempted = true; // without Slack there is no channel to open; don't ask again every round
        stage("opening the coordination channel");
        channel = bestEffort(new Step(episode + "/channel", List.of(), "coordination-channel",
                "no coordination channel for this incident; every CSM is still told by DM"),
            () -> incidents(ActivityProfiles.NOTIFICATION, "Open Slack channel incident-…-response and invite CSMs")
                .openCoordinationChannel(incident.incidentId(), ids))
            .orElse(null);
        inviteNewcomers = channel != null;
      } else if (channel != null && (inviteNewcomers || afterImpactId > 0)) {
        int invitePage = page;
        bestEffort(new Step(episode + "/channel-invite/" + round + (invitePage == 1 ? "" : "/" + invitePage), List.of(),
                "coordination-channel-invite", "the newly affected CSMs are not in the coordination channel; they are still told by DM"),
            () -> incidents(ActivityProfiles.NOTIFICATION, "Invite newly affected CSMs to the coordination channel")
                .openCoordinationChannel(incident.incidentId(), ids));
      }
      stage("notifying CSMs (round " + round + ", page " + page + ")");
      String note = change;
      forEachInParallel(ids, csmId -> {
        String deliveryKey = episode + "/notify/" + csmId + "/" + round;
        bestEffort(new Step(deliveryKey, List.of(), "notify-csm", "CSM " + csmId + " was told of this round neither by Slack nor by email"),
            () -> incidents(ActivityProfiles.NOTIFICATION, "Slack DM to CSM " + csmId)
                .notifyCsmOfIncident(deliveryKey, incident.incidentId(), csmId, note));
      });
      told += ids.size();
      ids.forEach(this::shown);
    } while (cursor != null);
    if (told > 0) {
      rounds = round;
      notifiedThroughImpactId = impact.lastImpactId();
      notifiedSeverity = incident.severity();
      notifiedComponents = new TreeSet<>(incident.components());
      if (channel != null) {
        channelCsms = impact.csms();
      }
    }
  }

  private void respondToResolution(IncidentPolicy policy) {
    if (resolutionHandled) {
      return;
    }
    resolutionHandled = true;
    resolutions++;
    // the resolving update may name components never analyzed before
    assessImpact();
    stage("telling CSMs the incident is resolved");
    // keyed per resolution: after a reopening, the next resolution is news again, not a repeat to skip
    int resolution = resolutions;
    String cursor = null;
    int page = 0;
    do {
      CsmPage csms = incidents(ActivityProfiles.DATABASE, "List CSMs to tell of the resolution (page " + (++page) + ")")
          .csmsToNotify(incident.incidentId(), 0, cursor, pageSize);
      cursor = csms.next();
      forEachInParallel(csms.csmIds(), csmId -> {
        String deliveryKey = episode + "/resolved/" + csmId + "/" + resolution;
        bestEffort(new Step(deliveryKey, List.of(), "notify-csm-of-resolution",
                "CSM " + csmId + " was told of the resolution neither by Slack nor by email; the follow-up tasks still come"),
            () -> incidents(ActivityProfiles.NOTIFICATION, "Resolution DM to CSM " + csmId)
                .notifyCsmOfResolution(deliveryKey, incident.incidentId(), csmId));
      });
    } while (cursor != null);
    if (impact.highImpact() > 0) {
      holdDrafts(ApprovalKind.INCIDENT_RESOLUTION);
    }
    followUpDue = now().plus(policy.followUpAfter());
    stage("resolved; follow-ups due " + followUpDue);
  }

  /**
   * Holds the {@code kind} draft of every high-impact customer, a page at a time; waits on each draft
   * still pending that this response does not wait on yet. A draft held before (same key) is answered
   * as it stands, so one decided or expired is not waited on again.
   */
  private void holdDrafts(ApprovalKind kind) {
    String keyPrefix = episode + "/" + kind.label();
    int wave = -1;
    String cursor = null;
    int page = 0;
    do {
      stage("drafting " + kind.label().replace('_', ' ') + " emails (page " + (++page) + ")");
      DraftPage held = incidents(ActivityProfiles.DATABASE, "Draft " + kind.label().replace('_', ' ') + " emails (page " + page + ")")
          .holdDrafts(keyPrefix, incident.incidentId(), kind, cursor, pageSize);
      cursor = held.next();
      for (DraftPage.Drafted draft : held.drafts()) {
        if (draft.pending() && !drafts.holds(draft.approvalId())) {
          if (wave < 0) {
            wave = drafts.openWave();
          }
          drafts.hold(new PendingDrafts.Held(draft.approvalId(), draft.customerId(), draft.approverId(), kind,
              keyPrefix + "/" + draft.customerId(), wave));
        }
      }
    } while (cursor != null);
  }

  /** A draft's wait ended: an approved outreach marks the customer's outreach sent. */
  private void concluded(PendingDrafts.Held draft, ApprovalOutcome outcome) {
    if (outcome.status() == ApprovalOutcome.Status.APPROVED && draft.kind() == ApprovalKind.INCIDENT_OUTREACH) {
      incidents(ActivityProfiles.DATABASE, "Mark outreach sent to " + draft.customerId())
          .markOutreachSent(incident.incidentId(), draft.customerId());
    }
  }

  /** The incident went {@code closeUnresolvedAfter} without an update and without resolving: end with a note. */
  private void closeUnresolved(IncidentPolicy policy) {
    String note = "no update for " + policy.closeUnresolvedAfter().toDays() + " days and not resolved: the response ends;"
        + " a later update starts a new one";
    closedUnresolved = "closed unresolved (" + note + ")";
    stage(closedUnresolved);
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("incidentId", incident.incidentId());
    details.put("status", incident.status());
    details.put("note", note);
    Workflow.newActivityStub(ActivityLogActivities.class,
            ActivityProfiles.withSummary(ActivityProfiles.DATABASE, "Log that the unresolved incident's response ends"))
        .log(new LogEntry(episode + "/closed-unresolved", null, Workflow.getInfo().getWorkflowId(), "incident_closed_unresolved",
            details));
  }

  private void createFollowUpTasks() {
    stage("creating follow-up tasks");
    Instant dueAt = now().plus(Duration.ofHours(24));
    String cursor = null;
    int page = 0;
    do {
      String from = cursor;
      cursor = incidents(ActivityProfiles.DATABASE, "Create post-incident follow-up tasks (page " + (++page) + ")")
          .createFollowUpTasks(episode + "/follow-up", incident.incidentId(), from, pageSize, dueAt);
    } while (cursor != null);
  }

  private void assessImpact() {
    impact = incidents(ActivityProfiles.DATABASE, "Find customers affected by " + String.join(", ", incident.components()))
        .assessImpact(incident.incidentId());
  }

  /** Worth telling every CSM again: a severity upgrade, new components, a reopening. Anything else is not. */
  private String changeSinceLastNotification(boolean reopened) {
    return rounds == 0 ? null : NotifiedChange.since(incident, reopened, notifiedSeverity, notifiedComponents);
  }

  private void shown(String csmId) {
    if (notifiedCsmsShown.size() < NOTIFIED_CSMS_SHOWN || notifiedCsmsShown.contains(csmId)) {
      notifiedCsmsShown.add(csmId);
    }
  }

  private String summaryStage() {
    return incident.status() + " " + incident.severity() + ": " + impact.affectedCustomers() + " customers affected";
  }

  @Override
  public IncidentState getState() {
    return new IncidentState(
        incident == null ? null : incident.incidentId(),
        incident == null ? null : incident.severity(),
        incident == null ? null : incident.status(),
        stage,
        impact.affectedCustomers(),
        List.copyOf(notifiedCsmsShown),
        rounds,
        ignoredUpdates,
        channel,
        failedUpdates);
  }

  private void stage(String stage) {
    this.stage = stage;
    Workflow.setCurrentDetails(TemporalLimits.details((incident == null ? "" : incident.title() + ": ") + stage));
  }

  private static <T> void forEachInParallel(List<T> items, Consumer<T> step) {
    List<Promise<Void>> running = new ArrayList<>();
    for (T item : items) {
      running.add(Async.procedure(() -> step.accept(item)));
    }
    Promise.allOf(running).get();
  }

  private static Instant now() {
    return Instant.ofEpochMilli(Workflow.currentTimeMillis());
  }

  private static IncidentActivities incidents(ActivityOptions profile, String summary) {
    return Workflow.newActivityStub(IncidentActivities.class, ActivityProfiles.withSummary(profile, summary));
  }
}
