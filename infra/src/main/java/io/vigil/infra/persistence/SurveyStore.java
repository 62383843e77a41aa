package io.vigil.infra.persistence;

import jakarta.inject.Singleton;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Survey responses: batches in, and the NPS and CSAT figures computed over them in SQL. */
@Singleton
public class SurveyStore {
  private static final String NPS = SqlFiles.read("surveys/nps.sql", SatisfactionScales.sqlValues());
  private static final String CSAT = SqlFiles.read("surveys/csat.sql", SatisfactionScales.sqlValues());

  /* A re-sent response replaces the stored one when it differs in anything; an identical one changes nothing. */
  private static final String UPSERT = """
      INSERT INTO survey_responses (id, customer_id, contact_email, type, score, comment, responded_at, feature_id)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (id) DO UPDATE SET
        customer_id = EXCLUDED.customer_id, contact_email = EXCLUDED.contact_email, type = EXCLUDED.type,
        score = EXCLUDED.score, comment = EXCLUDED.comment, responded_at = EXCLUDED.responded_at,
        feature_id = EXCLUDED.feature_id, updated_at = now()
      WHERE (survey_responses.customer_id, survey_responses.contact_email, survey_responses.type, survey_responses.score,
             survey_responses.comment, survey_responses.responded_at, survey_responses.feature_id)
            IS DISTINCT FROM
            (EXCLUDED.customer_id, EXCLUDED.contact_email, EXCLUDED.type, EXCLUDED.score, EXCLUDED.comment,
             EXCLUDED.responded_at, EXCLUDED.feature_id)
      RETURNING (xmax = 0) AS inserted""";

  private final Sql sql;

  public SurveyStore(Sql sql) {
    this.sql = sql;
  }

  /** What a batch did: responses created, responses replaced by a different version, and identical ones. */
  public record Stored(int created, int updated, int unchanged) {}

  /**
   * Stores the responses in one transaction, in response id order (versions of one id in the order
   * given, so the last wins), so that two batches never wait on each other in a cycle.
   */
  public Stored upsert(List<SurveyResponse> responses) {
    List<SurveyResponse> ordered = new ArrayList<>(responses);
    ordered.sort(Comparator.comparing(SurveyResponse::id));
    Upserts.Counts counts = Upserts.run(sql, UPSERT, ordered, (connection, ps, r) -> {
      ps.setString(1, r.id());
      ps.setString(2, r.customerId());
      ps.setString(3, r.contactEmail());
      ps.setString(4, r.type());
      ps.setInt(5, r.score());
      ps.setString(6, r.comment());
      ps.setTimestamp(7, Timestamp.from(r.respondedAt()));
      ps.setString(8, r.featureId());
    });
    return new Stored(counts.created(), counts.updated(), counts.unchanged());
  }

  /**
   * Which responses a figure covers: {@code from} inclusive and {@code to} exclusive (null: open),
   * customers of one segment (null: all), of the given CSMs ({@code csmIds} null: every customer).
   */
  public record Filter(Instant from, Instant to, String segment, List<String> csmIds) {}

  /** NPS of a range or a month; {@code nps} is null when there are no responses. */
  public record NpsFigures(int responses, int promoters, int passives, int detractors, BigDecimal nps) {}

  public record MonthlyNps(LocalDate month, NpsFigures figures) {}

  public record NpsReport(NpsFigures whole, List<MonthlyNps> months) {}

  public NpsReport nps(Filter filter) {
    return sql.inTransaction(connection -> {
      try (PreparedStatement ps = connection.prepareStatement(NPS)) {
        bindRange(connection, ps, filter, true);
        NpsFigures whole = new NpsFigures(0, 0, 0, 0, null);
        List<MonthlyNps> months = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            NpsFigures figures = new NpsFigures(rs.getInt("responses"), rs.getInt("promoters"), rs.getInt("passives"),
                rs.getInt("detractors"), rs.getBigDecimal("nps"));
            if (rs.getBoolean("whole_range")) {
              whole = figures;
            } else {
              months.add(new MonthlyNps(JdbcValues.localDate(rs, "month"), figures));
            }
          }
        }
        return new NpsReport(whole, List.copyOf(months));
      }
    });
  }

  /** CSAT of one group: its key (a feature id, a ticket category, a week's Monday), name when known. */
  public record CsatGroup(String key, String name, int responses, BigDecimal average, int low) {}

  public record CsatReport(CsatGroup whole, List<CsatGroup> byFeature, List<CsatGroup> byCategory,
      List<CsatGroup> byWeek) {}

  /** CSAT figures; {@code filter.segment()} is not used (the CSAT insight has no segment). */
  public CsatReport csat(Filter filter) {
    return sql.inTransaction(connection -> {
      try (PreparedStatement ps = connection.prepareStatement(CSAT)) {
        bindRange(connection, ps, filter, false);
        CsatGroup whole = new CsatGroup(null, null, 0, null, 0);
        List<CsatGroup> features = new ArrayList<>();
        List<CsatGroup> categories = new ArrayList<>();
        List<CsatGroup> weeks = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            CsatGroup group = new CsatGroup(rs.getString("key"), rs.getString("feature_name"), rs.getInt("responses"),
                rs.getBigDecimal("average"), rs.getInt("low"));
            switch (rs.getString("kind")) {
              case "all" -> whole = group;
              case "feature" -> features.add(group);
              case "category" -> categories.add(group);
              case "week" -> weeks.add(group);
              default -> throw new IllegalStateException("csat.sql answered kind " + rs.getString("kind"));
            }
          }
        }
        return new CsatReport(whole, List.copyOf(features), List.copyOf(categories), List.copyOf(weeks));
      }
    });
  }

  private static void bindRange(Connection connection, PreparedStatement ps, Filter filter, boolean withSegment)
      throws SQLException {
    int i = 1;
    ps.setTimestamp(i++, filter.from() == null ? null : Timestamp.from(filter.from()));
    ps.setTimestamp(i++, filter.to() == null ? null : Timestamp.from(filter.to()));
    if (withSegment) {
      ps.setString(i++, filter.segment());
    }
    if (filter.csmIds() == null) {
      ps.setNull(i, Types.ARRAY);
    } else {
      ps.setArray(i, connection.createArrayOf("text", filter.csmIds().toArray()));
    }
  }
}
