package io.vigil.workflows.testing;

import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestWorkflowEnvironment;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * One playbook on a time-skipping test server ({@link TestServers}), its activities mocks stamped
 * through {@link #calls}: what every playbook's workflow tests and history recorder ask of it.
 *
 * @param <W> the playbook's workflow interface
 * @param <S> the state its query answers and its run returns
 */
public abstract class PlaybookHarness<W, S> implements AutoCloseable {
  public final TestWorkflowEnvironment env;
  public final WorkflowClient client;
  protected final ActivityCalls calls;
  private final Class<S> stateType;
  private final Function<S, String> stage;

  protected PlaybookHarness(Instant initialTime, Class<S> stateType, Function<S, String> stage) {
    this.env = TestServers.newEnvironment(initialTime);
    this.client = env.getWorkflowClient();
    this.calls = new ActivityCalls(env);
    this.stateType = stateType;
    this.stage = stage;
  }

  /** A stub of the playbook under test, by its workflow id. */
  public abstract W running();

  /** The playbook's state query. */
  public abstract S state();

  /** Waits (skipping time) for the playbook to finish and answers its result. */
  public S result() {
    return WorkflowStub.fromTyped(running()).getResult(stateType);
  }

  public Instant startedAt() {
    return WorkflowStub.fromTyped(running()).describe().getStartTime();
  }

  /** Polls the query in wall-clock time (no time is skipped) until the state matches. */
  public S awaitState(String description, Predicate<S> condition) {
    return Waiting.until(description, this::state, condition);
  }

  public S awaitStage(String stagePrefix) {
    return awaitState("stage '" + stagePrefix + "…'", s -> stage.apply(s) != null && stage.apply(s).startsWith(stagePrefix));
  }

  public List<String> callNames() {
    return calls.names();
  }

  public Instant onlyCallTime(String name) {
    return calls.onlyTime(name);
  }

  @Override
  public void close() {
    env.close();
  }
}
