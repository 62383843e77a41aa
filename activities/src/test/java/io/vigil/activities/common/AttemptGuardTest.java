package io.vigil.activities.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestActivityEnvironment;
import io.vigil.infra.ProviderCallGuard.Kind;
import io.vigil.infra.google.GoogleGateway;
import io.vigil.infra.slack.SlackGateway;
import io.vigil.workflows.common.ActivityProfiles;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The guard every Slack and Google call passes, inside a real (test) activity attempt. */
class AttemptGuardTest {
  private static final Duration BOUND = SlackGateway.CALL_TIMEOUT;

  @ActivityInterface
  public interface Calls {
    String call(String kind);
  }

  /** Calls the guard as a gateway does before a call that takes at most {@link #BOUND}; its clock may run ahead. */
  public static class GuardedCalls implements Calls {
    private final AttemptGuard guard;

    GuardedCalls(Clock clock) {
      guard = new AttemptGuard(clock);
    }

    @Override
    public String call(String kind) {
      guard.beforeCall("Slack chat.postMessage", Kind.valueOf(kind), BOUND);
      return "called";
    }
  }

  private TestActivityEnvironment env;
  private final List<Object> heartbeats = new CopyOnWriteArrayList<>();

  @BeforeEach
  void environment() {
    environment(Clock.systemUTC());
  }

  /** The guard's clock {@code ahead} of the attempt's start: the call starts that much into the attempt. */
  private void environment(Clock clock) {
    if (env != null) {
      env.close();
    }
    env = TestActivityEnvironment.newInstance();
    env.registerActivitiesImplementations(new GuardedCalls(clock));
    env.setActivityHeartbeatListener(Object.class, heartbeats::add);
  }

  @AfterEach
  void close() {
    env.close();
  }

  /** A DM's calls in its attempt's first seconds: the server cannot have timed it out, no round trip to ask. */
  @Test
  void givenAYoungAttempt_aSendThatEndsInsideTheHeartbeatTimeoutGoesAheadWithoutAHeartbeat() {
    Calls calls = env.newActivityStub(Calls.class, ActivityProfiles.NOTIFICATION);

    assertThat(calls.call("SEND")).isEqualTo("called");
    assertThat(heartbeats).isEmpty();
  }

  @Test
  void givenAnAttemptPastItsFirstHeartbeatWindow_aSendGoesAheadAfterAHeartbeatNamingTheCall() {
    Duration window = ActivityProfiles.NOTIFICATION.getHeartbeatTimeout().minus(BOUND).minus(AttemptGuard.MARGIN);
    environment(Clock.offset(Clock.systemUTC(), window.plusSeconds(1)));
    Calls calls = env.newActivityStub(Calls.class, ActivityProfiles.NOTIFICATION);

    assertThat(calls.call("SEND")).isEqualTo("called");
    assertThat(heartbeats).containsExactly("Slack chat.postMessage");
  }

  @Test
  void givenNoHeartbeatTimeout_everyCallHeartbeats() {
    Calls calls = env.newActivityStub(Calls.class, ActivityOptions.newBuilder(ActivityProfiles.NOTIFICATION)
        .setHeartbeatTimeout(Duration.ZERO).build());

    assertThat(calls.call("READ")).isEqualTo("called");
    assertThat(heartbeats).containsExactly("Slack chat.postMessage");
  }

  @Test
  void givenAnAttemptShorterThanTheCallCouldTake_aSendIsRefusedBeforeItStartsAndMayBeRetried() {
    Calls calls = env.newActivityStub(Calls.class, ActivityOptions.newBuilder(ActivityProfiles.NOTIFICATION)
        .setStartToCloseTimeout(BOUND.plus(AttemptGuard.MARGIN).minusSeconds(1)).build());

    ActivityFailure failure = catchThrowableOfType(ActivityFailure.class, () -> calls.call("SEND"));

    assertThat(failure.getCause()).isInstanceOf(ApplicationFailure.class);
    ApplicationFailure cause = (ApplicationFailure) failure.getCause();
    assertThat(cause.getType()).isEqualTo("AttemptTooShort");
    assertThat(cause.isNonRetryable()).isFalse();
    assertThat(cause.getOriginalMessage()).contains("Slack chat.postMessage not started");
  }

  @Test
  void givenAShortAttempt_aReadStillGoesAhead() {
    Calls calls = env.newActivityStub(Calls.class, ActivityOptions.newBuilder(ActivityProfiles.NOTIFICATION)
        .setStartToCloseTimeout(Duration.ofSeconds(5)).build());

    assertThat(calls.call("READ")).isEqualTo("called");
  }

  @Test
  void outsideAnActivity_theGuardDoesNothing() {
    new AttemptGuard(Clock.systemUTC()).beforeCall("Google messages.send", Kind.SEND, BOUND);
  }

  /**
   * The notification profile is built on the clients' timeouts: a call the guard let start ends
   * before Temporal gives up on its attempt, whether by heartbeat or start-to-close timeout.
   */
  @Test
  void theNotificationProfileOutlastsEveryProviderCallTheGuardLetsStart() {
    Duration longestCall = max(SlackGateway.CALL_TIMEOUT, GoogleGateway.CALL_TIMEOUT);
    ActivityOptions notification = ActivityProfiles.NOTIFICATION;

    assertThat(notification.getHeartbeatTimeout()).isGreaterThan(longestCall.plus(AttemptGuard.MARGIN));
    // a Slack DM (open, history, post) and its email fallback (search, send) fit one attempt
    assertThat(notification.getStartToCloseTimeout()).isGreaterThanOrEqualTo(longestCall.multipliedBy(4));
    assertThat(notification.getRetryOptions().getMaximumAttempts()).isPositive();
    assertThat(ActivityProfiles.EXTERNAL_READ.getStartToCloseTimeout()).isGreaterThan(longestCall);
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }
}
