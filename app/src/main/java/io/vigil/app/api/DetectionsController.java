package io.vigil.app.api;

import io.micronaut.core.annotation.Introspected;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Body;
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
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

@Controller("/api/v1/detections")
@Secured({Roles.ADMIN, Roles.INTEGRATION})
@ExecuteOn(TaskExecutors.BLOCKING)
public class DetectionsController {
  private final UsageDropSweep sweep;
  private final AdoptionSweep adoption;
  private final CustomerRepository customers;

  public DetectionsController(UsageDropSweep sweep, AdoptionSweep adoption, CustomerRepository customers) {
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
   * first.
   */
  @Post("/run")
  public Run run(@Body @Valid RunRequest body) {
    LocalDate asOf = body.asOf();
    String customerId = body.customerId();
    if (customerId != null && !customers.existsById(customerId)) {
      throw ApiError.notFound("customer", customerId);
    }
    UsageDropSweep.Result drops = sweep.run(asOf, customerId);
    return new Run(drops.asOf(), drops.evaluated(), drops.skipped(), drops.skipReason(), RolledUpView.of(drops.rolledUp()),
        drops.signals(), drops.commonMode(), adoption.run(asOf, customerId));
  }
}
