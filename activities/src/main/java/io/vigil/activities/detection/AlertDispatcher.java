package io.vigil.activities.detection;

import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowException;
import io.vigil.workflows.common.PlaybookStarts;
import io.vigil.workflows.usagedrop.UsageDropAlert;
import io.vigil.workflows.usagedrop.UsageDropCheckinWorkflow;
import io.vigil.activities.risk.EscalationRule;
import io.vigil.workflows.risk.AtRiskEscalationWorkflow;
import io.vigil.workflows.risk.ChurnRiskEscalationWorkflow;
import io.micronaut.core.annotation.Nullable;
import io.vigil.infra.metrics.VigilMetrics;
import io.vigil.infra.persistence.CustomerRepository;
import io.vigil.infra.persistence.EscalationFacts;
import io.vigil.workflows.risk.EscalationCause;
import io.vigil.workflows.risk.EscalationKind;
import io.vigil.workflows.risk.EscalationPolicy;
import io.vigil.workflows.risk.EscalationTrigger;
import io.vigil.workflows.risk.HealthEscalation;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import io.micronaut.context.annotation.Value;
import jakarta.annotation.PreDestroy;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Starts the customer's check-in workflow, or, when one is already running (in progress or in its
 * cooldown), hands it the detection to record as suppressed. Start-then-signal rather than
 * signal-with-start, because the caller must know which of the two happened.
 *
 * <p>Every start carries the detection run that made it in its memo ({@value PlaybookStarts#ORIGIN_MEMO}): a
 * sweep step retried after its start went through (the worker died before recording it) finds the
 * run it started itself, and counts the alert as started, not as suppressed by its own workflow.
 *
 * <p>A detection's check-ins start {@code vigil.detection.dispatch-threads} at a time ({@link
 * #startCheckins}, threads shared by every sweep step and detection run of the process): each start
 * waits on a round trip to Temporal's persistence, and one after another they, not the check-ins'
 * own steps, set the pace at which a detection parks its playbooks (docs/performance.md, "Parking").
 */
@Singleton
public class AlertDispatcher {
  private final WorkflowClient client;
  private final EscalationPolicy escalationPolicy;
  private final CustomerRepository customers;
  private final VigilMetrics metrics;
  private final ExecutorService starts;

  /** The sweep's own tests: check-ins only, no churn-risk escalation from a drop. */
  public AlertDispatcher(WorkflowClient client) {
    this(client, 1);
  }

  /** As {@link #AlertDispatcher(WorkflowClient)}, starting {@code dispatchThreads} check-ins at once. */
  public AlertDispatcher(WorkflowClient client, int dispatchThreads) {
    this(client, EscalationPolicy.DEFAULT, null, VigilMetrics.unregistered(), dispatchThreads);
  }

  @Inject
  public AlertDispatcher(WorkflowClient client, EscalationPolicy escalationPolicy, @Nullable CustomerRepository customers,
      VigilMetrics metrics, @Value("${vigil.detection.dispatch-threads:8}") int dispatchThreads) {
    if (dispatchThreads < 1) {
      throw new IllegalArgumentException("vigil.detection.dispatch-threads (VIGIL_DETECTION_DISPATCH_THREADS) must be "
          + "at least 1, not " + dispatchThreads);
    }
    AtomicInteger threads = new AtomicInteger();
    // threads only while a detection dispatches: idle for a minute, they end (a daily sweep needs none between runs)
    ThreadPoolExecutor pool = new ThreadPoolExecutor(dispatchThreads, dispatchThreads, 1, TimeUnit.MINUTES,
        new LinkedBlockingQueue<>(), r -> {
          Thread thread = new Thread(r, "checkin-starts-" + threads.incrementAndGet());
          thread.setDaemon(true);
          return thread;
        });
    pool.allowCoreThreadTimeOut(true);
    this.starts = pool;
    this.metrics = metrics;
    this.client = client;
    this.escalationPolicy = escalationPolicy;
    this.customers = customers;
  }

  /** {@code runId}: the run started, or the run that was signalled. */
  public record Dispatch(String workflowId, String runId, boolean started) {}

  @PreDestroy
  void stop() {
    starts.shutdownNow();
  }

  /**
   * The customer's check-in. A drop over 50% (a high or critical alert) of a customer whose stored
   * health already calls for escalation (red, or yellow and declining) is also a churn risk: the
   * customer's churn-risk escalation starts at once beside the check-in, whose steps do not change.
   * A drop of a customer in good health is the check-in's alone (it tells the CSM); should the next
   * health step find the customer red, the drop makes that day a churn risk ({@link EscalationRule}).
   */
  public Dispatch dispatch(UsageDropAlert alert, String origin) {
    Dispatch checkin = startCheckin(alert, origin);
    escalateIfChurnRisk(alert);
    return checkin;
  }

  /**
   * The check-in half of {@link #dispatch}: Temporal calls only (start, or describe/query/signal the
   * running one), no database, so that the sweep may run several at once on threads that hold no
   * connection ({@code SweepActivitiesImpl}).
   */
  public Dispatch startCheckin(UsageDropAlert alert, String origin) {
    Dispatch checkin = dispatchCheckin(alert, origin);
    metrics.detection(alert.severity().label(), checkin.started() ? "started" : "suppressed");
    return checkin;
  }

  /**
   * {@link #startCheckin} of every alert, several at once; answers their dispatches in the alerts'
   * order once every start has ended (none is left in flight, even when one failed: the first
   * failure is then rethrown). The caller records the outcomes and escalates on its own thread.
   */
  public List<Dispatch> startCheckins(List<UsageDropAlert> alerts, String origin) {
    List<Future<Dispatch>> inFlight = new ArrayList<>(alerts.size());
    for (UsageDropAlert alert : alerts) {
      inFlight.add(starts.submit(() -> startCheckin(alert, origin)));
    }
    List<Dispatch> dispatched = new ArrayList<>(alerts.size());
    RuntimeException failure = null;
    boolean interrupted = false;
    for (Future<Dispatch> start : inFlight) {
      while (true) {
        try {
          dispatched.add(start.get());
          break;
        } catch (InterruptedException e) {
          interrupted = true; // the starts in flight end first; the caller then sees the interrupt
        } catch (ExecutionException | CancellationException e) {
          Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
          if (failure == null) {
            failure = cause instanceof RuntimeException r ? r : new IllegalStateException(cause);
          }
          dispatched.add(null);
          break;
        }
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    if (failure != null) {
      throw failure;
    }
    return dispatched;
  }

  /** The churn-risk half of {@link #dispatch}: reads the customer's stored health, so it runs where a connection is counted. */
  public void escalateIfChurnRisk(UsageDropAlert alert) {
    if (customers != null && EscalationRule.isChurnRiskDrop(alert.severity())) {
      customers.findById(alert.customerId())
          .flatMap(c -> EscalationRule.decide(c.healthBand() == null ? null : c.healthScore(), c.healthBand(),
              c.healthTrend(), new EscalationFacts.ChurnCause(c.id(), "usage_drop",
                  alert.asOf().atStartOfDay(ZoneOffset.UTC).toInstant())))
          .ifPresent(v -> escalate(new EscalationTrigger(EscalationKind.CHURN_RISK, alert.customerId(),
              alert.customerName(), alert.csmId(), alert.asOf(), EscalationCause.USAGE_DROP, alert.severity(),
              alert.primaryDrop().summary() + "; " + v.summary(), escalationPolicy)));
    }
  }

  /**
   * Starts the customer's escalation of {@code trigger}'s kind, or hands the running one the trigger to
   * record as suppressed (unless it already holds it: a page scored again, an event reported twice).
   */
  public Dispatch escalate(EscalationTrigger trigger) {
    String customerId = trigger.customerId();
    if (trigger.kind() == EscalationKind.AT_RISK) {
      return startOrSignal(AtRiskEscalationWorkflow.workflowId(customerId), null,
          () -> WorkflowClient.start(AtRiskEscalationWorkflow.starting(client, trigger)::run, trigger, null),
          () -> signal(AtRiskEscalationWorkflow.running(client, customerId), trigger));
    }
    return startOrSignal(ChurnRiskEscalationWorkflow.workflowId(customerId), null,
        () -> WorkflowClient.start(ChurnRiskEscalationWorkflow.starting(client, trigger)::run, trigger, null),
        () -> signal(ChurnRiskEscalationWorkflow.running(client, customerId), trigger));
  }

  /** The policy the escalations this dispatcher starts get. */
  public EscalationPolicy escalationPolicy() {
    return escalationPolicy;
  }

  private static void signal(HealthEscalation running, EscalationTrigger trigger) {
    if (!alreadyReported(running::hasTrigger, trigger.triggerKey())) {
      running.reportTrigger(trigger);
    }
  }

  private Dispatch dispatchCheckin(UsageDropAlert alert, String origin) {
    return startOrSignal(UsageDropCheckinWorkflow.workflowId(alert.customerId()), origin,
        () -> WorkflowClient.start(UsageDropCheckinWorkflow.starting(client, alert, origin)::run, alert, null),
        () -> {
          UsageDropCheckinWorkflow running = UsageDropCheckinWorkflow.running(client, alert.customerId());
          if (!alreadyReported(running::hasDetection, alert.alertKey())) {
            running.reportDetection(alert);
          }
        });
  }

  /**
   * Whether the running workflow already holds the detection of {@code alertKey} (detection run again
   * for the same day): then it is not signalled again, as every signal is an event in its history. A
   * query adds none. When the query cannot be answered the signal goes anyway: the workflow records
   * each alert once whatever it is sent. A workflow that just closed throws {@link
   * WorkflowNotFoundException}, for {@link #startOrSignal} to start afresh.
   */
  public static boolean alreadyReported(Predicate<String> hasDetection, String alertKey) {
    try {
      return hasDetection.test(alertKey);
    } catch (WorkflowNotFoundException closed) {
      throw closed;
    } catch (WorkflowException unanswered) {
      return false;
    }
  }

  /**
   * Any playbook's start-or-signal: {@code start} the workflow (with {@code origin} in its memo, as
   * {@link PlaybookStarts#forCustomer} puts it), or when a run with this id is open, answer it as started when
   * {@code origin} started it, and otherwise {@code signal} it the detection.
   */
  public Dispatch startOrSignal(String workflowId, String origin, Supplier<WorkflowExecution> start, Runnable signal) {
    for (int attempt = 0; ; attempt++) {
      try {
        return new Dispatch(workflowId, start.get().getRunId(), true);
      } catch (WorkflowExecutionAlreadyStarted running) {
        String runId = running.getExecution().getRunId();
        if (startedBy(origin, workflowId, runId)) {
          return new Dispatch(workflowId, runId, true);
        }
        try {
          signal.run();
          return new Dispatch(workflowId, runId, false);
        } catch (WorkflowNotFoundException justFinished) {
          if (attempt >= 3) {
            throw justFinished;
          }
          // the workflow ended between our start and our signal: start afresh
        }
      }
    }
  }

  /** Whether the open run {@code runId} of {@code workflowId} was started by {@code origin}. */
  boolean startedBy(String origin, String workflowId, String runId) {
    if (origin == null || runId == null || runId.isEmpty()) {
      return false;
    }
    try {
      Object memo = client.newUntypedWorkflowStub(workflowId, Optional.of(runId), Optional.empty())
          .describe().getMemo(PlaybookStarts.ORIGIN_MEMO, String.class);
      return origin.equals(memo);
    } catch (WorkflowNotFoundException gone) {
      return false;
    }
  }
}
