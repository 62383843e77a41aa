package io.vigil.app.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.vigil.activities.detection.UsageDropSweep;
import io.vigil.infra.persistence.CustomerRepository;
import java.time.LocalDate;

@Controller("/api/v1/detections")
@ExecuteOn(TaskExecutors.BLOCKING)
public class DetectionsController {
  private final UsageDropSweep sweep;
  private final CustomerRepository customers;

  public DetectionsController(UsageDropSweep sweep, CustomerRepository customers) {
    this.sweep = sweep;
    this.customers = customers;
  }

  /** Runs the detectors as of a day over the stored rollups and starts or signals workflows. */
  @Post("/run")
  public UsageDropSweep.Result run(@Body JsonNode body) {
    Fields f = new Fields(body);
    LocalDate asOf = f.date("asOf");
    String customerId = f.optionalText("customerId");
    f.throwIfInvalid();
    if (customerId != null && !customers.existsById(customerId)) {
      throw ApiError.notFound("customer", customerId);
    }
    return sweep.run(asOf, customerId);
  }
}
