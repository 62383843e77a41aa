package io.vigil.activities.silence;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.activities.detection.TestDatabase;
import io.vigil.infra.persistence.Sql;
import io.vigil.infra.persistence.TouchpointStore;
import io.vigil.infra.persistence.TouchpointStore.Contact;
import io.vigil.infra.persistence.TouchpointStore.NewTouchpoint;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Customers' last contacts and silences, read for a page in one statement, against a real PostgreSQL. */
class SilenceContactsTest {
  private static final LocalDate AS_OF = LocalDate.of(2026, 11, 18);
  private static TestDatabase db;
  private static TouchpointStore store;

  @BeforeAll
  static void customers() {
    db = new TestDatabase();
    store = new TouchpointStore(new Sql(db.dataSource()));
    db.execute("INSERT INTO users (id, name, email, role) VALUES ('sarah', 'Sarah Chen', 'sarah@example.com', 'csm')");
    for (String id : List.of("called", "emailed", "never", "started", "later")) {
      db.execute("INSERT INTO customers (id, name, arr, segment, region, csm_id, champion_name, champion_email, created_at) "
          + "VALUES ('" + id + "', '" + id + "', 1000, 'smb', 'na', 'sarah', 'C', 'c@example.com', '2026-01-05T12:00:00Z')");
    }
    db.execute("UPDATE customers SET start_date = '2026-03-01' WHERE id = 'started'");
    store.insertOnce(new NewTouchpoint("called", "call", Instant.parse("2026-10-19T23:30:00Z"), "Sarah", "QBR", null, "sarah"));
    store.insertOnce(new NewTouchpoint("emailed", "note", Instant.parse("2026-09-01T10:00:00Z"), "Sarah", "old", null, "sarah"));
    db.execute("INSERT INTO agent_activity_log (customer_id, workflow_id, action, details, created_at) VALUES "
        + "('emailed', 'usage-drop/emailed', 'email_sent', '{}', '2026-10-20T08:00:00Z'),"
        + "('emailed', 'usage-drop/emailed', 'csm_notified', '{}', '2026-11-10T08:00:00Z')");
    // a contact after the day scored does not count for that day
    store.insertOnce(new NewTouchpoint("later", "meeting", Instant.parse("2026-11-19T00:00:00Z"), "Sarah", "next day", null, "sarah"));
  }

  @AfterAll
  static void close() throws Exception {
    db.close();
  }

  @Test
  void givenTouchpointsAndSentEmails_theNewestIsTheLastContactAndItsDayStartsTheSilence() {
    Map<String, Contact> contacts = store.contacts(List.of("called", "emailed", "never", "started", "later"), AS_OF);

    assertThat(contacts.get("called").silentSince()).isEqualTo(LocalDate.of(2026, 10, 19));
    assertThat(SilenceRule.silentDays(contacts.get("called").silentSince(), AS_OF)).isEqualTo(30);
    // the email_sent line beats the older note; a CSM's own notice is no contact with the customer
    assertThat(contacts.get("emailed").lastContact()).isEqualTo(Instant.parse("2026-10-20T08:00:00Z"));
    assertThat(SilenceRule.silentDays(contacts.get("emailed").silentSince(), AS_OF)).isEqualTo(29);
    assertThat(contacts.get("never").lastContact()).isNull();
    assertThat(contacts.get("never").silentSince()).isEqualTo(LocalDate.of(2026, 1, 5));
    assertThat(contacts.get("started").silentSince()).isEqualTo(LocalDate.of(2026, 3, 1));
    assertThat(contacts.get("later").lastContact()).isNull();
  }

  @Test
  void givenTheSameIdempotencyKeyTwice_theTouchpointIsStoredOnce() {
    var first = store.insertOnce(new NewTouchpoint("never", "email", Instant.parse("2026-11-01T10:00:00Z"), "Sarah", "hi",
        "k-1", "sarah"));
    var again = store.insertOnce(new NewTouchpoint("never", "email", Instant.parse("2026-11-01T10:00:00Z"), "Sarah", "hi",
        "k-1", "sarah"));

    assertThat(first.created()).isTrue();
    assertThat(again.created()).isFalse();
    assertThat(again.touchpoint().id()).isEqualTo(first.touchpoint().id());
    assertThat(store.list("never", null, null, 10)).hasSize(1);
    db.execute("DELETE FROM touchpoints WHERE customer_id = 'never'");
  }
}
