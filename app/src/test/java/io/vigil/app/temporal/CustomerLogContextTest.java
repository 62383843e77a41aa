package io.vigil.app.temporal;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityOptions;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.SearchAttributes;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactoryOptions;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/** A playbook's activities log with its customer in the MDC, beside the SDK's WorkflowId. */
class CustomerLogContextTest {
  private static final String QUEUE = "log-context";
  private TestWorkflowEnvironment env;

  @WorkflowInterface
  public interface Playbook {
    @WorkflowMethod
    String run();
  }

  @ActivityInterface
  public interface Step {
    /** What the activity's thread has in its log context: "customerId|WorkflowId". */
    String logContext();
  }

  public static class PlaybookImpl implements Playbook {
    @Override
    public String run() {
      return Workflow.newActivityStub(Step.class, ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofSeconds(10)).build()).logContext();
    }
  }

  public static class StepImpl implements Step {
    @Override
    public String logContext() {
      return MDC.get(CustomerLogContext.MDC_KEY) + "|" + MDC.get("WorkflowId");
    }
  }

  @BeforeEach
  void setUp() {
    env = TestWorkflowEnvironment.newInstance(TestEnvironmentOptions.newBuilder()
        .setWorkerFactoryOptions(WorkerFactoryOptions.newBuilder().setWorkerInterceptors(new CustomerLogContext()).build())
        .build());
    env.registerSearchAttribute(io.vigil.workflows.common.SearchAttributes.CUSTOMER_ID.getName(),
        IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
    Worker worker = env.newWorker(QUEUE);
    worker.registerWorkflowImplementationTypes(PlaybookImpl.class);
    worker.registerActivitiesImplementations(new StepImpl());
    env.start();
  }

  @AfterEach
  void tearDown() {
    env.close();
  }

  @Test
  void givenAPlaybookForACustomer_itsActivitiesLogWithTheCustomerAndTheWorkflow() {
    Playbook playbook = env.getWorkflowClient().newWorkflowStub(Playbook.class, WorkflowOptions.newBuilder()
        .setTaskQueue(QUEUE).setWorkflowId("usage-drop/acme")
        .setTypedSearchAttributes(SearchAttributes.newBuilder()
            .set(io.vigil.workflows.common.SearchAttributes.CUSTOMER_ID, "acme").build())
        .build());
    assertThat(playbook.run()).isEqualTo("acme|usage-drop/acme");
  }

  @Test
  void givenAWorkflowAboutNoOneCustomer_itsActivitiesLogWithoutACustomer() {
    Playbook playbook = env.getWorkflowClient().newWorkflowStub(Playbook.class, WorkflowOptions.newBuilder()
        .setTaskQueue(QUEUE).setWorkflowId("detection-sweep-1").build());
    assertThat(playbook.run()).isEqualTo("null|detection-sweep-1");
  }
}
