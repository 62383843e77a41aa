package io.vigil.infra.persistence;

import static io.vigil.infra.persistence.HealthStatements.nullableDouble;

import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Sentiment from what customers said and asked (docs/health.md, "Sentiment"): their NPS and CSAT
 * answers against fixed marks of a satisfied customer, the support tickets of the last 30 days
 * against their own usual volume, and, as adjustments, high or urgent tickets still open and tickets
 * rated low. A customer with no answer in the windows and no ticket history has no sentiment data:
 * nothing is assumed for it.
 */
@Singleton
public class SentimentSource implements HealthInputSource {
  /** The mean NPS answer that scores par (85): the top of the passives. */
  public static final double NPS_MARK = 8;
  /** The mean CSAT answer that scores par: "satisfied". */
  public static final double CSAT_MARK = 4;
  public static final int NPS_DAYS = 180;
  public static final int CSAT_DAYS = 90;
  public static final int TICKET_DAYS = 30;
  /** The usual volume: tickets per 30 days over the 150 days before the last 30. */
  public static final int USUAL_PERIODS = 5;
  public static final double HIGH_POINTS = -5;
  public static final double URGENT_POINTS = -10;
  public static final double OPEN_TICKETS_FLOOR = -20;
  public static final double LOW_RATED_POINTS = -5;
  public static final double LOW_RATED_FLOOR = -15;
  private static final String SENTIMENT = SqlFiles.read("health/sentiment.sql", SatisfactionScales.sqlValues());

  @Override
  public HealthComponent component() {
    return HealthComponent.SENTIMENT;
  }

  @Override
  public Map<String, List<HealthInput>> read(Connection connection, LocalDate asOf, CustomerScope scope) throws SQLException {
    Map<String, List<HealthInput>> inputs = new HashMap<>();
    try (PreparedStatement ps = HealthStatements.prepare(connection, SENTIMENT, asOf, scope);
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        inputs.put(rs.getString("customer_id"), inputsOf(new SentimentFigures(nullableDouble(rs, "nps_mean"),
            rs.getInt("nps_answers"), nullableDouble(rs, "csat_mean"), rs.getInt("csat_answers"),
            rs.getBoolean("known_before"), rs.getInt("usual"), rs.getInt("recent"), rs.getInt("open_high"),
            rs.getInt("open_urgent"), rs.getInt("rated_low"))));
      }
    }
    return inputs;
  }

  /**
   * One customer's figures: NPS and CSAT means and counts in their windows; whether it had a ticket
   * opened before the last 30 days (the ticket history volume is compared with), the tickets of the
   * 150 days before and of the last 30, and of the last 30 the high and urgent ones still open and
   * the ones rated 1 or 2.
   */
  public record SentimentFigures(Double npsMean, int npsAnswers, Double csatMean, int csatAnswers, boolean ticketHistory,
      int usualTickets, int recentTickets, int openHigh, int openUrgent, int ratedLow) {}

  public static List<HealthInput> inputsOf(SentimentFigures f) {
    List<HealthInput> inputs = new ArrayList<>();
    if (f.npsAnswers() > 0) {
      inputs.add(HealthInput.compared("nps", "Mean NPS answer of the last " + NPS_DAYS + " days (" + answers(f.npsAnswers())
          + ") against " + (int) NPS_MARK, f.npsMean(), NPS_MARK));
    }
    if (f.csatAnswers() > 0) {
      inputs.add(HealthInput.compared("csat", "Mean CSAT answer of the last " + CSAT_DAYS + " days (" + answers(f.csatAnswers())
          + ") against " + (int) CSAT_MARK, f.csatMean(), CSAT_MARK));
    }
    if (f.ticketHistory()) {
      // Fewer tickets is better, so the usual volume is the value and the recent one the baseline;
      // one ticket added to each keeps a quiet month from dividing by zero and a single ticket from
      // halving the score.
      double usual = (double) f.usualTickets() / USUAL_PERIODS;
      inputs.add(HealthInput.compared("ticketVolume", "Usual support tickets per 30 days (" + round1(usual)
          + ", plus one) against the last 30 days' (" + f.recentTickets() + ", plus one)", usual + 1, f.recentTickets() + 1));
    }
    int open = f.openHigh() + f.openUrgent();
    if (open > 0) {
      inputs.add(HealthInput.adjustment("openUrgentTickets", "High or urgent tickets of the last 30 days still open ("
          + f.openUrgent() + " urgent, " + f.openHigh() + " high)", open,
          Math.max(OPEN_TICKETS_FLOOR, f.openHigh() * HIGH_POINTS + f.openUrgent() * URGENT_POINTS)));
    }
    if (f.ratedLow() > 0) {
      inputs.add(HealthInput.adjustment("lowRatedTickets", "Tickets of the last 30 days rated 1 or 2", f.ratedLow(),
          Math.max(LOW_RATED_FLOOR, f.ratedLow() * LOW_RATED_POINTS)));
    }
    return inputs;
  }

  private static String answers(int n) {
    return n + (n == 1 ? " answer" : " answers");
  }

  private static String round1(double value) {
    return java.math.BigDecimal.valueOf(value).setScale(1, java.math.RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
  }
}
