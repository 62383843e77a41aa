package io.vigil.app.tickets;

import io.micronaut.core.annotation.Introspected;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.vigil.app.api.ApiError;
import io.vigil.app.api.BadRequests;
import io.vigil.app.api.Instants;
import io.vigil.app.api.Limits;
import io.vigil.app.security.Roles;
import io.vigil.infra.persistence.Customer;
import io.vigil.infra.persistence.CustomerRepository;
import io.vigil.infra.persistence.TicketStore;
import jakarta.validation.Valid;
import jakarta.validation.Validator;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Support tickets in (issue 10), a batch at a time, from a help desk export or sync. Each ticket is
 * categorized on the way in. A ticket id already stored is updated by the version received later,
 * unless both versions carry {@code updatedAt} and the stored one is newer (docs/api.md, "Tickets").
 */
@Controller("/api/v1/tickets")
@Secured({Roles.ADMIN, Roles.INTEGRATION})
@ExecuteOn(TaskExecutors.BLOCKING)
public class TicketIntakeController {
  static final int MAX_BATCH = 1_000;
  static final int MAX_TAGS = 50;
  static final int TAG = 100;

  private final TicketIntake intake;
  private final CustomerRepository customers;
  private final Clock clock;
  private final Validator validator;

  public TicketIntakeController(TicketIntake intake, CustomerRepository customers, Clock clock, Validator validator) {
    this.intake = intake;
    this.customers = customers;
    this.clock = clock;
    this.validator = validator;
  }

  @Introspected
  public record Ticket(
      @NotNull @Pattern(regexp = Limits.ID, message = Limits.ID_MESSAGE) String ticketId,
      @NotNull @Pattern(regexp = Limits.ID, message = Limits.ID_MESSAGE) String customerId,
      @NotBlank @Size(max = Limits.TITLE) String subject,
      @NotBlank @Size(max = Limits.TEXT) String body,
      // read as text so that a malformed instant is one more problem listed, not the end of reading
      @NotNull @Size(max = 64) String createdAt,
      @Nullable @Size(max = 64) String updatedAt,
      @NotNull @Pattern(regexp = "open|pending|solved|closed", message = "must be one of open, pending, solved, closed")
      String status,
      @Nullable @Pattern(regexp = "low|normal|high|urgent", message = "must be one of low, normal, high, urgent")
      String priority,
      @Nullable @Email @Size(max = Limits.EMAIL) String requesterEmail,
      @Nullable @Size(max = MAX_TAGS, message = "must hold at most " + MAX_TAGS + " tags") List<String> tags,
      @Nullable @Min(value = 1, message = "must be 1 to 5") @Max(value = 5, message = "must be 1 to 5") Integer csat) {}

  @Introspected
  public record TicketBatch(
      // elements are validated one by one in ingest(), each error under its index
      @NotNull @Size(min = 1, max = MAX_BATCH, message = "must hold 1 to " + MAX_BATCH + " tickets")
      List<Ticket> tickets) {}

  public record Stored(int created, int updated, int unchanged) {}

  /** The batch is validated whole: one bad ticket rejects it all, with every problem listed by index. */
  @Post
  public Stored ingest(@Body @Valid TicketBatch body) {
    List<Ticket> tickets = body.tickets();
    Set<String> known = customers.findByIdInList(tickets.stream().filter(t -> t != null && t.customerId() != null)
            .map(Ticket::customerId).distinct().toList()).stream()
        .map(Customer::id).collect(Collectors.toSet());
    Instant latestAllowed = clock.instant().plus(Duration.ofMinutes(10));
    List<ReceivedTicket> received = new ArrayList<>(tickets.size());
    List<ApiError.FieldError> errors = new ArrayList<>();
    // past the listed maximum, more errors tell a client nothing new
    for (int i = 0; i < tickets.size() && errors.size() <= Limits.MAX_ERRORS; i++) {
      Ticket t = tickets.get(i);
      String at = "tickets[" + i + "]";
      if (t == null) {
        errors.add(new ApiError.FieldError(at, "must be a ticket object"));
        continue;
      }
      BadRequests.collect(at, validator.validate(t), errors);
      tags(t.tags(), at + ".tags", errors);
      if (t.customerId() != null && !known.contains(t.customerId())) {
        errors.add(new ApiError.FieldError(at + ".customerId", "no customer " + t.customerId()));
      }
      Instant createdAt = t.createdAt() == null ? null : Instants.parse(t.createdAt(), at + ".createdAt", errors);
      Instant updatedAt = t.updatedAt() == null ? null : Instants.parse(t.updatedAt(), at + ".updatedAt", errors);
      if (createdAt != null && createdAt.isAfter(latestAllowed)) {
        errors.add(new ApiError.FieldError(at + ".createdAt", "is in the future"));
      }
      if (updatedAt != null && updatedAt.isAfter(latestAllowed)) {
        errors.add(new ApiError.FieldError(at + ".updatedAt", "is in the future"));
      }
      if (createdAt != null && updatedAt != null && updatedAt.isBefore(createdAt)) {
        errors.add(new ApiError.FieldError(at + ".updatedAt", "must not be before createdAt"));
      }
      if (errors.isEmpty()) {
        received.add(new ReceivedTicket(t.ticketId(), t.customerId(), t.subject().strip(), t.body().strip(), t.status(),
            t.priority(), t.requesterEmail() == null ? null : t.requesterEmail().strip().toLowerCase(Locale.ROOT),
            t.tags() == null ? List.of() : t.tags().stream().map(String::strip).distinct().toList(), t.csat(),
            ReceivedTicket.API, createdAt, updatedAt));
      }
    }
    if (!errors.isEmpty()) {
      throw ApiError.invalid(errors);
    }
    TicketStore.Stored stored = intake.store(received);
    return new Stored(stored.created(), stored.updated(), stored.unchanged());
  }

  private static void tags(List<String> tags, String field, List<ApiError.FieldError> errors) {
    if (tags == null) {
      return;
    }
    for (int k = 0; k < tags.size(); k++) {
      String tag = tags.get(k);
      if (tag == null || tag.isBlank() || tag.length() > TAG) {
        errors.add(new ApiError.FieldError(field + "[" + k + "]", "must be a tag of 1 to " + TAG + " characters"));
      }
    }
  }
}
