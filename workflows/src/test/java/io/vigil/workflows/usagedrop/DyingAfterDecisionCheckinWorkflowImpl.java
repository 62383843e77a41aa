package io.vigil.workflows.usagedrop;

import io.vigil.workflows.common.DecisionResult;
import io.vigil.workflows.common.DraftDecision;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Test only: the check-in whose worker dies once, right after a decision accepted by update has
 * been recorded in the database and before the draft is sent. The workflow task that carries the
 * recorded decision fails (registered without the tests' fail-the-workflow option), so Temporal
 * retries it on a fresh replay of the history, as it would on another worker. The death count is
 * static on purpose: a replay must not die again.
 */
public class DyingAfterDecisionCheckinWorkflowImpl extends UsageDropCheckinWorkflowImpl {
  static final AtomicInteger DEATHS_LEFT = new AtomicInteger();

  @Override
  public DecisionResult decideDraft(DraftDecision decision) {
    DecisionResult result = super.decideDraft(decision);
    if (DEATHS_LEFT.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      throw new IllegalStateException("the worker died after the decision was recorded");
    }
    return result;
  }
}
