package io.vigil.workflows.common;

import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowOptions;
import java.util.Map;

/**
 * What the start options of every playbook share; each playbook's interface builds its own from
 * these ({@code UsageDropCheckinWorkflow.startOptions} and its siblings). The business id is the
 * workflow id, and a finished playbook may run again for the same business id.
 */
public final class PlaybookStarts {
  /** Memo key naming the detection run (a sweep's id, or an API run's) that started a playbook workflow. */
  public static final String ORIGIN_MEMO = "detectionRun";

  private PlaybookStarts() {}

  /** On the playbooks' task queue, with a static summary cut to Temporal's limit. */
  public static WorkflowOptions.Builder options(String workflowId, String summary,
      io.temporal.common.SearchAttributes attributes) {
    return WorkflowOptions.newBuilder()
        .setWorkflowId(workflowId)
        .setTaskQueue(TaskQueues.PLAYBOOKS)
        .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE)
        .setStaticSummary(TemporalLimits.summary(summary))
        .setTypedSearchAttributes(attributes);
  }

  /** A customer's playbook, started by detection run {@code origin} (none in tests that start it themselves). */
  public static WorkflowOptions forCustomer(String workflowId, String origin, String summary, String customerId,
      String csmId, Severity severity) {
    return forCustomer(workflowId, origin, summary, customerId, csmId, severity.label());
  }

  /** The same with a severity outside the drop scale (the expansion opportunity's {@code positive}). */
  public static WorkflowOptions forCustomer(String workflowId, String origin, String summary, String customerId,
      String csmId, String severity) {
    WorkflowOptions.Builder options = options(workflowId, summary, io.temporal.common.SearchAttributes.newBuilder()
        .set(SearchAttributes.CUSTOMER_ID, TemporalLimits.keyword(customerId))
        .set(SearchAttributes.CSM_ID, TemporalLimits.keyword(csmId))
        .set(SearchAttributes.SEVERITY, severity)
        .build());
    return origin == null ? options.build() : options.setMemo(memo(origin)).build();
  }

  /** The business id after {@code prefix} in {@code workflowId}: every playbook's id parser. */
  public static String idAfter(String prefix, String workflowId) {
    if (!workflowId.startsWith(prefix)) {
      throw new IllegalArgumentException("not a " + prefix + "<id> workflow id: " + workflowId);
    }
    return workflowId.substring(prefix.length());
  }

  /** The memo every start by a detection run carries. */
  public static Map<String, Object> memo(String origin) {
    return Map.of(ORIGIN_MEMO, origin);
  }
}
