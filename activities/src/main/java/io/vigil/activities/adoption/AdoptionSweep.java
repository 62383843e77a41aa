package io.vigil.activities.adoption;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.context.annotation.Value;
import io.temporal.client.WorkflowClient;
import io.vigil.activities.detection.AlertDispatcher;
import io.vigil.activities.detection.DetectionCalendar;
import io.vigil.infra.persistence.AdoptionRollups;
import io.vigil.infra.persistence.AdoptionRules;
import io.vigil.infra.persistence.AdoptionStalls;
import io.vigil.infra.persistence.StallRow;
import io.vigil.workflows.adoption.AdoptionAlert;
import io.vigil.workflows.adoption.AdoptionEnablementWorkflow;
import io.vigil.workflows.common.ApprovalPolicy;
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
  private final AdoptionRollups rollups;
  private final AdoptionStalls stalls;
  private final DetectionCalendar calendar;
  private final AlertDispatcher dispatcher;
  private final WorkflowClient client;
  private final AdoptionClassifier classifier;

  public AdoptionSweep(AdoptionRollups rollups, AdoptionStalls stalls, AdoptionRules rules, DetectionCalendar calendar, AlertDispatcher dispatcher, WorkflowClient client,
      @Value("${vigil.approval.remind-after:24h}") Duration remindAfter,
      @Value("${vigil.approval.expire-after:7d}") Duration expireAfter,
      @Value("${vigil.approval.send-mode:send}") String sendMode) {
    this.rollups = rollups;
    this.stalls = stalls;
    this.calendar = calendar;
    this.dispatcher = dispatcher;
    this.client = client;
    this.classifier = new AdoptionClassifier(new ApprovalPolicy(remindAfter, expireAfter, "draft".equalsIgnoreCase(sendMode)), rules);
  }

  public record FeatureFinding(String featureId, String featureName, int usageScore, String stage, @Nullable String stallReason,
      @Nullable Integer daysSinceActivation, int expectedAdoptionDays, int importance, boolean suppressed, String reason) {}

  public record AlertFinding(String customerId, String severity, long priority, boolean suppressed, String reason,
      @Nullable String workflowId, List<FeatureFinding> features) {}

  public record Result(LocalDate asOf, long evaluated, @Nullable String skipped, List<AlertFinding> alerts) {}

  public AdoptionRollups.RollUp rollUp(String customerIdOrNull, LocalDate from, LocalDate to) {
    return rollups.rollUp(customerIdOrNull, from, to);
  }

  /** Classifies without dispatching: what a sweep would alert on. */
  public List<AdoptionClassifier.CustomerFindings> detect(LocalDate asOf, String customerIdOrNull) {
    return classifier.classify(asOf, stalls.findStalls(asOf, customerIdOrNull));
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
    long evaluated = stalls.countEvaluated(asOf, customerIdOrNull);
    List<AlertFinding> alerts = new ArrayList<>();
    for (AdoptionClassifier.CustomerFindings customer : detect(asOf, customerIdOrNull)) {
      String workflowId = AdoptionEnablementWorkflow.workflowId(customer.customerId());
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
          () -> WorkflowClient.start(AdoptionEnablementWorkflow.starting(client, alert, origin)::run, alert, null),
          () -> {
            AdoptionEnablementWorkflow running = AdoptionEnablementWorkflow.running(client, customer.customerId());
            if (!AlertDispatcher.alreadyReported(running::hasDetection, alert.alertKey())) {
              running.reportDetection(alert);
            }
          });
      alerts.add(new AlertFinding(customer.customerId(), alert.severity().label(), alert.priority(), !dispatch.started(),
          dispatch.started() ? "alert started: " + alert.summary()
              : "an enablement for this customer is still running (" + workflowId + ")",
          workflowId, features));
    }
    return new Result(asOf, evaluated, null, alerts);
  }
}
