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

  /** Maps the incident's components and regions to customers, stores their impact, answers them ranked. */
  List<ImpactedCustomer> analyzeImpact(String incidentId);

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
