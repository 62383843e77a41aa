package io.vigil.activities.health;

import io.vigil.infra.persistence.AccountGrowthSource;
import io.vigil.infra.persistence.HealthStore;
import io.vigil.infra.persistence.PlaybookSignalSource;
import io.vigil.infra.persistence.SegmentMedianStore;
import io.vigil.infra.persistence.SentimentSource;
import io.vigil.infra.persistence.Sql;
import io.vigil.infra.persistence.UsageEngagementSource;
import io.vigil.infra.persistence.UsageStore;
import java.util.List;

/** The health scoring as the application wires it: every live source, the default weights. */
public final class HealthScorings {
  private HealthScorings() {}

  public static HealthScoring of(Sql sql, int pageSize, HealthPlaybookTrigger... triggers) {
    return new HealthScoring(sql, List.of(new UsageEngagementSource(new SegmentMedianStore(sql)), new PlaybookSignalSource(), new AccountGrowthSource(),
        new SentimentSource()),
        new HealthStore(sql), new UsageStore(sql), HealthWeights.DEFAULT, List.of(triggers), pageSize);
  }
}
