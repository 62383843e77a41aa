package io.vigil.activities.health;

import static io.vigil.infra.persistence.HealthComponent.ENGAGEMENT;
import static io.vigil.infra.persistence.HealthComponent.GROWTH;
import static io.vigil.infra.persistence.HealthComponent.SENTIMENT;
import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.infra.persistence.HealthComponent;
import io.vigil.infra.persistence.HealthInput;
import io.vigil.infra.persistence.SentimentSource;
import io.vigil.infra.persistence.SentimentSource.SentimentFigures;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Sentiment's inputs and their part of the score on hand-computed cases (docs/health.md, "Sentiment"). */
class SentimentInputsTest {
  private final HealthModel model = new HealthModel(HealthWeights.DEFAULT);

  private HealthScore score(SentimentFigures figures) {
    return model.score(Map.of(ENGAGEMENT, List.of(HealthInput.compared("e", "e", 1, 1)),
        SENTIMENT, SentimentSource.inputsOf(figures), GROWTH, List.of(HealthInput.compared("g", "g", 1, 1))),
        EnumSet.allOf(HealthComponent.class));
  }

  /** docs/health.md, "Sentiment, worked through": keep the two in step. */
  @Test
  void givenAnswersTicketsAndAnUrgentOpenTicket_sentimentAndTheScoreComeOutAsWorkedByHand() {
    // NPS answers 4 and 8 (mean 6), one CSAT 5, 10 tickets in the 150 days before (2 per 30 days)
    // and 5 in the last 30, one of them urgent and open
    HealthScore result = score(new SentimentFigures(6.0, 2, 5.0, 1, true, 10, 5, 0, 1, 0));

    // nps 85 * 6/8 = 63.75; csat 85 * 5/4 = 106.25 -> 100; volume 85 * (2+1)/(5+1) = 42.5
    // (63.75 + 100 + 42.5) / 3 - 10 = 58.75
    assertThat(result.components().get("sentiment").score()).isEqualTo(58.75);
    assertThat(result.components().get("sentiment").inputs()).extracting(HealthScore.Input::subScore)
        .containsExactly(63.75, 100.0, 42.5, null);
    // 0.4 * 85 + 0.3 * 58.75 + 0.3 * 85 = 77.125 -> 77
    assertThat(result.score()).isEqualTo(77);
    // volume: (42.5 - 85) / 3 * 0.3 = -4.25, the largest; the urgent ticket -10 * 0.3 = -3
    assertThat(result.components().get("sentiment").inputs().get(3).effect()).isEqualTo(-3.0);
    assertThat(result.mostImpactful()).isEqualTo("Usual support tickets per 30 days (2, plus one) against the last 30 days' "
        + "(5, plus one) (3 against 6) lowered the score by 4 points.");
  }

  @Test
  void givenAQuietCustomerWithTicketHistory_volumeScoresAtLeastPar() {
    // one ticket in the 150 days before (0.2 per 30 days), none since: 85 * 1.2 / 1 = 102 -> 100
    HealthScore quiet = score(new SentimentFigures(null, 0, null, 0, true, 1, 0, 0, 0, 0));
    assertThat(quiet.components().get("sentiment").score()).isEqualTo(100.0);
    // history, but nothing in either window: as usual, par
    HealthScore idle = score(new SentimentFigures(null, 0, null, 0, true, 0, 0, 0, 0, 0));
    assertThat(idle.components().get("sentiment").score()).isEqualTo(85.0);
  }

  @Test
  void givenOpenHighAndUrgentTicketsAndLowRatings_theAdjustmentsStopAtTheirFloors() {
    List<HealthInput> inputs = SentimentSource.inputsOf(new SentimentFigures(8.0, 1, null, 0, false, 0, 9, 3, 2, 4));

    assertThat(inputs).extracting(HealthInput::name).containsExactly("nps", "openUrgentTickets", "lowRatedTickets");
    // 3 high (-15) and 2 urgent (-20) is -35, floored at -20; 4 rated low is -20, floored at -15
    assertThat(inputs).extracting(HealthInput::points).containsExactly(null, -20.0, -15.0);
    // 85 - 20 - 15 = 50
    assertThat(score(new SentimentFigures(8.0, 1, null, 0, false, 0, 9, 3, 2, 4)).components().get("sentiment").score())
        .isEqualTo(50.0);
  }

  @Test
  void givenNoAnswersAndNoTicketHistory_sentimentIsMissingEvenWithRecentUrgentTickets() {
    // tickets only in the last 30 days: nothing to compare their volume with, and adjustments alone weigh nothing
    HealthScore result = score(new SentimentFigures(null, 0, null, 0, false, 0, 4, 0, 2, 1));

    assertThat(result.missing()).containsExactly("sentiment");
    assertThat(result.components().get("sentiment").missingReason()).contains("no NPS answer");
    assertThat(result.score()).isEqualTo(85);
  }
}
