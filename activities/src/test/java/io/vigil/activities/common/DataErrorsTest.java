package io.vigil.activities.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestActivityEnvironment;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.worker.WorkerFactoryOptions;
import io.vigil.infra.persistence.IncidentStore;
import io.vigil.infra.persistence.Sql;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A poisoned incident update, as PostgreSQL refuses it (a NUL in its title), and the worker
 * interceptor that fails such an activity for good at its first attempt instead of retrying it.
 */
class DataErrorsTest {
  private static EmbeddedPostgres postgres;
  private static IncidentStore store;

  @BeforeAll
  static void database() throws Exception {
    postgres = EmbeddedPostgres.builder().start();
    Flyway.configure().dataSource(postgres.getPostgresDatabase()).locations("classpath:db/migration").load().migrate();
    store = new IncidentStore(new Sql(postgres.getPostgresDatabase()), 100, 5);
  }

  @AfterAll
  static void stop() throws Exception {
    postgres.close();
  }

  @ActivityInterface
  public interface Apply {
    String apply(String title);
  }

  /** Applies an update with {@code title} to the store, as applyUpdate does; counts its attempts. */
  public static class ApplyToStore implements Apply {
    final AtomicInteger attempts = new AtomicInteger();

    @Override
    public String apply(String title) {
      attempts.incrementAndGet();
      return store.apply(update("INC-" + System.nanoTime(), title), "run-1").outcome();
    }
  }

  @Test
  void givenATitleHoldingANul_postgresRefusesTheUpdateAsData() {
    Throwable refused = catchThrowable(() -> store.apply(update("INC-nul", "Checkout\u0000down"), "run-1"));

    assertThat(DataErrors.refusedData(refused)).hasValueSatisfying(e -> assertThat(e.getSQLState()).isEqualTo("22021"));
  }

  @Test
  void givenAnActivityWhoseDataThedatabaseRefuses_theWorkerFailsItForGoodAtItsFirstAttempt() {
    ApplyToStore activity = new ApplyToStore();
    TestActivityEnvironment env = TestActivityEnvironment.newInstance(TestEnvironmentOptions.newBuilder()
        .setWorkerFactoryOptions(WorkerFactoryOptions.newBuilder().setWorkerInterceptors(new DataErrors()).build())
        .build());
    try {
      env.registerActivitiesImplementations(activity);
      Apply apply = env.newActivityStub(Apply.class, ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofSeconds(30))
          .setRetryOptions(RetryOptions.newBuilder().setInitialInterval(Duration.ofMillis(10)).setMaximumAttempts(5).build())
          .build());

      assertThat(apply.apply("Checkout down")).isEqualTo("applied");
      ActivityFailure failure = catchThrowableOfType(ActivityFailure.class, () -> apply.apply("Checkout\u0000down"));

      assertThat(failure.getCause()).isInstanceOf(ApplicationFailure.class);
      ApplicationFailure cause = (ApplicationFailure) failure.getCause();
      assertThat(cause.getType()).isEqualTo(DataErrors.TYPE);
      assertThat(cause.isNonRetryable()).isTrue();
      assertThat(cause.getOriginalMessage()).contains("SQLSTATE 22021");
      assertThat(activity.attempts).hasValue(2);
    } finally {
      env.close();
    }
  }

  @Test
  void aLostConnectionOrATakenKeyIsNotADataError() {
    assertThat(DataErrors.refusedData(new RuntimeException(new SQLException("connection lost", "08006")))).isEmpty();
    assertThat(DataErrors.refusedData(new RuntimeException(new SQLException("duplicate key", "23505")))).isEmpty();
    assertThat(DataErrors.refusedData(new RuntimeException(new SQLException("value too long", "22001")))).isPresent();
  }

  private static IncidentStore.Update update(String externalId, String title) {
    Instant now = Instant.parse("2026-11-20T09:00:00Z");
    return new IncidentStore.Update("inc_" + Math.abs(externalId.hashCode()), "generic", externalId, "incident/generic/" + externalId,
        "key-1", now, title, null, "P2", "investigating", List.of("api"), List.of(), now, null, null);
  }
}
