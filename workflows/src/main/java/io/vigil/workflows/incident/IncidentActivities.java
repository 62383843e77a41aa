package io.vigil.workflows.incident;

import io.temporal.activity.ActivityInterface;
import io.vigil.workflows.common.ApprovalKind;
import io.vigil.workflows.common.Delivery;
import io.vigil.workflows.common.DraftRef;
import java.util.List;

@ActivityInterface
public interface IncidentActivities {
  /** Stores the update unless it is a redelivery or older than what is stored; a retry of this run's own apply is "applied". */
  AppliedUpdate applyUpdate(IncidentUpdate update);

  /**
   * Maps the incident's components and regions to customers, stores their impact, answers them ranked.
   * Only runs started before {@code bounded-impact} call it: the list grows with the portfolio.
   */
  List<ImpactedCustomer> analyzeImpact(String incidentId);

  /** Maps the incident's components and regions to customers and stores their impact; answers its counts. */
  ImpactSummary assessImpact(String incidentId);

  /**
   * A page of at most {@code limit} CSMs with affected customers whose impact row is newer than {@code
   * afterImpactId} (0: every affected customer), after the CSM id {@code afterCsmId} (null: the first page).
   */
  CsmPage csmsToNotify(String incidentId, long afterImpactId, String afterCsmId, int limit);

  /**
   * Drafts the email of {@code kind} to each of at most {@code limit} high-impact customers after
   * {@code afterCustomerId} (null: the first page), held for approval once per key ({@code
   * keyPrefix/<customerId>}): a draft held before is answered as it stands.
   */
  DraftPage holdDrafts(String keyPrefix, String incidentId, ApprovalKind kind, String afterCustomerId, int limit);

  /**
   * Creates the post-incident follow-up task (key {@code keyPrefix/<customerId>}, due at {@code dueAt})
   * of each of at most {@code limit} high-impact customers after {@code afterCustomerId}; answers the
   * cursor of the next page, null after the last.
   */
  String createFollowUpTasks(String keyPrefix, String incidentId, String afterCustomerId, int limit, java.time.Instant dueAt);

  /** The PRD 5.1 DM to one CSM listing their affected customers; {@code change} says what changed on a re-notification. */
  Delivery notifyCsmOfIncident(String idempotencyKey, String incidentId, String csmId, String change);

  /** Opens (or finds) the coordination channel {@code incident-<id>-response} and invites the CSMs; answers its id. */
  String openCoordinationChannel(String incidentId, List<String> csmIds);

  /** Drafts the outreach or the resolution email ({@code kind}) to a customer, held for approval. */
  DraftRef draftCustomerEmail(String idempotencyKey, String incidentId, String customerId, ApprovalKind kind);

  /** Marks a customer's outreach as sent once its approved email went out. */
  void markOutreachSent(String incidentId, String customerId);

  /** The PRD 5.2 resolution DM to one CSM. */
  Delivery notifyCsmOfResolution(String idempotencyKey, String incidentId, String csmId);
}
