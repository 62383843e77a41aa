package io.vigil.workflows.testing;

import io.temporal.testing.TestWorkflowEnvironment;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.mockito.stubbing.Answer;

/** When (test-server time) each mocked activity ran, by a name the test chooses: "remindApprover", "log:…". */
public final class ActivityCalls {
  public record Call(String name, Instant at) {}

  private final TestWorkflowEnvironment env;
  private final List<Call> calls = new ArrayList<>();

  public ActivityCalls(TestWorkflowEnvironment env) {
    this.env = env;
  }

  /** A Mockito answer that stamps the call and answers {@code result}. */
  public <T> Answer<T> stamped(String name, T result) {
    return invocation -> {
      stamp(name);
      return result;
    };
  }

  public synchronized void stamp(String name) {
    calls.add(new Call(name, Instant.ofEpochMilli(env.currentTimeMillis())));
  }

  public synchronized List<String> names() {
    return calls.stream().map(Call::name).toList();
  }

  public synchronized List<Instant> times(String name) {
    return calls.stream().filter(c -> c.name().equals(name)).map(Call::at).toList();
  }

  public Instant onlyTime(String name) {
    List<Instant> times = times(name);
    if (times.size() != 1) {
      throw new AssertionError("expected exactly one call of " + name + " but saw " + times);
    }
    return times.get(0);
  }
}
