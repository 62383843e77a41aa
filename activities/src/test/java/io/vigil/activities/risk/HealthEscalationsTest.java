package io.vigil.activities.risk;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.client.WorkflowClient;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.vigil.activities.detection.AlertDispatcher;
import io.vigil.activities.detection.TestDatabase;
import io.vigil.infra.persistence.Customer;
import io.vigil.infra.persistence.CustomerRepository;
import io.vigil.infra.persistence.DailyHealth;
import io.vigil.infra.persistence.EscalationFacts;
import io.vigil.infra.persistence.Sql;
import io.vigil.workflows.common.ActivityLogActivities;
import io.vigil.workflows.common.Delivery;
import io.vigil.workflows.common.LogEntry;
import io.vigil.workflows.common.NewTask;
import io.vigil.workflows.common.StepFailure;
import io.vigil.workflows.common.TaskActivities;
import io.vigil.workflows.common.TaskQueues;
import io.vigil.workflows.risk.AtRiskEscalationWorkflow;
import io.vigil.workflows.risk.AtRiskEscalationWorkflowImpl;
import io.vigil.workflows.risk.ChurnRiskEscalationWorkflow;
import io.vigil.workflows.risk.ChurnRiskEscalationWorkflowImpl;
import io.vigil.workflows.risk.RiskEscalationActivities;
import io.vigil.workflows.risk.EscalationCause;
import io.vigil.workflows.risk.EscalationOutcome;
import io.vigil.workflows.risk.EscalationPolicy;
import io.vigil.workflows.risk.EscalationRecipient;
import io.vigil.workflows.risk.EscalationTrigger;
import java.lang.reflect.Proxy;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The health trigger over a real PostgreSQL (the page's churn causes) starting escalations on
 * Temporal's test server: which customer of a page gets which escalation, and a page scored again
 * (the sweep step retried) or the next day adds no second escalation.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class HealthEscalationsTest {
  private static final LocalDate AS_OF = LocalDate.of(2026, 11, 18);
  private static final List<String> IDS = List.of("c-red", "c-yellow-down", "c-yellow-flat", "c-green", "c-red-cancel",
      "c-red-drop", "c-red-old-cancel", "c-unscored");

  private static TestDatabase db;
  private static TestWorkflowEnvironment temporal;
  private static WorkflowClient client;
  private static HealthEscalations escalations;
  private static final List<String> recorded = Collections.synchronizedList(new ArrayList<>());
  private static final List<String> suppressed = Collections.synchronizedList(new ArrayList<>());

  @BeforeAll
  static void portfolio() {
    db = new TestDatabase();
    db.execute("INSERT INTO users (id, name, email, role) VALUES ('sarah', 'Sarah Chen', 'sarah@example.com', 'csm')");
    for (String id : IDS) {
      db.execute("INSERT INTO customers (id, name, arr, segment, region, csm_id, champion_name, champion_email) VALUES ('"
          + id + "', '" + id + "', 100000, 'smb', 'na', 'sarah', 'Champ', 'champ@example.com')");
    }
    db.execute("INSERT INTO customer_events (customer_id, type, at) VALUES ('c-red-cancel', 'cancellation_request', '2026-11-10T09:00:00Z'),"
        + " ('c-red-cancel', 'downgrade_request', '2026-11-01T09:00:00Z'),"
        + " ('c-red-old-cancel', 'cancellation_request', '2026-10-01T09:00:00Z'),"
        + " ('c-green', 'cancellation_request', '2026-11-15T09:00:00Z')");
    db.execute("INSERT INTO risk_signals (idempotency_key, customer_id, type, severity, metadata, created_at) VALUES"
        + " ('u1', 'c-red-drop', 'usage_anomaly', 'high', '{}', '2026-11-16T06:00:00Z'),"
        + " ('u2', 'c-red', 'usage_anomaly', 'medium', '{}', '2026-11-16T06:00:00Z')");

    temporal = TestWorkflowEnvironment.newInstance();
    for (var key : io.vigil.workflows.common.SearchAttributes.ALL) {
      temporal.registerSearchAttribute(key.getName(), IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
    }
    client = temporal.getWorkflowClient();
    Worker worker = temporal.newWorker(TaskQueues.PLAYBOOKS);
    worker.registerWorkflowImplementationTypes(AtRiskEscalationWorkflowImpl.class, ChurnRiskEscalationWorkflowImpl.class);
    worker.registerActivitiesImplementations(new RecordingEscalations(), (TaskActivities) task -> 1L, new QuietLog());
    temporal.start();
    escalations = new HealthEscalations(new AlertDispatcher(client, EscalationPolicy.DEFAULT, null, io.vigil.infra.metrics.VigilMetrics.unregistered(), 1),
        new EscalationFacts(new Sql(db.dataSource())), customers());
  }

  @AfterAll
  static void stop() throws Exception {
    temporal.close();
    db.close();
  }

  @Test
  void givenAPage_eachCustomerGetsTheEscalationItsDayCallsFor_andThePageAgainOrTheNextDayAddsNoSecond() {
    List<DailyHealth> page = List.of(day("c-red", 41, "red", "declining"), day("c-yellow-down", 62, "yellow", "declining"),
        day("c-yellow-flat", 62, "yellow", "stable"), day("c-green", 85, "green", "declining"),
        day("c-red-cancel", 30, "red", null), day("c-red-drop", 44, "red", "stable"),
        day("c-red-old-cancel", 40, "red", "stable"), day("c-unscored", null, null, null));

    assertThat(escalations.dispatch(AS_OF, page)).isEqualTo(5);
    Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> recorded.size() == 5);
    assertThat(Set.copyOf(recorded)).containsExactlyInAnyOrder(
        "at_risk/c-red/red_score", "at_risk/c-yellow-down/yellow_declining", "churn_risk/c-red-cancel/cancellation_request",
        "churn_risk/c-red-drop/usage_drop", "at_risk/c-red-old-cancel/red_score");

    assertThat(escalations.dispatch(AS_OF, page)).isEqualTo(5);
    assertThat(escalations.dispatch(AS_OF.plusDays(1), List.of(day("c-red", 40, "red", "declining")))).isEqualTo(1);
    Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> suppressed.size() == 1);
    assertThat(suppressed).containsExactly("at_risk/c-red/" + AS_OF.plusDays(1));
    assertThat(AtRiskEscalationWorkflow.running(client, "c-red").getState().suppressedTriggers()).isEqualTo(1);
    assertThat(ChurnRiskEscalationWorkflow.running(client, "c-red-cancel").getState().suppressedTriggers()).isZero();
    assertThat(recorded).hasSize(5);
  }

  private static DailyHealth day(String id, Integer score, String band, String trend) {
    return new DailyHealth(id, AS_OF, score, band, trend, null, null, null, "{}", List.of(), null, Instant.now());
  }

  /** The one query the trigger asks of the repository, answered from the test's customers. */
  private static CustomerRepository customers() {
    Map<String, Customer> byId = IDS.stream().collect(Collectors.toMap(Function.identity(), id -> new Customer(id, id,
        BigDecimal.valueOf(100_000), "smb", "na", "sarah", "Champ", "champ@example.com", null, null, 75, new String[0],
        null, null, null, null, null, null, null, null)));
    return (CustomerRepository) Proxy.newProxyInstance(CustomerRepository.class.getClassLoader(),
        new Class<?>[] {CustomerRepository.class}, (proxy, method, args) -> {
          if (method.getName().equals("findByIdInList")) {
            return ((List<?>) args[0]).stream().map(byId::get).toList();
          }
          throw new UnsupportedOperationException(method.getName());
        });
  }

  static final class RecordingEscalations implements RiskEscalationActivities {
    @Override
    public long recordEscalation(String key, EscalationTrigger trigger) {
      recorded.add(trigger.kind().label() + "/" + trigger.customerId() + "/" + trigger.cause().label());
      return 1;
    }

    @Override
    public void recordSuppressedEscalation(String key, EscalationTrigger trigger, String reason) {
      suppressed.add(trigger.kind().label() + "/" + trigger.customerId() + "/" + trigger.asOf());
    }

    @Override
    public Delivery notifyEscalation(String key, EscalationTrigger trigger, EscalationRecipient recipient) {
      return new Delivery(1, "slack", "recorded", null);
    }

    @Override
    public EscalationOutcome recordEscalationOutcome(String key, EscalationTrigger trigger, Instant escalatedAt) {
      return EscalationOutcome.RECOVERED;
    }
  }

  static final class QuietLog implements ActivityLogActivities {
    @Override
    public void log(LogEntry entry) {}

    @Override
    public void recordStepFailure(StepFailure failure) {}
  }
}
