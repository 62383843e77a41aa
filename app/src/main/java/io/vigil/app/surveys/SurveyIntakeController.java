package io.vigil.app.surveys;

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
import io.vigil.infra.persistence.SatisfactionScales;
import io.vigil.infra.persistence.SurveyResponse;
import io.vigil.infra.persistence.SurveyStore;
import jakarta.validation.Valid;
import jakarta.validation.Validator;
import jakarta.validation.constraints.Email;
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
 * NPS and CSAT survey responses in (issue 10, "Satisfaction"), a batch at a time from a survey
 * tool. Idempotent on {@code responseId}: a re-sent identical response changes nothing, a different
 * version replaces the stored one (docs/api.md, "Surveys").
 */
@Controller("/api/v1/surveys/responses")
@Secured({Roles.ADMIN, Roles.INTEGRATION})
@ExecuteOn(TaskExecutors.BLOCKING)
public class SurveyIntakeController {
  static final int MAX_BATCH = 1_000;

  private final SurveyStore surveys;
  private final CustomerRepository customers;
  private final Clock clock;
  private final Validator validator;
  private final DetractorFollowUpStarts followUps;

  public SurveyIntakeController(SurveyStore surveys, CustomerRepository customers, Clock clock, Validator validator,
      DetractorFollowUpStarts followUps) {
    this.surveys = surveys;
    this.followUps = followUps;
    this.customers = customers;
    this.clock = clock;
    this.validator = validator;
  }

  @Introspected
  public record Response(
      @NotNull @Pattern(regexp = Limits.ID, message = Limits.ID_MESSAGE) String responseId,
      @NotNull @Pattern(regexp = Limits.ID, message = Limits.ID_MESSAGE) String customerId,
      @NotBlank @Email @Size(max = Limits.EMAIL) String contactEmail,
      @NotNull @Pattern(regexp = "nps|csat", message = "must be nps or csat") String type,
      // the range depends on the type, checked in respond()
      @NotNull Integer score,
      @Nullable @Size(max = Limits.TEXT) String comment,
      // read as text so that a malformed instant is one more problem listed, not the end of reading
      @NotNull @Size(max = 64) String respondedAt,
      @Nullable @Pattern(regexp = Limits.ID, message = Limits.ID_MESSAGE) String featureId) {}

  @Introspected
  public record ResponseBatch(
      // elements are validated one by one in respond(), each error under its index
      @NotNull @Size(min = 1, max = MAX_BATCH, message = "must hold 1 to " + MAX_BATCH + " responses")
      List<Response> responses) {}

  /** {@code followUpsStarted}: detractor follow-ups this batch started (a re-posted detractor starts none). */
  public record Stored(int created, int updated, int unchanged, int followUpsStarted) {}

  /** The batch is validated whole: one bad response rejects it all, with every problem listed by index. */
  @Post
  public Stored respond(@Body @Valid ResponseBatch body) {
    List<Response> responses = body.responses();
    Set<String> known = customers.findByIdInList(responses.stream().filter(r -> r != null && r.customerId() != null)
            .map(Response::customerId).distinct().toList()).stream()
        .map(Customer::id).collect(Collectors.toSet());
    Instant latestAllowed = clock.instant().plus(Duration.ofMinutes(10));
    List<SurveyResponse> valid = new ArrayList<>(responses.size());
    List<ApiError.FieldError> errors = new ArrayList<>();
    // past the listed maximum, more errors tell a client nothing new
    for (int i = 0; i < responses.size() && errors.size() <= Limits.MAX_ERRORS; i++) {
      Response r = responses.get(i);
      String at = "responses[" + i + "]";
      if (r == null) {
        errors.add(new ApiError.FieldError(at, "must be a survey response object"));
        continue;
      }
      BadRequests.collect(at, validator.validate(r), errors);
      if (r.customerId() != null && !known.contains(r.customerId())) {
        errors.add(new ApiError.FieldError(at + ".customerId", "no customer " + r.customerId()));
      }
      if (r.score() != null && r.type() != null) {
        score(r.type(), r.score(), at + ".score", errors);
      }
      Instant respondedAt = r.respondedAt() == null ? null : Instants.parse(r.respondedAt(), at + ".respondedAt", errors);
      if (respondedAt != null && respondedAt.isAfter(latestAllowed)) {
        errors.add(new ApiError.FieldError(at + ".respondedAt", "is in the future"));
      }
      if (errors.isEmpty()) {
        String comment = r.comment() == null || r.comment().isBlank() ? null : r.comment().strip();
        valid.add(new SurveyResponse(r.responseId(), r.customerId(), r.contactEmail().strip().toLowerCase(Locale.ROOT),
            r.type(), r.score(), comment, respondedAt, r.featureId()));
      }
    }
    if (!errors.isEmpty()) {
      throw ApiError.invalid(errors);
    }
    SurveyStore.Stored stored = surveys.upsert(valid);
    // answered only after the starts: a client that saw no 200 posts again, and the claims make that safe
    int started = followUps.startFor(valid.stream().map(SurveyResponse::id).distinct().toList());
    return new Stored(stored.created(), stored.updated(), stored.unchanged(), started);
  }

  private static void score(String type, int score, String field, List<ApiError.FieldError> errors) {
    if ("nps".equals(type) && (score < SatisfactionScales.NPS_MIN || score > SatisfactionScales.NPS_MAX)) {
      errors.add(new ApiError.FieldError(field, "must be " + SatisfactionScales.NPS_MIN + " to "
          + SatisfactionScales.NPS_MAX + " for an nps response"));
    }
    if ("csat".equals(type) && (score < SatisfactionScales.CSAT_MIN || score > SatisfactionScales.CSAT_MAX)) {
      errors.add(new ApiError.FieldError(field, "must be " + SatisfactionScales.CSAT_MIN + " to "
          + SatisfactionScales.CSAT_MAX + " for a csat response"));
    }
  }
}
