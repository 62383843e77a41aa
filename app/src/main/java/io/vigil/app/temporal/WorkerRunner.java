package io.vigil.app.temporal;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.event.ShutdownEvent;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.worker.Worker;
import io.vigil.activities.escalation.EscalationActivitiesImpl;
import io.vigil.workflows.escalation.EscalationDeliveryWorkflowImpl;
import io.vigil.workflows.escalation.EscalationFixWorkflowImpl;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerFactoryOptions;
import io.temporal.worker.WorkerOptions;
import io.vigil.activities.adoption.AdoptionActivitiesImpl;
import io.vigil.activities.detractor.DetractorActivitiesImpl;
import io.vigil.activities.common.ActivityLogActivitiesImpl;
import io.vigil.activities.common.ApprovalActivitiesImpl;
import io.vigil.activities.common.DataErrors;
import io.vigil.activities.common.HealthActivitiesImpl;
import io.vigil.activities.common.TaskActivitiesImpl;
import io.vigil.activities.detection.SweepActivitiesImpl;
import io.vigil.activities.drafting.MeetingSlotActivitiesImpl;
import io.vigil.activities.risk.RiskEscalationActivitiesImpl;
import io.vigil.activities.incident.IncidentActivitiesImpl;
import io.vigil.activities.report.WeeklyReportActivitiesImpl;
import io.vigil.activities.silence.SilenceActivitiesImpl;
import io.vigil.activities.usagedrop.UsageDropActivitiesImpl;
import io.vigil.app.config.PoolSizes;
import io.vigil.app.config.WorkerTuning;
import io.vigil.app.roles.Role;
import io.vigil.workflows.adoption.AdoptionEnablementWorkflowImpl;
import io.vigil.workflows.detractor.DetractorFollowUpWorkflowImpl;
import io.vigil.workflows.common.TaskQueues;
import io.vigil.workflows.risk.AtRiskEscalationWorkflowImpl;
import io.vigil.workflows.risk.ChurnRiskEscalationWorkflowImpl;
import io.vigil.workflows.incident.IncidentResponseWorkflowImpl;
import io.vigil.workflows.report.WeeklyReportTriggerWorkflowImpl;
import io.vigil.workflows.report.WeeklyReportWorkflowImpl;
import io.vigil.workflows.sweep.DetectionSweepWorkflowImpl;
import io.vigil.workflows.silence.SilenceCheckinWorkflowImpl;
import io.vigil.workflows.expansion.ExpansionOpportunityWorkflowImpl;
import io.vigil.activities.expansion.ExpansionActivitiesImpl;
import io.vigil.workflows.usagedrop.UsageDropCheckinWorkflowImpl;
import jakarta.inject.Singleton;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the playbook worker inside the application. Tests stop and start it to play a worker that
 * dies between two steps.
 */
@Singleton
@Requires(property = Role.PROPERTY, notEquals = "api")
public class WorkerRunner {
  private static final Logger LOG = LoggerFactory.getLogger(WorkerRunner.class);

  private final WorkflowServiceStubs stubs;
  private final WorkflowClient client;
  private final String namespace;
  private final List<Object> activities;
  private final PoolSizes pools;
  private final WorkerTuning tuning;
  private WorkerFactory factory;

  public WorkerRunner(WorkflowServiceStubs stubs, WorkflowClient client,
      @Value("${temporal.namespace:default}") String namespace,
      UsageDropActivitiesImpl usageDrop, ApprovalActivitiesImpl approvals, TaskActivitiesImpl tasks,
      HealthActivitiesImpl health, ActivityLogActivitiesImpl log, SweepActivitiesImpl sweep,
      IncidentActivitiesImpl incidents, AdoptionActivitiesImpl adoption, MeetingSlotActivitiesImpl meetingSlots,
      WeeklyReportActivitiesImpl weeklyReport, SilenceActivitiesImpl silence, RiskEscalationActivitiesImpl riskEscalations,
      EscalationActivitiesImpl escalations, DetractorActivitiesImpl detractor, ExpansionActivitiesImpl expansion,
      PoolSizes pools, WorkerTuning tuning) {
    this.stubs = stubs;
    this.client = client;
    this.namespace = namespace;
    this.activities = List.of(usageDrop, approvals, tasks, health, log, sweep, incidents, adoption, meetingSlots,
        weeklyReport, silence, riskEscalations, escalations, detractor, expansion);
    this.pools = pools;
    this.tuning = tuning;
  }

  /**
   * At most as many activities at once as the connection pool keeps connections for (PoolSizing);
   * pollers and workflow task slots as tuned (docs/operations.md, "The worker").
   */
  public static WorkerOptions workerOptions(PoolSizes pools, WorkerTuning tuning) {
    return WorkerOptions.newBuilder()
        .setMaxConcurrentActivityExecutionSize(pools.activitySlots())
        .setMaxConcurrentLocalActivityExecutionSize(PoolSizes.LOCAL_ACTIVITY_SLOTS)
        .setMaxConcurrentWorkflowTaskExecutionSize(tuning.workflowSlots())
        .setMaxConcurrentWorkflowTaskPollers(tuning.workflowPollers())
        .setMaxConcurrentActivityTaskPollers(tuning.activityPollers())
        .build();
  }

  /** The cache of workflows kept between their events, and the threads they hold. */
  public static WorkerFactoryOptions.Builder factoryOptions(WorkerTuning tuning) {
    return WorkerFactoryOptions.newBuilder()
        .setWorkflowCacheSize(tuning.workflowCacheSize())
        .setMaxWorkflowThreadCount(tuning.workflowThreads());
  }

  @EventListener
  void onStartup(StartupEvent event) {
    SearchAttributeRegistrar.ensureRegistered(stubs, namespace);
    start();
  }

  @EventListener
  void onShutdown(ShutdownEvent event) {
    stop();
  }

  public synchronized void start() {
    if (factory != null) {
      return;
    }
    // an activity whose data the database refuses fails at once instead of retrying (DataErrors)
    factory = WorkerFactory.newInstance(client,
        factoryOptions(tuning).setWorkerInterceptors(new DataErrors(), new CustomerLogContext()).build());
    Worker worker = factory.newWorker(TaskQueues.PLAYBOOKS, workerOptions(pools, tuning));
    worker.registerWorkflowImplementationTypes(UsageDropCheckinWorkflowImpl.class, DetectionSweepWorkflowImpl.class,
        IncidentResponseWorkflowImpl.class, AdoptionEnablementWorkflowImpl.class, WeeklyReportWorkflowImpl.class,
        WeeklyReportTriggerWorkflowImpl.class, SilenceCheckinWorkflowImpl.class, AtRiskEscalationWorkflowImpl.class,
        ChurnRiskEscalationWorkflowImpl.class, EscalationDeliveryWorkflowImpl.class, EscalationFixWorkflowImpl.class,
        DetractorFollowUpWorkflowImpl.class, ExpansionOpportunityWorkflowImpl.class);
    worker.registerActivitiesImplementations(activities.toArray());
    factory.start();
    LOG.info("Worker polling task queue {} on namespace {} (workflow cache {}, pollers {} workflow / {} activity,"
        + " slots {} workflow tasks / {} activities)", TaskQueues.PLAYBOOKS, namespace, tuning.workflowCacheSize(),
        tuning.workflowPollers(), tuning.activityPollers(), tuning.workflowSlots(), pools.activitySlots());
  }

  /** Stops at once, abandoning running activities, as a killed worker would. */
  public synchronized void stop() {
    if (factory != null) {
      factory.shutdownNow();
      factory.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS);
      factory = null;
    }
  }
}
