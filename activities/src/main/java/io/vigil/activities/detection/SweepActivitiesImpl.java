package io.vigil.activities.detection;

import io.vigil.activities.adoption.AdoptionSweep;
import io.vigil.infra.persistence.UsageStore;
import io.vigil.workflows.sweep.SweepActivities;
import io.vigil.workflows.sweep.SweepSummary;
import jakarta.inject.Singleton;
import java.time.LocalDate;

@Singleton
public class SweepActivitiesImpl implements SweepActivities {
  private final UsageStore usage;
  private final UsageDropSweep sweep;
  private final AdoptionSweep adoption;

  public SweepActivitiesImpl(UsageStore usage, UsageDropSweep sweep, AdoptionSweep adoption) {
    this.usage = usage;
    this.sweep = sweep;
    this.adoption = adoption;
  }

  @Override
  public SweepSummary sweep(LocalDate asOf) {
    usage.rollUp(null, asOf.minusDays(1), asOf);
    adoption.rollUp(null, asOf.minusDays(1), asOf);
    UsageDropSweep.Result result = sweep.run(asOf, null);
    int started = (int) result.signals().stream().filter(s -> !s.suppressed()).count();
    AdoptionSweep.Result adopted = adoption.run(asOf, null);
    int adoptionStarted = (int) adopted.alerts().stream().filter(a -> !a.suppressed()).count();
    return new SweepSummary(asOf, result.evaluated(), started, result.signals().size() - started, result.skipped(),
        adoptionStarted, adopted.alerts().size() - adoptionStarted);
  }
}
