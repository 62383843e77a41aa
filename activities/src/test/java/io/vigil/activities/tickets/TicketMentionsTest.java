package io.vigil.activities.tickets;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.infra.persistence.TicketRow;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How a ticket is named in the playbooks' messages: subject, id, priority, status unless open, and age. */
class TicketMentionsTest {
  private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");

  @Test
  void anOpenTicketWithAPriority_isNamedBySubjectIdPriorityAndAge() {
    assertThat(TicketMentions.line(ticket("T-1", "Exports  hang\non Mondays", "open", "high", Duration.ofDays(3)), NOW))
        .isEqualTo("Exports hang on Mondays (#T-1, high priority, opened 3 days ago)");
  }

  @Test
  void aPendingTicketWithoutPriority_saysPendingAndNoPriority() {
    assertThat(TicketMentions.line(ticket("T-2", "Cannot invite", "pending", null, Duration.ofHours(5)), NOW))
        .isEqualTo("Cannot invite (#T-2, pending, opened 5 hours ago)");
  }

  @Test
  void ageIsInHoursUnderADayAndInDaysFromThen() {
    assertThat(TicketMentions.age(Duration.ofMinutes(59))).isEqualTo("less than an hour ago");
    assertThat(TicketMentions.age(Duration.ofMinutes(60))).isEqualTo("1 hour ago");
    assertThat(TicketMentions.age(Duration.ofHours(23).plusMinutes(59))).isEqualTo("23 hours ago");
    assertThat(TicketMentions.age(Duration.ofHours(24))).isEqualTo("1 day ago");
    assertThat(TicketMentions.age(Duration.ofDays(12).plusHours(20))).isEqualTo("12 days ago");
  }

  @Test
  void moreTicketsThanLines_areCounted() {
    var mentions = new TicketMentions.Mentions(List.of("a", "b"), List.of("a", "b"), 7);
    assertThat(mentions.more()).isEqualTo("5 more");
    assertThat(new TicketMentions.Mentions(List.of("a"), List.of("a"), 1).more()).isNull();
  }

  private static TicketRow ticket(String id, String subject, String status, String priority, Duration age) {
    Instant opened = NOW.minus(age);
    return new TicketRow(id, "acme", subject, "body", status, priority, null, List.of(), null, "api", opened, null,
        "bug_report", 0.9, "words", "classifier", null, "bug_report", opened, opened);
  }
}
