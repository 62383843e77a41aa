package io.vigil.app.api;

import io.micronaut.core.annotation.Introspected;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.vigil.app.security.Roles;
import io.vigil.activities.adoption.AdoptionSweep;
import io.vigil.activities.detection.UsageDropSweep;
import io.vigil.infra.persistence.CustomerRepository;
import io.vigil.workflows.sweep.CommonModeDay;
import io.vigil.workflows.sweep.RolledUp;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

@Controller("/api/v1/detections")
@Secured({Roles.ADMIN, Roles.INTEGRATION})
@ExecuteOn(TaskExecutors.BLOCKING)
public class DetectionsController {
  private final UsageDropSweep sweep;
  private final AdoptionSweep adoption;
  private final CustomerRepository customers;
  private final DetectionRuns runs;

  public DetectionsController(UsageDropSweep sweep, AdoptionSweep adoption, CustomerRepository customers,
      DetectionRuns runs) {
    this.runs = runs;
    this.sweep = sweep;
    this.adoption = adoption;
    this.customers = customers;
  }

  /**
   * The usage-drop run's answer: customers evaluated, customers skipped by reason (with
   * {@code skipReason} in words when the whole day is not evaluated; {@code holiday} for customers
   * whose country has the day off, {@code commonMode} for those of a common-mode day), what was
   * rolled up first ({@code from}, {@code to} and {@code days} null/0 when nothing was due), one
   * signal per drop, the common-mode days found ({@code commonMode}, each with its {@code message}),
   * and the adoption detector's findings beside it.
   */
  public record Run(LocalDate asOf, long evaluated, Map<String, Long> skipped, @Nullable String skipReason,
      RolledUpView rolledUp, List<UsageDropSweep.Signal> signals, List<CommonModeDay> commonMode,
      AdoptionSweep.Result adoption) {}

  /** {@link RolledUp} as answered: {@code from} and {@code to} are null when nothing was due. */
  public record RolledUpView(@Nullable LocalDate from, @Nullable LocalDate to, int days, long customers) {
    static RolledUpView of(RolledUp r) {
      return new RolledUpView(r.from(), r.to(), r.days(), r.customers());
    }
  }

  /** {@code {asOf, customerId?}}: the day to evaluate, and one customer or (without it) all. */
  @Introspected
  public record RunRequest(@NotNull LocalDate asOf,
      @Nullable @Pattern(regexp = Limits.ID, message = Limits.ID_MESSAGE) String customerId) {}

  /**
   * Runs the detectors as of a day and starts or signals workflows. Rollups the evaluation needs
   * and lacks (never computed, or computed before usage events for their days arrived) are rolled up
   * first. Answers the run when it finishes within {@code vigil.detection.run-answer-within} (30 s);
   * a longer run goes on and is answered 202 with its id: {@code GET /api/v1/detections/runs/{id}}.
   * {@code Prefer: respond-async} (or {@code wait=N}, seconds; RFC 7240) asks for the 202 sooner.
   */
  @Post("/run")
  @ApiResponse(responseCode = "200", description = "the run, finished",
      content = @Content(schema = @Schema(implementation = Run.class)))
  @ApiResponse(responseCode = "202", description = "the run goes on; ask GET /api/v1/detections/runs/{id} (Location)",
      content = @Content(schema = @Schema(implementation = DetectionRuns.RunState.class)))
  public HttpResponse<?> run(@Body @Valid RunRequest body, @Header("Prefer") @Nullable String prefer) {
    LocalDate asOf = body.asOf();
    String customerId = body.customerId();
    if (customerId != null && !customers.existsById(customerId)) {
      throw ApiError.notFound("customer", customerId);
    }
    DetectionRuns.Started started = runs.start(asOf, customerId, runs.waitFor(prefer), () -> {
      UsageDropSweep.Result drops = sweep.run(asOf, customerId);
      return new Run(drops.asOf(), drops.evaluated(), drops.skipped(), drops.skipReason(),
          RolledUpView.of(drops.rolledUp()), drops.signals(), drops.commonMode(), adoption.run(asOf, customerId));
    });
    if (started.answer().isPresent()) {
      return HttpResponse.ok(started.answer().get());
    }
    return HttpResponse.accepted().header(HttpHeaders.LOCATION, "/api/v1/detections/runs/" + started.id())
        .body(runs.find(started.id()).orElseThrow());
  }

  /**
   * A detection run: {@code running} (with the seconds so far), then {@code done} with the answer the
   * POST would have given ({@code result}), {@code failed} with {@code error}, or {@code interrupted}
   * when the process running it stopped (run it again: alerts start their check-ins once).
   */
  @Get("/runs/{id}")
  public DetectionRuns.RunState runState(@PathVariable String id) {
    UUID runId;
    try {
      runId = UUID.fromString(id);
    } catch (IllegalArgumentException e) {
      throw ApiError.badRequest("id", "must be a detection run id (a UUID, as the POST answered it)");
    }
    return runs.find(runId).orElseThrow(() -> ApiError.notFound("detection run", id));
  }
}
