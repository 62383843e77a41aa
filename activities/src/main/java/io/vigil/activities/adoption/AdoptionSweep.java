package io.vigil.activities.adoption;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.context.annotation.Value;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.SearchAttributes;
import io.vigil.activities.detection.AlertDispatcher;
import io.vigil.activities.detection.DetectionCalendar;
import io.vigil.infra.persistence.AdoptionStore;
import io.vigil.infra.persistence.StallRow;
import io.vigil.workflows.adoption.AdoptionAlert;
import io.vigil.workflows.adoption.AdoptionEnablementWorkflow;
import io.vigil.workflows.common.ApprovalPolicy;
import io.vigil.workflows.common.TaskQueues;
import io.vigil.workflows.common.TemporalLimits;
import io.vigil.workflows.common.WorkflowIds;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * The adoption detector of the detection sweep: roll usage up into adoption, find the day's stalled
 * features with one set-based query, classify them into per-customer alerts and start (or signal)
 * each customer's enablement workflow, highest priority first.
 */
@Singleton
public class AdoptionSweep {
  private final AdoptionStore store;
  private final DetectionCalendar calendar;
  private final AlertDispatcher dispatcher;
  private final WorkflowClient client;
  private final AdoptionClassifier classifier;

  public AdoptionSweep(AdoptionStore store, DetectionCalendar calendar, AlertDispatcher dispatcher, WorkflowClient client,
      @Value("${vigil.approval.remind-after:24h}") Duration remindAfter,
      @Value("${vigil.approval.expire-after:7d}") Duration expireAfter,
      @Value("${vigil.approval.send-mode:send}") String sendMode) {
    this.store = store;
    this.calendar = calendar;
    this.dispatcher = dispatcher;
    this.client = client;
    this.classifier = new AdoptionClassifier(new ApprovalPolicy(remindAfter, expireAfter, "draft".equalsIgnoreCase(sendMode)));
  }

  public record FeatureFinding(String featureId, String featureName, int usageScore, String stage, @Nullable String stallReason,
      @Nullable Integer daysSinceActivation, int expectedAdoptionDays, int importance, boolean suppressed, String reason) {}

  public record AlertFinding(String customerId, String severity, long priority, boolean suppressed, String reason,
      @Nullable String workflowId, List<FeatureFinding> features) {}

  public record Result(LocalDate asOf, long evaluated, @Nullable String skipped, List<AlertFinding> alerts) {}

  public AdoptionStore.RollUp rollUp(String customerIdOrNull, LocalDate from, LocalDate to) {
    return store.rollUp(customerIdOrNull, from, to);
  }

  /** Classifies without dispatching: what a sweep would alert on. */
  public List<AdoptionClassifier.CustomerFindings> detect(LocalDate asOf, String customerIdOrNull) {
    return classifier.classify(asOf, store.findStalls(asOf, customerIdOrNull));
  }

  /** As {@link #run(LocalDate, String, String)}, for a run of its own. */
  public Result run(LocalDate asOf, String customerIdOrNull) {
    return run(asOf, customerIdOrNull, "adoption/" + asOf + "/" + java.util.UUID.randomUUID());
  }

  /** Detects and dispatches as of {@code asOf}; {@code origin} names the detection run in the workflows it starts. */
  public Result run(LocalDate asOf, String customerIdOrNull, String origin) {
    var skip = calendar.skipReason(asOf);
    if (skip.isPresent()) {
      return new Result(asOf, 0, skip.get(), List.of());
    }
    long evaluated = store.countEvaluated(asOf, customerIdOrNull);
    List<AlertFinding> alerts = new ArrayList<>();
    for (AdoptionClassifier.CustomerFindings customer : detect(asOf, customerIdOrNull)) {
      String workflowId = WorkflowIds.adoption(customer.customerId());
      List<FeatureFinding> features = new ArrayList<>();
      for (AdoptionClassifier.Finding f : customer.findings()) {
        StallRow s = f.stall();
        features.add(new FeatureFinding(s.featureId(), s.featureName(), s.usageScore(), s.stage(), s.stallReason(),
            s.daysSinceActivation(), s.expectedAdoptionDays(), s.importanceScore(), f.suppressed(), f.reason()));
      }
      AdoptionAlert alert = customer.alert();
      if (alert == null) {
        alerts.add(new AlertFinding(customer.customerId(), null, 0, true,
            "every stalled feature was alerted or intervened on within 30 days", null, features));
        continue;
      }
      AlertDispatcher.Dispatch dispatch = dispatcher.startOrSignal(workflowId, origin,
          () -> WorkflowClient.start(
              client.newWorkflowStub(AdoptionEnablementWorkflow.class, options(workflowId, origin, alert))::run, alert),
          () -> client.newWorkflowStub(AdoptionEnablementWorkflow.class, workflowId).reportDetection(alert));
      alerts.add(new AlertFinding(customer.customerId(), alert.severity().label(), alert.priority(), !dispatch.started(),
          dispatch.started() ? "alert started: " + alert.summary()
              : "an enablement for this customer is still running (" + workflowId + ")",
          workflowId, features));
    }
    return new Result(asOf, evaluated, null, alerts);
  }

  private static WorkflowOptions options(String workflowId, String origin, AdoptionAlert alert) {
    return WorkflowOptions.newBuilder()
        .setWorkflowId(workflowId)
        .setMemo(AlertDispatcher.memo(origin))
        .setTaskQueue(TaskQueues.PLAYBOOKS)
        .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE)
        .setStaticSummary(TemporalLimits.summary("Adoption enablement for " + alert.customerName() + " (" + alert.severity().label() + "): "
            + alert.summary()))
        .setTypedSearchAttributes(SearchAttributes.newBuilder()
            .set(io.vigil.workflows.common.SearchAttributes.CUSTOMER_ID, TemporalLimits.keyword(alert.customerId()))
            .set(io.vigil.workflows.common.SearchAttributes.CSM_ID, TemporalLimits.keyword(alert.csmId()))
            .set(io.vigil.workflows.common.SearchAttributes.SEVERITY, alert.severity().label())
            .build())
        .build();
  }
}
