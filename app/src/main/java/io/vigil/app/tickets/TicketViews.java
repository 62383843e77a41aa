package io.vigil.app.tickets;

import io.micronaut.core.annotation.Nullable;
import io.vigil.infra.persistence.CategoryCorrection;
import io.vigil.infra.persistence.TicketRow;
import java.time.Instant;
import java.util.List;

/** Tickets as the API shows them. */
final class TicketViews {
  private TicketViews() {}

  /**
   * A ticket: {@code createdAt}/{@code updatedAt} are the sender's, {@code receivedAt} when Vigil
   * last stored a version. {@code category} is the one in force; {@code categorySource} says whose
   * it is ({@code person} after a correction), {@code predictedCategory} what the classifier said.
   */
  public record TicketView(String id, String customerId, String subject, String body, String status,
      @Nullable String priority, @Nullable String requesterEmail, List<String> tags, @Nullable Integer csat,
      String source, Instant createdAt, @Nullable Instant updatedAt, Instant receivedAt, String category,
      double categoryConfidence, String categoryReason, String categorySource, String predictedCategory) {}

  public record CorrectionView(String from, String to, String correctedBy, Instant correctedAt) {}

  public record TicketDetail(TicketView ticket, List<CorrectionView> corrections) {}

  static final String PERSON = "person";

  static TicketView view(TicketRow t) {
    boolean corrected = t.correctedCategory() != null;
    return new TicketView(t.id(), t.customerId(), t.subject(), t.body(), t.status(), t.priority(), t.requesterEmail(),
        t.tags(), t.csat(), t.source(), t.openedAt(), t.sourceUpdatedAt(), t.updatedAt(), t.category(),
        corrected ? 1.0 : t.categoryConfidence(),
        corrected ? "set by a person" : t.categoryReason(),
        corrected ? PERSON : t.categorySource(), t.predictedCategory());
  }

  static TicketDetail detail(TicketRow t, List<CategoryCorrection> corrections) {
    return new TicketDetail(view(t), corrections.stream()
        .map(c -> new CorrectionView(c.fromCategory(), c.toCategory(), c.correctedBy(), c.correctedAt())).toList());
  }
}
