package io.vigil.workflows.testing;

import io.temporal.api.common.v1.Payload;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.common.converter.GlobalDataConverter;
import java.util.List;

/**
 * The summaries a history carries (the workflow's and every activity's), as the server received
 * them. The time-skipping test server does not enforce {@code limit.userMetadataSummarySize}, so
 * tests check the sizes themselves.
 */
public final class Summaries {
  public record Summary(String text, int payloadBytes) {}

  private Summaries() {}

  public static List<Summary> of(WorkflowExecutionHistory history) {
    return history.getEvents().stream()
        .filter(HistoryEvent::hasUserMetadata)
        .filter(e -> e.getUserMetadata().hasSummary())
        .map(e -> e.getUserMetadata().getSummary())
        .map(p -> new Summary(text(p), p.getSerializedSize()))
        .toList();
  }

  private static String text(Payload payload) {
    return GlobalDataConverter.get().fromPayload(payload, String.class, String.class);
  }
}
