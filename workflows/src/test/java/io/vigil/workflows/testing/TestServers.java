package io.vigil.workflows.testing;

import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.common.SearchAttributeKey;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerOptions;
import io.temporal.worker.WorkflowImplementationOptions;
import io.vigil.workflows.common.SearchAttributes;
import io.vigil.workflows.common.TaskQueues;
import java.time.Instant;

/**
 * The time-skipping Temporal test server every workflow test runs on, set up like production: Vigil's
 * search attributes registered as Keywords and one worker on the playbooks task queue. Time is
 * skipped only while a test waits on a workflow result or calls {@link TestWorkflowEnvironment#sleep};
 * otherwise the test server's clock runs at wall speed.
 */
public final class TestServers {
  /** Any exception fails the workflow instead of retrying its task forever, so a bug ends the test at once. */
  public static final WorkflowImplementationOptions FAIL_WORKFLOW_ON_ANY_EXCEPTION =
      WorkflowImplementationOptions.newBuilder().setFailWorkflowExceptionTypes(Throwable.class).build();

  private TestServers() {}

  /** A test server whose clock starts at {@code initialTime}, with every search attribute of {@link SearchAttributes#ALL}. */
  public static TestWorkflowEnvironment newEnvironment(Instant initialTime) {
    TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance(TestEnvironmentOptions.newBuilder()
        .setInitialTime(initialTime)
        // a fixed identity keeps host names out of recorded histories
        .setWorkflowClientOptions(WorkflowClientOptions.newBuilder().setIdentity("vigil-test").build())
        .build());
    for (SearchAttributeKey<String> key : SearchAttributes.ALL) {
      env.registerSearchAttribute(key.getName(), IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
    }
    return env;
  }

  /**
   * Registers {@code workflowImplementation} and {@code activities} on a worker of the playbooks task
   * queue and starts the environment. Any exception fails the workflow instead of retrying its task
   * forever, so a bug ends the test at once.
   */
  public static Worker startPlaybooksWorker(TestWorkflowEnvironment env, Class<?> workflowImplementation, Object... activities) {
    return startPlaybooksWorker(env, FAIL_WORKFLOW_ON_ANY_EXCEPTION, workflowImplementation, activities);
  }

  /**
   * As {@link #startPlaybooksWorker(TestWorkflowEnvironment, Class, Object...)}, with the workflow
   * registered under {@code options}: the production default fails a workflow task (and retries
   * it on a fresh replay) where the tests' default fails the workflow.
   */
  public static Worker startPlaybooksWorker(TestWorkflowEnvironment env, WorkflowImplementationOptions options,
      Class<?> workflowImplementation, Object... activities) {
    // the first workflow task of a cold JVM on a loaded machine can spend over the default second
    // loading the SDK's classes (TMPRL1101), which failing the workflow on any exception turns into a failed run
    Worker worker = env.newWorker(TaskQueues.PLAYBOOKS, WorkerOptions.newBuilder().setDefaultDeadlockDetectionTimeout(15_000).build());
    worker.registerWorkflowImplementationTypes(options, workflowImplementation);
    worker.registerActivitiesImplementations(activities);
    env.start();
    return worker;
  }
}
