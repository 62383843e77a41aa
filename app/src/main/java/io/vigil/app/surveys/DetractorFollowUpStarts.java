package io.vigil.app.surveys;

import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.vigil.infra.persistence.DetractorFollowUps;
import io.vigil.workflows.common.ApprovalPolicy;
import io.vigil.workflows.detractor.DetractorFollowUpWorkflow;
import io.vigil.workflows.detractor.DetractorResponse;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;

/**
 * Starts the follow-up of each detractor answer of a stored batch, once per response id ever: the
 * database claims the follow-up first (so a response posted again a year later finds its claim),
 * then the workflow is started and the claim marked started. A start that finds the workflow
 * already there (an earlier post died before marking it) counts as started. Answers older than
 * {@link #MAX_AGE} start nothing: importing a survey tool's history must not page every CSM about
 * last year's detractors.
 */
@Singleton
public class DetractorFollowUpStarts {
  public static final Duration MAX_AGE = Duration.ofDays(30);

  private final DetractorFollowUps followUps;
  private final WorkflowClient client;
  private final ApprovalPolicy approvalPolicy;
  private final Clock clock;

  public DetractorFollowUpStarts(DetractorFollowUps followUps, WorkflowClient client, ApprovalPolicy approvalPolicy,
      Clock clock) {
    this.clock = clock;
    this.followUps = followUps;
    this.client = client;
    this.approvalPolicy = approvalPolicy;
  }

  /** Answers how many follow-ups this call started. */
  public int startFor(Collection<String> storedResponseIds) {
    int started = 0;
    for (DetractorFollowUps.Claim claim : followUps.claim(storedResponseIds, clock.instant().minus(MAX_AGE))) {
      DetractorResponse response = new DetractorResponse(claim.responseId(), claim.customerId(), claim.customerName(),
          claim.csmId(), claim.score(), claim.respondedAt(), approvalPolicy);
      try {
        WorkflowClient.start(DetractorFollowUpWorkflow.starting(client, response)::run, response);
        started++;
      } catch (WorkflowExecutionAlreadyStarted alreadyThere) {
        // started by an earlier post that died before it marked the claim
      }
      followUps.markStarted(claim.responseId(), DetractorFollowUpWorkflow.workflowId(claim.responseId()));
    }
    return started;
  }
}
