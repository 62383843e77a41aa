package io.vigil.workflows.escalation;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** The steps of an escalation's delivery and of its fix being told to customers. */
@ActivityInterface
public interface EscalationActivities {
  /**
   * POSTs version {@code version} of the escalation, signed, to its type's intake webhook; answers
   * {@code delivered}, or {@code skipped} when no webhook is configured for the type. Throws while the
   * receiver does not accept (retried), a non-retryable failure when it refuses for good.
   */
  @ActivityMethod(name = "deliverEscalationToWebhook")
  String deliverEscalationToWebhook(String escalationId, int version);

  /** Posts the escalation to its type's Slack channel; answers {@code delivered} or {@code skipped} (none configured). */
  @ActivityMethod(name = "postEscalationToSlack")
  String postEscalationToSlack(String escalationId, int version);

  /**
   * Drafts the "it is fixed" email to each of at most {@code limit} customers of the escalation after
   * {@code afterCustomerId} (in id order), held for their CSM's approval, once per key
   * ({@code keyPrefix/<customerId>}).
   */
  @ActivityMethod(name = "holdEscalationFixedDrafts")
  FixedDrafts holdFixedDrafts(String keyPrefix, String escalationId, String afterCustomerId, int limit);
}
