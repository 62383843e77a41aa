package io.vigil.workflows.common;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.GlobalDataConverter;
import io.vigil.workflows.incident.IncidentSeverity;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The vocabularies that became enums travel as the strings they replaced: the database, the API and
 * the recorded histories hold those strings.
 */
class StoredLabelsTest {
  /** The converter workers and clients use: nothing in Vigil configures another. */
  private static final DataConverter CONVERTER = GlobalDataConverter.get();

  @Test
  void givenAnEnumOfStoredLabels_itTravelsAsItsLowercaseLabelAndReadsBack() {
    assertThat(json(ApprovalKind.INCIDENT_OUTREACH)).isEqualTo("\"incident_outreach\"");
    assertThat(json(TriggerOutcome.SUPPRESSED)).isEqualTo("\"suppressed\"");
    assertThat(json(TaskPriority.URGENT)).isEqualTo("\"urgent\"");
    assertThat(read("\"usage_drop_checkin\"", ApprovalKind.class)).isEqualTo(ApprovalKind.USAGE_DROP_CHECKIN);
    assertThat(read("\"fired\"", TriggerOutcome.class)).isEqualTo(TriggerOutcome.FIRED);
  }

  @Test
  void givenATaskRecordedBeforePrioritiesWereAnEnum_itReadsBack() {
    String recorded = "{\"idempotencyKey\":\"k\",\"title\":\"t\",\"description\":\"d\",\"assigneeId\":\"u\","
        + "\"customerId\":\"c\",\"priority\":\"high\",\"dueAt\":\"2026-01-02T00:00:00Z\",\"workflowId\":\"w\"}";

    NewTask task = read(recorded, NewTask.class);

    assertThat(task.priority()).isEqualTo(TaskPriority.HIGH);
    assertThat(json(task)).contains("\"priority\":\"high\"");
    assertThat(task.dueAt()).isEqualTo(Instant.parse("2026-01-02T00:00:00Z"));
  }

  @Test
  void severitiesToTaskPrioritiesAndIncidentRanks() {
    assertThat(TaskPriority.of(Severity.MEDIUM)).isEqualTo(TaskPriority.MEDIUM);
    assertThat(TaskPriority.of(Severity.HIGH)).isEqualTo(TaskPriority.HIGH);
    assertThat(TaskPriority.of(Severity.CRITICAL)).isEqualTo(TaskPriority.URGENT);
    assertThat(IncidentSeverity.of("P1").rank()).isLessThan(IncidentSeverity.of("p2").rank());
    assertThat(IncidentSeverity.of("P2").major()).isTrue();
    assertThat(IncidentSeverity.of("P3").major()).isFalse();
  }

  private static String json(Object value) {
    return CONVERTER.toPayload(value).orElseThrow().getData().toString(StandardCharsets.UTF_8);
  }

  private static <T> T read(String json, Class<T> type) {
    var payload = CONVERTER.toPayload(json).orElseThrow();
    // a payload of the same encoding as the value's, holding the recorded JSON
    var recorded = payload.toBuilder().setData(com.google.protobuf.ByteString.copyFromUtf8(json)).build();
    return CONVERTER.fromPayload(recorded, type, type);
  }
}
