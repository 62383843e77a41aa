package io.vigil.infra.persistence;

import io.micronaut.context.annotation.Value;
import io.vigil.workflows.incident.IncidentSeverity;
import jakarta.inject.Singleton;
import java.math.BigDecimal;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Incidents in PostgreSQL: applying an update under a row lock (a redelivery or an older update
 * changes nothing), and the set-based mapping of affected components and regions to customers.
 */
@Singleton
public class IncidentStore {
  private final Sql sql;
  private final double heavyUsesPerDay;
  private final double regularUsesPerDay;

  public IncidentStore(Sql sql,
      @Value("${vigil.incidents.heavy-uses-per-day:100}") double heavyUsesPerDay,
      @Value("${vigil.incidents.regular-uses-per-day:5}") double regularUsesPerDay) {
    this.sql = sql;
    this.heavyUsesPerDay = heavyUsesPerDay;
    this.regularUsesPerDay = regularUsesPerDay;
  }

  public record Update(String incidentId, String source, String externalId, String workflowId, String updateKey,
      Instant occurredAt, String title, String description, String severity, String status, List<String> components,
      List<String> regions, Instant startedAt, Instant resolvedAt, String statusPageUrl) {}

  public record Snapshot(String id, String title, String severity, String status, List<String> components,
      List<String> regions) {}

  public record Applied(String outcome, Snapshot incident) {}

  /**
   * Applies an update once. {@code runId} makes a retry of the same run's apply answer "applied"
   * again, while a redelivery seen by any run is a "duplicate" and an update older than the newest
   * applied one is "stale".
   */
  public Applied apply(Update u, String runId) {
    return sql.inTransaction(c -> {
      Optional<Instant> lastEventAt = lockIncident(c, u.incidentId());
      Optional<String[]> seen = seenUpdate(c, u.incidentId(), u.updateKey());
      if (seen.isPresent()) {
        String outcome = seen.get()[0].equals(runId) && seen.get()[1].equals("applied") ? "applied" : "duplicate";
        return new Applied(outcome, snapshot(c, u.incidentId()));
      }
      if (lastEventAt.isEmpty()) {
        insertIncident(c, u);
      } else if (u.occurredAt().isBefore(lastEventAt.get())) {
        recordUpdate(c, u, runId, "stale");
        return new Applied("stale", snapshot(c, u.incidentId()));
      } else {
        updateIncident(c, u);
      }
      recordUpdate(c, u, runId, "applied");
      return new Applied("applied", snapshot(c, u.incidentId()));
    });
  }

  /** An affected customer with what its CSM's DM lists of it (name and ARR), so that no second read is needed. */
  public record Impact(String customerId, String customerName, String csmId, String impactLevel, String reason,
      BigDecimal arr) {}

  /** Maps the incident's components (declared, or used in the last 30 days) and regions to customers; stores and ranks them. */
  public List<Impact> analyzeImpact(String incidentId) {
    return sql.inTransaction(c -> {
      storeImpact(c, incidentId);
      return impacts(c, incidentId);
    });
  }

  private void storeImpact(Connection c, String incidentId) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(IMPACT_SQL)) {
      ps.setString(1, incidentId);
      ps.setDouble(2, heavyUsesPerDay);
      ps.setDouble(3, regularUsesPerDay);
      ps.setDouble(4, regularUsesPerDay);
      ps.setDouble(5, heavyUsesPerDay);
      ps.setString(6, incidentId);
      ps.executeUpdate();
    }
  }

  /**
   * The stored impact's counts: {@code lastImpactId} is the newest row (a customer affected later gets
   * a larger id), {@code highImpactDigest} changes whenever the set of high-impact customers does.
   */
  public record ImpactCounts(int affected, int highImpact, int csms, BigDecimal totalArr, long lastImpactId,
      String highImpactDigest) {}

  /** Maps the incident's components and regions to customers and stores them, as {@link #analyzeImpact}; answers counts only. */
  public ImpactCounts assessImpact(String incidentId) {
    return sql.inTransaction(c -> {
      storeImpact(c, incidentId);
      try (PreparedStatement ps = c.prepareStatement("""
          SELECT count(*), count(*) FILTER (WHERE i.impact_level = 'high'), count(DISTINCT cu.csm_id),
                 coalesce(sum(cu.arr), 0), coalesce(max(i.id), 0),
                 md5(coalesce(string_agg(i.customer_id, ',' ORDER BY i.customer_id) FILTER (WHERE i.impact_level = 'high'), ''))
          FROM incident_customer_impact i JOIN customers cu ON cu.id = i.customer_id
          WHERE i.incident_id = ?""")) {
        ps.setString(1, incidentId);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          return new ImpactCounts(rs.getInt(1), rs.getInt(2), rs.getInt(3), rs.getBigDecimal(4), rs.getLong(5), rs.getString(6));
        }
      }
    });
  }

  /**
   * At most {@code limit} CSM ids, in order after {@code afterCsmId} (null: from the first), of the
   * incident's affected customers whose impact row is newer than {@code afterImpactId}.
   */
  public List<String> csmPage(String incidentId, long afterImpactId, String afterCsmId, int limit) {
    return sql.inTransaction(c -> {
      List<String> csms = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement("""
          SELECT DISTINCT cu.csm_id FROM incident_customer_impact i JOIN customers cu ON cu.id = i.customer_id
          WHERE i.incident_id = ? AND i.id > ? AND cu.csm_id IS NOT NULL AND (CAST(? AS text) IS NULL OR cu.csm_id > ?)
          ORDER BY cu.csm_id LIMIT ?""")) {
        ps.setString(1, incidentId);
        ps.setLong(2, afterImpactId);
        ps.setString(3, afterCsmId);
        ps.setString(4, afterCsmId);
        ps.setInt(5, limit);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            csms.add(rs.getString(1));
          }
        }
      }
      return csms;
    });
  }

  /** At most {@code limit} high-impact customers of the incident, in id order after {@code afterCustomerId} (null: from the first). */
  public List<Impact> highImpactPage(String incidentId, String afterCustomerId, int limit) {
    return sql.inTransaction(c -> {
      try (PreparedStatement ps = c.prepareStatement("""
          SELECT i.customer_id, cu.name, cu.csm_id, i.impact_level, i.reason, cu.arr
          FROM incident_customer_impact i JOIN customers cu ON cu.id = i.customer_id
          WHERE i.incident_id = ? AND i.impact_level = 'high' AND (CAST(? AS text) IS NULL OR i.customer_id > ?)
          ORDER BY i.customer_id LIMIT ?""")) {
        ps.setString(1, incidentId);
        ps.setString(2, afterCustomerId);
        ps.setString(3, afterCustomerId);
        ps.setInt(4, limit);
        return impactRows(ps);
      }
    });
  }

  /** The affected customers of one CSM, ranked as {@link #impacts}: what their DM lists, in one query. */
  public List<Impact> impactsOf(String incidentId, String csmId) {
    return sql.inTransaction(c -> impacts(c, incidentId, csmId));
  }

  public List<Impact> impacts(String incidentId) {
    return sql.inTransaction(c -> impacts(c, incidentId));
  }

  private List<Impact> impacts(Connection c, String incidentId) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(rankedImpacts("i.incident_id = ?"))) {
      ps.setString(1, incidentId);
      return impactRows(ps);
    }
  }

  /**
   * The CSM's customers are found first (customers_csm_idx) and only their impact rows joined with
   * customers. Filtered on the customers' csm_id instead, the plan joined each of the incident's
   * impact rows with its customer to keep the CSM's: 5,000 probes for 50 rows in each of an
   * incident's 100 DMs (22 ms each on the fan-out bench's data, 6 ms now).
   */
  private List<Impact> impacts(Connection c, String incidentId, String csmId) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        rankedImpacts("i.incident_id = ? AND i.customer_id = ANY (ARRAY(SELECT id FROM customers WHERE csm_id = ?))"))) {
      ps.setString(1, incidentId);
      ps.setString(2, csmId);
      return impactRows(ps);
    }
  }

  /** The incident's affected customers matching {@code condition}, ranked by impact level, ARR (highest first), segment and id. */
  private static String rankedImpacts(String condition) {
    return """
        SELECT i.customer_id, cu.name, cu.csm_id, i.impact_level, i.reason, cu.arr
        FROM incident_customer_impact i JOIN customers cu ON cu.id = i.customer_id
        WHERE %s
        ORDER BY CASE i.impact_level WHEN 'high' THEN 0 WHEN 'medium' THEN 1 ELSE 2 END, cu.arr DESC,
                 CASE lower(cu.segment) WHEN 'enterprise' THEN 0 WHEN 'mid-market' THEN 1 WHEN 'smb' THEN 2 ELSE 3 END,
                 i.customer_id""".formatted(condition);
  }

  /** Rows of (customer_id, name, csm_id, impact_level, reason, arr). */
  private static List<Impact> impactRows(PreparedStatement ps) throws SQLException {
    List<Impact> impacts = new ArrayList<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        impacts.add(new Impact(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
            rs.getBigDecimal(6)));
      }
    }
    return impacts;
  }

  /**
   * A customer is affected when it declared an affected component, or used one in the last 30 days,
   * and is in an affected region (when the incident names regions). With regions but no
   * components, every customer there is. Impact by affected-component uses per day: heavy is high,
   * regular (or declared) medium, light low. A customer whose impact is as stored is left alone: each
   * update of an incident assesses it again, and rewriting 5,000 unchanged rows (and telling every
   * CSM's open pages of it through the change feed) cost more than the assessment itself.
   */
  private static final String IMPACT_SQL = """
      WITH inc AS (SELECT id, affected_components AS comps, affected_regions AS regions FROM product_incidents WHERE id = ?),
      used AS (
        SELECT e.customer_id, e.feature_id, count(*)::float8 / 30 AS per_day
        FROM usage_events e, inc
        WHERE e.event_type = 'feature_used' AND e.feature_id = ANY(inc.comps) AND e.occurred_at >= now() - interval '30 days'
        GROUP BY e.customer_id, e.feature_id),
      candidates AS (
        SELECT c.id AS customer_id, c.region,
               ARRAY(SELECT x FROM unnest(c.components) x WHERE x = ANY(inc.comps) ORDER BY x) AS declared,
               coalesce(sum(u.per_day), 0) AS per_day,
               (array_agg(u.feature_id ORDER BY u.per_day DESC) FILTER (WHERE u.feature_id IS NOT NULL))[1] AS top,
               cardinality(inc.comps) = 0 AS region_only
        FROM customers c CROSS JOIN inc LEFT JOIN used u ON u.customer_id = c.id
        WHERE cardinality(inc.regions) = 0 OR c.region = ANY(inc.regions)
        GROUP BY c.id, c.region, c.components, inc.comps),
      affected AS (
        SELECT customer_id,
               CASE WHEN per_day >= ? THEN 'high'
                    WHEN per_day >= ? OR cardinality(declared) > 0 OR region_only THEN 'medium'
                    ELSE 'low' END AS level,
               CASE WHEN region_only THEN 'in affected region ' || region
                    WHEN per_day >= ? THEN (CASE WHEN per_day >= ? THEN 'heavy ' ELSE 'regular ' END) || top || ' user: '
                         || CASE WHEN per_day >= 1000 THEN round((per_day / 1000)::numeric, 1)::text || 'k' ELSE round(per_day::numeric)::text END
                         || ' uses/day'
                    WHEN cardinality(declared) > 0 THEN 'uses ' || array_to_string(declared, ', ') || ' (declared)'
                                                       || CASE WHEN per_day > 0 THEN ', light use recently' ELSE '' END
                    ELSE 'light ' || top || ' use: ' || round(per_day::numeric, 1)::text || ' uses/day' END AS reason
        FROM candidates
        WHERE region_only OR cardinality(declared) > 0 OR per_day > 0)
      INSERT INTO incident_customer_impact (incident_id, customer_id, impact_level, reason)
      SELECT ?, customer_id, level, reason FROM affected
      ON CONFLICT (incident_id, customer_id) DO UPDATE SET impact_level = EXCLUDED.impact_level, reason = EXCLUDED.reason
      WHERE (incident_customer_impact.impact_level, incident_customer_impact.reason)
            IS DISTINCT FROM (EXCLUDED.impact_level, EXCLUDED.reason)""";

  /**
   * An affected customer as listed: ranked by impact level, ARR (highest first), segment and id. The
   * {@code rank}, {@code arr} and {@code segmentRank} make the keyset of the next page.
   */
  public record RankedImpact(String customerId, String impactLevel, String reason, String outreachStatus, int rank,
      BigDecimal arr, int segmentRank) {}

  private static final String RANKED = """
      SELECT i.customer_id, i.impact_level, i.reason, i.outreach_status,
             CASE i.impact_level WHEN 'high' THEN 0 WHEN 'medium' THEN 1 ELSE 2 END AS rank, cu.arr,
             CASE lower(cu.segment) WHEN 'enterprise' THEN 0 WHEN 'mid-market' THEN 1 WHEN 'smb' THEN 2 ELSE 3 END AS segment_rank
      FROM incident_customer_impact i JOIN customers cu ON cu.id = i.customer_id
      WHERE i.incident_id = ? AND (CAST(? AS text[]) IS NULL OR cu.csm_id = ANY(CAST(? AS text[])))""";

  /**
   * A page of the incident's affected customers whose CSM is among {@code csmIds} (a text[] literal, or
   * null for all), in the ranking of {@link #impacts}: {@code limit} rows after the previous page's
   * last ({@code after}, or null for the first page). ARR is negated in the key so that one row
   * comparison follows the ranking.
   */
  public List<RankedImpact> impactPage(String incidentId, String csmIds, RankedImpact after, int limit) {
    return sql.inTransaction(c -> {
      List<RankedImpact> page = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement("SELECT * FROM (" + RANKED + ") r"
          + (after == null ? "" : " WHERE (r.rank, -r.arr, r.segment_rank, r.customer_id) > (?, ?, ?, ?)")
          + " ORDER BY r.rank, r.arr DESC, r.segment_rank, r.customer_id LIMIT ?")) {
        int i = 1;
        ps.setString(i++, incidentId);
        ps.setString(i++, csmIds);
        ps.setString(i++, csmIds);
        if (after != null) {
          ps.setInt(i++, after.rank());
          ps.setBigDecimal(i++, after.arr().negate());
          ps.setInt(i++, after.segmentRank());
          ps.setString(i++, after.customerId());
        }
        ps.setInt(i, limit);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            page.add(new RankedImpact(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getInt(5),
                rs.getBigDecimal(6), rs.getInt(7)));
          }
        }
      }
      return page;
    });
  }

  /** One affected customer of the incident, as {@link #impactPage} lists it. */
  public Optional<RankedImpact> impact(String incidentId, String customerId) {
    return sql.inTransaction(c -> {
      try (PreparedStatement ps = c.prepareStatement(RANKED + " AND i.customer_id = ?")) {
        ps.setString(1, incidentId);
        ps.setString(2, null);
        ps.setString(3, null);
        ps.setString(4, customerId);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? Optional.of(new RankedImpact(rs.getString(1), rs.getString(2), rs.getString(3),
              rs.getString(4), rs.getInt(5), rs.getBigDecimal(6), rs.getInt(7))) : Optional.empty();
        }
      }
    });
  }

  /** The ARR of every affected customer whose CSM is among {@code csmIds} (null: all), summed by the database. */
  public BigDecimal arrAtRisk(String incidentId, String csmIds) {
    return arrAtRisk(List.of(incidentId), csmIds).getOrDefault(incidentId, BigDecimal.ZERO);
  }

  /** {@link #arrAtRisk(String, String)} of each of {@code incidentIds} in one statement (absent: nothing at risk). */
  public Map<String, BigDecimal> arrAtRisk(List<String> incidentIds, String csmIds) {
    if (incidentIds.isEmpty()) {
      return Map.of();
    }
    return sql.inTransaction(c -> {
      try (PreparedStatement ps = c.prepareStatement("""
          SELECT i.incident_id, sum(cu.arr) FROM incident_customer_impact i JOIN customers cu ON cu.id = i.customer_id
          WHERE i.incident_id = ANY(CAST(? AS text[]))
            AND (CAST(? AS text[]) IS NULL OR cu.csm_id = ANY(CAST(? AS text[])))
          GROUP BY i.incident_id""")) {
        ps.setString(1, PgArrays.literal(incidentIds));
        ps.setString(2, csmIds);
        ps.setString(3, csmIds);
        Map<String, BigDecimal> atRisk = new java.util.HashMap<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            atRisk.put(rs.getString(1), rs.getBigDecimal(2) == null ? BigDecimal.ZERO : rs.getBigDecimal(2));
          }
        }
        return atRisk;
      }
    });
  }

  /** {@code listedAt}: when the incident started (else when it was recorded), its place in the list. */
  public record Summary(String id, String source, String externalId, String title, String severity, String status,
      Instant startedAt, Instant resolvedAt, long affectedCustomers, long highImpact, BigDecimal totalArrAtRisk,
      long outreachSent, long outreachResponded, Instant listedAt, List<String> affectedComponents) {}

  /**
   * Incidents, newest first, with their impact counts; {@code status} filters when given. A page of
   * {@code limit} after the previous page's last ({@code beforeAt}, {@code beforeId}; null for the
   * first), counted only for the incidents of the page.
   */
  public List<Summary> summaries(String status, Instant beforeAt, String beforeId, int limit) {
    return sql.inTransaction(c -> {
      List<Summary> summaries = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement("""
          WITH page AS (
            SELECT i.*, coalesce(i.started_at, i.created_at) AS listed_at FROM product_incidents i
            WHERE (CAST(? AS text) IS NULL OR i.status = ?)
              AND (CAST(? AS timestamptz) IS NULL OR (coalesce(i.started_at, i.created_at), i.id) < (CAST(? AS timestamptz), ?))
            ORDER BY coalesce(i.started_at, i.created_at) DESC, i.id DESC LIMIT ?)
          SELECT i.id, i.source, i.external_id, i.title, i.severity, i.status, i.started_at, i.resolved_at,
                 count(m.customer_id), count(m.customer_id) FILTER (WHERE m.impact_level = 'high'),
                 coalesce(sum(cu.arr), 0),
                 count(m.customer_id) FILTER (WHERE m.outreach_status IN ('sent', 'responded')),
                 count(m.customer_id) FILTER (WHERE m.outreach_status = 'responded'),
                 i.listed_at, i.affected_components
          FROM page i
          LEFT JOIN incident_customer_impact m ON m.incident_id = i.id
          LEFT JOIN customers cu ON cu.id = m.customer_id
          GROUP BY i.id, i.source, i.external_id, i.title, i.severity, i.status, i.started_at, i.resolved_at, i.listed_at,
                   i.affected_components
          ORDER BY i.listed_at DESC, i.id DESC""")) {
        Timestamp before = ts(beforeAt);
        ps.setString(1, status);
        ps.setString(2, status);
        ps.setTimestamp(3, before);
        ps.setTimestamp(4, before);
        ps.setString(5, beforeId);
        ps.setInt(6, limit);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            summaries.add(new Summary(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                rs.getString(5), rs.getString(6), instant(rs.getTimestamp(7)), instant(rs.getTimestamp(8)),
                rs.getLong(9), rs.getLong(10), rs.getBigDecimal(11), rs.getLong(12), rs.getLong(13),
                instant(rs.getTimestamp(14)), list(rs.getArray(15))));
          }
        }
      }
      return summaries;
    });
  }

  private static Instant instant(Timestamp ts) {
    return ts == null ? null : ts.toInstant();
  }

  private static Optional<Instant> lockIncident(Connection c, String id) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT last_event_at FROM product_incidents WHERE id = ? FOR UPDATE")) {
      ps.setString(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(rs.getTimestamp(1).toInstant()) : Optional.empty();
      }
    }
  }

  private static Optional<String[]> seenUpdate(Connection c, String id, String key) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT run_id, outcome FROM incident_updates WHERE incident_id = ? AND update_key = ?")) {
      ps.setString(1, id);
      ps.setString(2, key);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(new String[] {rs.getString(1), rs.getString(2)}) : Optional.empty();
      }
    }
  }

  private static void insertIncident(Connection c, Update u) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("""
        INSERT INTO product_incidents (id, source, external_id, title, description, severity, status, affected_components,
          affected_regions, started_at, resolved_at, status_page_url, workflow_id, last_event_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
      ps.setString(1, u.incidentId());
      ps.setString(2, u.source());
      ps.setString(3, u.externalId());
      ps.setString(4, u.title() == null ? u.source() + " incident " + u.externalId() : u.title());
      ps.setString(5, u.description());
      ps.setString(6, u.severity() == null ? IncidentSeverity.UNKNOWN.name() : u.severity());
      ps.setString(7, u.status() == null ? "investigating" : u.status());
      ps.setArray(8, c.createArrayOf("text", distinct(u.components())));
      ps.setArray(9, c.createArrayOf("text", distinct(u.regions())));
      ps.setTimestamp(10, ts(u.startedAt() != null ? u.startedAt() : u.occurredAt()));
      ps.setTimestamp(11, "resolved".equals(u.status()) ? ts(u.resolvedAt() != null ? u.resolvedAt() : u.occurredAt()) : null);
      ps.setString(12, u.statusPageUrl());
      ps.setString(13, u.workflowId());
      ps.setTimestamp(14, ts(u.occurredAt()));
      ps.executeUpdate();
    }
  }

  /** Components and regions accumulate: once affected, a component stays part of the incident's impact. */
  private static void updateIncident(Connection c, Update u) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("""
        UPDATE product_incidents SET
          title = coalesce(?, title), description = coalesce(?, description), severity = coalesce(?, severity),
          status = coalesce(?, status),
          affected_components = ARRAY(SELECT DISTINCT x FROM unnest(affected_components || ?) x ORDER BY x),
          affected_regions = ARRAY(SELECT DISTINCT x FROM unnest(affected_regions || ?) x ORDER BY x),
          resolved_at = ?, status_page_url = coalesce(?, status_page_url), last_event_at = ?, updated_at = now()
        WHERE id = ?""")) {
      ps.setString(1, u.title());
      ps.setString(2, u.description());
      ps.setString(3, u.severity());
      ps.setString(4, u.status());
      ps.setArray(5, c.createArrayOf("text", distinct(u.components())));
      ps.setArray(6, c.createArrayOf("text", distinct(u.regions())));
      ps.setTimestamp(7, resolvedAt(c, u));
      ps.setString(8, u.statusPageUrl());
      ps.setTimestamp(9, ts(u.occurredAt()));
      ps.setString(10, u.incidentId());
      ps.executeUpdate();
    }
  }

  /** A resolution sets resolved_at, a reopening clears it, an update that says nothing of status keeps it. */
  private static Timestamp resolvedAt(Connection c, Update u) throws SQLException {
    if ("resolved".equals(u.status())) {
      return ts(u.resolvedAt() != null ? u.resolvedAt() : u.occurredAt());
    }
    if (u.status() != null) {
      return null;
    }
    try (PreparedStatement ps = c.prepareStatement("SELECT resolved_at FROM product_incidents WHERE id = ?")) {
      ps.setString(1, u.incidentId());
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getTimestamp(1) : null;
      }
    }
  }

  private static void recordUpdate(Connection c, Update u, String runId, String outcome) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "INSERT INTO incident_updates (incident_id, update_key, run_id, outcome) VALUES (?, ?, ?, ?)")) {
      ps.setString(1, u.incidentId());
      ps.setString(2, u.updateKey());
      ps.setString(3, runId);
      ps.setString(4, outcome);
      ps.executeUpdate();
    }
  }

  private static Snapshot snapshot(Connection c, String id) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT title, severity, status, affected_components, affected_regions FROM product_incidents WHERE id = ?")) {
      ps.setString(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return null;
        }
        return new Snapshot(id, rs.getString(1), rs.getString(2), rs.getString(3), list(rs.getArray(4)), list(rs.getArray(5)));
      }
    }
  }

  private static List<String> list(Array array) throws SQLException {
    return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
  }

  private static Object[] distinct(List<String> values) {
    Set<String> set = new LinkedHashSet<>(values == null ? List.of() : values);
    return set.toArray();
  }

  private static Timestamp ts(Instant instant) {
    return instant == null ? null : Timestamp.from(instant);
  }
}
