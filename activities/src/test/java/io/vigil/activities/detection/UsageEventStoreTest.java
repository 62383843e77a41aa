package io.vigil.activities.detection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.infra.persistence.Sql;
import io.vigil.infra.persistence.UsageEventRow;
import io.vigil.infra.persistence.UsageStore;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The event store behind ingestion (migration V290, {@link UsageStore#insertEvents}): day partitions,
 * eventIds deduplicated across days, COPY of text exactly as sent, a batch stored whole or not at all,
 * and every (customer, day) that received an event marked for its rollup.
 */
class UsageEventStoreTest {
  private static TestDatabase db;
  private static UsageStore usage;

  @BeforeAll
  static void startDatabase() {
    db = new TestDatabase();
    usage = new UsageStore(new Sql(db.dataSource()));
  }

  @AfterAll
  static void stopDatabase() throws Exception {
    db.close();
  }

  @BeforeEach
  void cleanSlate() {
    db.resetUsage();
    db.execute("INSERT INTO users (id, name, email, role) VALUES ('sarah', 'Sarah Chen', 'sarah@example.com', 'csm')");
    for (String id : List.of("c-1", "c-2")) {
      db.execute("INSERT INTO customers (id, name, arr, segment, region, csm_id, champion_name, champion_email) VALUES ('"
          + id + "', '" + id + "', 100000, 'smb', 'na', 'sarah', 'Jo', 'jo@example.com')");
    }
  }

  @Test
  void givenABatchSpanningSeveralDays_eachDayIsStoredInItsOwnPartitionAndMarkedDue() {
    int stored = usage.insertEvents(List.of(
        login("e-1", "c-1", "2026-03-01T23:59:59Z"),
        login("e-2", "c-1", "2026-03-02T00:00:00Z"),
        login("e-3", "c-2", "2026-03-03T12:00:00Z")));

    assertThat(stored).isEqualTo(3);
    assertThat(db.query("SELECT tableoid::regclass || ' ' || event_id FROM usage_events ORDER BY event_id"))
        .containsExactly("usage_events_20260301 e-1", "usage_events_20260302 e-2", "usage_events_20260303 e-3");
    assertThat(db.query("SELECT day || ' ' || customer_id FROM usage_dirty_days ORDER BY day"))
        .containsExactly("2026-03-01 c-1", "2026-03-02 c-1", "2026-03-03 c-2");
  }

  @Test
  void givenAnEventIdAlreadyStored_theSameIdOnAnotherDayIsADuplicateAndMarksNothing() {
    assertThat(usage.insertEvents(List.of(login("e-1", "c-1", "2026-03-01T10:00:00Z")))).isEqualTo(1);
    db.execute("TRUNCATE usage_dirty_days");

    int stored = usage.insertEvents(List.of(
        login("e-1", "c-1", "2026-03-05T10:00:00Z"),
        login(null, "c-1", "2026-03-06T10:00:00Z"),
        login(null, "c-1", "2026-03-06T10:00:00Z")));

    assertThat(stored).isEqualTo(2);
    assertThat(db.query("SELECT count(*) FROM usage_events WHERE event_id = 'e-1'")).containsExactly("1");
    assertThat(db.query("SELECT day::text FROM usage_dirty_days")).containsExactly("2026-03-06");
  }

  @Test
  void givenRowsWrittenStraightIntoTheTable_aBatchForTheirDayMovesThemIntoTheDaysPartition() {
    db.execute("INSERT INTO usage_events (event_id, customer_id, user_id, event_type, occurred_at)"
        + " VALUES ('direct', 'c-1', 'u', 'login', '2026-04-01T08:00:00Z')");
    assertThat(db.query("SELECT tableoid::regclass::text FROM usage_events")).containsExactly("usage_events_default");

    usage.insertEvents(List.of(login("e-1", "c-1", "2026-04-01T09:00:00Z")));

    assertThat(db.query("SELECT tableoid::regclass || ' ' || event_id FROM usage_events ORDER BY event_id"))
        .containsExactly("usage_events_20260401 direct", "usage_events_20260401 e-1");
  }

  @Test
  void givenTextWithTabsNewlinesAndBackslashes_itIsStoredAsSent() {
    String user = "ann\\tb\tc\nd\re \\N";
    usage.insertEvents(List.of(new UsageEventRow("e-1", "c-1", user, "feature_used", "exports",
        Instant.parse("2026-03-01T10:00:00Z"))));

    assertThat(db.query("SELECT user_id FROM usage_events")).containsExactly(user);
    assertThat(db.query("SELECT feature_id FROM usage_events")).containsExactly("exports");
  }

  @Test
  void givenABatchThatCannotBeStoredWhole_nothingOfItIsStoredAndItsIdsStayFree() {
    assertThatThrownBy(() -> usage.insertEvents(List.of(
        login("e-1", "c-1", "2026-03-01T10:00:00Z"),
        new UsageEventRow("e-2", "c-1", "u", "teleport", null, Instant.parse("2026-03-01T10:00:00Z")))))
        .hasMessageContaining("usage_events_event_type_check");
    assertThat(db.query("SELECT count(*) FROM usage_events")).containsExactly("0");
    assertThat(db.query("SELECT count(*) FROM usage_dirty_days")).containsExactly("0");

    assertThat(usage.insertEvents(List.of(login("e-1", "c-1", "2026-03-01T10:00:00Z")))).isEqualTo(1);
  }

  @Test
  void givenConcurrentBatchesForTheSameNewDays_eachDayIsCreatedOnceAndEveryEventStored() throws Exception {
    var pool = java.util.concurrent.Executors.newFixedThreadPool(4);
    List<java.util.concurrent.Future<Integer>> batches = new java.util.ArrayList<>();
    for (int client = 0; client < 4; client++) {
      // a store of its own per client, as on several app instances: none knows the days exist
      UsageStore store = new UsageStore(new Sql(db.dataSource()));
      List<UsageEventRow> events = new java.util.ArrayList<>();
      for (int day = 1; day <= 20; day++) {
        events.add(login("e-" + client + "-" + day, "c-1", "2026-05-%02dT10:00:00Z".formatted(day)));
      }
      batches.add(pool.submit(() -> store.insertEvents(events)));
    }
    int stored = 0;
    for (var batch : batches) {
      stored += batch.get();
    }
    pool.shutdown();

    assertThat(stored).isEqualTo(80);
    assertThat(db.query("SELECT count(DISTINCT tableoid) FROM usage_events")).containsExactly("20");
  }

  private static UsageEventRow login(String id, String customer, String at) {
    return new UsageEventRow(id, customer, "u", "login", null, Instant.parse(at));
  }
}
