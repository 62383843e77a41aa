package io.vigil.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import io.micronaut.context.ApplicationContext;
import io.micronaut.inject.qualifiers.Qualifiers;
import io.micronaut.scheduling.TaskExecutors;
import io.vigil.app.TestInfrastructure;
import io.vigil.app.temporal.WorkerRunner;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * The three pools that share the database are sized together: every HTTP thread and every activity
 * slot can hold a connection at once, so a flood of requests cannot leave activities waiting for
 * one until they time out.
 */
class PoolSizingIT {

  @Test
  void givenThePoolSettings_theBlockingExecutorActivitySlotsAndConnectionsFollowThem() {
    Map<String, Object> properties = new HashMap<>(TestInfrastructure.properties());
    properties.put("vigil.role", "api");
    properties.put("vigil.pools.http-threads", "7");
    properties.put("vigil.pools.activity-slots", "5");
    properties.put("vigil.pools.spare-connections", "2");
    try (ApplicationContext vigil = ApplicationContext.run(properties)) {
      ExecutorService blocking = vigil.getBean(ExecutorService.class, Qualifiers.byName(TaskExecutors.BLOCKING));
      assertThat(mostTasksRunningAtOnce(blocking, 20)).isEqualTo(7);

      HikariDataSource pool = vigil.getBean(DataSource.class).unwrap(HikariDataSource.class);
      assertThat(pool.getMaximumPoolSize()).isEqualTo(7 + 5 + PoolSizes.LOCAL_ACTIVITY_SLOTS + 2);
      assertThat(pool.getMinimumIdle()).isLessThanOrEqualTo(4);
    } catch (java.sql.SQLException e) {
      throw new AssertionError(e);
    }
  }

  /** Submits {@code tasks} that wait until all have been submitted and counted, answers how many ran at once. */
  private static int mostTasksRunningAtOnce(ExecutorService executor, int tasks) {
    AtomicInteger running = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    CountDownLatch release = new CountDownLatch(1);
    List<Future<?>> submitted = new ArrayList<>();
    for (int k = 0; k < tasks; k++) {
      submitted.add(executor.submit(() -> {
        most.accumulateAndGet(running.incrementAndGet(), Math::max);
        release.await(30, TimeUnit.SECONDS);
        running.decrementAndGet();
        return null;
      }));
    }
    // a pool of more threads would have started more of them by now
    await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(10)).until(() -> running.get() == most.get());
    release.countDown();
    submitted.forEach(task -> {
      try {
        task.get(30, TimeUnit.SECONDS);
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    });
    return most.get();
  }

  @Test
  void givenDefaults_theWorkerRunsNoMoreActivitiesAtOnceThanItHasConnectionsFor() {
    Map<String, Object> properties = new HashMap<>(TestInfrastructure.properties());
    properties.put("vigil.role", "api");
    try (ApplicationContext vigil = ApplicationContext.run(properties)) {
      PoolSizes sizes = vigil.getBean(PoolSizes.class);
      var options = WorkerRunner.workerOptions(sizes, vigil.getBean(WorkerTuning.class));
      assertThat(options.getMaxConcurrentActivityExecutionSize()).isEqualTo(sizes.activitySlots());
      assertThat(options.getMaxConcurrentLocalActivityExecutionSize()).isEqualTo(PoolSizes.LOCAL_ACTIVITY_SLOTS);
      HikariDataSource pool = vigil.getBean(DataSource.class).unwrap(HikariDataSource.class);
      assertThat(pool.getMaximumPoolSize())
          .isGreaterThanOrEqualTo(sizes.httpThreads() + sizes.activitySlots() + PoolSizes.LOCAL_ACTIVITY_SLOTS);
    } catch (java.sql.SQLException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void givenAnExplicitConnectionPoolTooSmallForThreadsAndSlots_startupRefusesSayingWhy() {
    Map<String, Object> properties = new HashMap<>(TestInfrastructure.properties());
    properties.put("vigil.role", "api");
    properties.put("vigil.pools.http-threads", "10");
    properties.put("vigil.pools.activity-slots", "10");
    properties.put("datasources.default.maximum-pool-size", "12");
    assertThatThrownBy(() -> ApplicationContext.run(properties).close())
        .hasStackTraceContaining("maximum-pool-size 12")
        .hasStackTraceContaining("10 HTTP threads + 10 activity slots + " + PoolSizes.LOCAL_ACTIVITY_SLOTS + " local activity slots");
  }
}
