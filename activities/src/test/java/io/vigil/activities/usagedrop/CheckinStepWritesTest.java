package io.vigil.activities.usagedrop;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.ApplicationContext;
import io.temporal.activity.ActivityOptions;
import io.temporal.client.WorkflowClient;
import io.temporal.common.RetryOptions;
import io.temporal.testing.TestActivityEnvironment;
import io.temporal.testing.TestWorkflowEnvironment;
import io.vigil.activities.common.ApprovalActivitiesImpl;
import io.vigil.activities.common.HealthActivitiesImpl;
import io.vigil.activities.common.TaskActivitiesImpl;
import io.vigil.activities.detection.CountingDriver;
import io.vigil.activities.detection.TestDatabase;
import io.vigil.workflows.common.ApprovalActivities;
import io.vigil.workflows.common.DraftRef;
import io.vigil.workflows.common.HealthActivities;
import io.vigil.workflows.common.NewTask;
import io.vigil.workflows.common.Severity;
import io.vigil.workflows.common.TaskActivities;
import io.vigil.workflows.common.TaskPriority;
import io.vigil.workflows.common.TriggerOutcome;
import io.vigil.workflows.usagedrop.MetricDrop;
import io.vigil.workflows.usagedrop.UsageDropActivities;
import io.vigil.workflows.usagedrop.UsageDropAlert;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 12 (parking): what each step a usage-drop check-in runs before it parks on approval costs
 * PostgreSQL in transactions, and how many of them write, each a commit with fsync
 * (synchronous_commit=on). All of them counted on the connections the steps' pool makes
 * ({@link CountingDriver}: a statement in autocommit is one); the writing ones exactly as the
 * transaction ids the step consumed (a read-only transaction takes none), on a database only this
 * test uses. A step writes its row(s) and its activity-log line in one transaction; a delivery
 * commits its claim before it sends and its outcome after (that is its exactly-once), then its log
 * line; what a step reads before it writes or sends, it reads in one transaction.
 */
class CheckinStepWritesTest {
  private static final LocalDate AS_OF = LocalDate.of(2026, 11, 18);
  private static TestDatabase db;
  private static TestWorkflowEnvironment temporal;
  private static TestActivityEnvironment env;
  private static UsageDropActivities usageDrop;
  private static HealthActivities health;
  private static TaskActivities tasks;
  private static ApprovalActivities approvals;

  @BeforeAll
  static void startDatabaseAndSteps() {
    db = new TestDatabase();
    ApplicationContext context = db.beans(db.countingTransactions());
    // the health step's scoring names the playbooks on health, which start workflows: none start here
    temporal = TestWorkflowEnvironment.newInstance();
    context.registerSingleton(WorkflowClient.class, temporal.getWorkflowClient());
    db.execute("INSERT INTO users (id, name, email, role) VALUES ('csm-1', 'Casey', 'casey@example.com', 'csm')");
    for (String customer : List.of("acme", "globex")) {
      db.execute("INSERT INTO customers (id, name, arr, segment, region, csm_id, champion_name, champion_email)"
          + " VALUES ('" + customer + "', '" + customer + "', 24000, 'smb', 'NA', 'csm-1', 'Dana', 'dana@example.com')");
    }
    env = TestActivityEnvironment.newInstance();
    env.registerActivitiesImplementations(context.getBean(UsageDropActivitiesImpl.class),
        context.getBean(HealthActivitiesImpl.class), context.getBean(TaskActivitiesImpl.class),
        context.getBean(ApprovalActivitiesImpl.class));
    ActivityOptions once = ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofMinutes(1))
        .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build()).build();
    usageDrop = env.newActivityStub(UsageDropActivities.class, once);
    health = env.newActivityStub(HealthActivities.class, once);
    tasks = env.newActivityStub(TaskActivities.class, once);
    approvals = env.newActivityStub(ApprovalActivities.class, once);
  }

  @AfterAll
  static void stop() throws Exception {
    env.close();
    temporal.close();
    db.close();
  }

  @Test
  void eachStepBeforeTheWaitCommitsItsWritesOnce_andADeliveryItsClaimItsOutcomeAndItsLogLine() {
    checkin("globex"); // the first of the day also stores the day's segment medians: not counted
    Map<String, Cost> costs = checkin("acme");
    costs.forEach((step, cost) -> System.out.println("CHECKIN-TRANSACTIONS: " + step + " -> " + cost));
    assertThat(costs).containsExactly(
        Map.entry("recordRiskSignal", new Cost(1, 1)),
        Map.entry("recordTriggerEvent", new Cost(1, 1)),
        Map.entry("adjustHealthScore", new Cost(1, 1)),
        // its reads (snooze, customer, CSM, score a week ago, open tickets, the signal for Snooze); the
        // claim, committed before the send; the outcome after it; the log line
        Map.entry("notifyCsm", new Cost(4, 3)),
        Map.entry("createTask", new Cost(1, 1)),
        Map.entry("draftCheckinEmail", new Cost(1, 1)),
        // the approval and its approver (no Slack user: nothing to amend, nothing logged)
        Map.entry("offerDraftInDm", new Cost(1, 0)));
  }

  @Test
  void aRetriedStepWritesNothingMore() {
    checkin("acme");
    Map<String, Cost> again = checkin("acme");
    assertThat(again.get("recordRiskSignal").writes()).as("the signal and its log line exist: ON CONFLICT DO NOTHING writes no row")
        .isLessThanOrEqualTo(1L);
    assertThat(count("SELECT count(*) FROM risk_signals WHERE customer_id = 'acme'")).isEqualTo(1);
    assertThat(count("SELECT count(*) FROM health_score_history WHERE customer_id = 'acme'")).isEqualTo(1);
    assertThat(count("SELECT count(*) FROM notifications WHERE customer_id = 'acme'")).isEqualTo(1);
    assertThat(count("SELECT count(*) FROM notification_customers nc JOIN notifications n ON n.id = nc.notification_id"
        + " WHERE n.customer_id = 'acme'")).isEqualTo(1);
    assertThat(count("SELECT count(*) FROM approvals WHERE customer_id = 'acme'")).isEqualTo(1);
    assertThat(count("SELECT count(*) FROM agent_activity_log WHERE customer_id = 'acme'"))
        .as("risk signal, trigger, health, DM, task, draft: one line each").isEqualTo(6);
  }

  /** The transactions a step ran, and how many of them wrote. */
  record Cost(long transactions, long writes) {}

  /** The check-in's steps before its wait, as a medium drop runs them (the slots step reads no database). */
  private static Map<String, Cost> checkin(String customer) {
    UsageDropAlert alert = alert(customer);
    String key = alert.alertKey();
    Map<String, Cost> writes = new LinkedHashMap<>();
    writes.put("recordRiskSignal", costOf(() -> usageDrop.recordRiskSignal(key + "/risk-signal", alert)));
    writes.put("recordTriggerEvent", costOf(() -> {
      usageDrop.recordTriggerEvent(key + "/trigger-event", alert, TriggerOutcome.FIRED, alert.primaryDrop().summary());
      return null;
    }));
    writes.put("adjustHealthScore", costOf(() -> health.adjustHealthScore(key + "/health-score", customer, -5,
        "usage drop")));
    writes.put("notifyCsm", costOf(() -> usageDrop.notifyCsm(key + "/notify-csm", alert)));
    writes.put("createTask", costOf(() -> tasks.createTask(new NewTask(key + "/task", "Check in on " + customer,
        "Usage drop", "csm-1", customer, TaskPriority.of(Severity.MEDIUM), Instant.now().plus(Duration.ofDays(1)),
        "usage-drop/" + customer))));
    DraftRef[] draft = new DraftRef[1];
    writes.put("draftCheckinEmail", costOf(() -> draft[0] = usageDrop.draftCheckinEmail(key + "/draft", alert, List.of())));
    writes.put("offerDraftInDm", costOf(() -> approvals.offerDraftInDm(key + "/draft-buttons", key + "/notify-csm",
        draft[0].approvalId())));
    return writes;
  }

  private static UsageDropAlert alert(String customer) {
    MetricDrop drop = new MetricDrop("dau", null, 18, 30, 40, Severity.MEDIUM, AS_OF.minusDays(6), AS_OF,
        AS_OF.minusDays(34), AS_OF.minusDays(7), null);
    return new UsageDropAlert(customer, customer, "csm-1", "default-usage-drop", AS_OF, Severity.MEDIUM, List.of(drop),
        null);
  }

  /**
   * The transactions {@code step} ran on the steps' pool, and the writing ones: the transaction ids it
   * consumed (this test's own reads take none).
   */
  private static Cost costOf(Supplier<?> step) {
    long transactions = CountingDriver.transactions();
    long before = nextTransactionId();
    step.get();
    long writes = nextTransactionId() - before;
    return new Cost(CountingDriver.transactions() - transactions, writes);
  }

  private static long nextTransactionId() {
    return count("SELECT pg_snapshot_xmax(pg_current_snapshot())::text::bigint");
  }

  private static long count(String query) {
    try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(query)) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
