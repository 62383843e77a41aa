package io.vigil.infra.persistence;

import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads the detection's windows (migration V360: {@code usage_windows}, {@code feature_usage_windows},
 * the rollups as arrays of 28-day blocks) of a scope's customers over a run of days: the blocks the
 * days fall in, joined end to end into one {@link RollupWindow} per customer.
 */
final class UsageWindows {
  /** Monday 2024-01-01, where the blocks are aligned (V360's usage_window_block). */
  private static final LocalDate EPOCH = LocalDate.of(2024, 1, 1);
  private static final int BLOCK_DAYS = 28;
  private static final int FETCH_SIZE = 10_000;
  /** dau, wau, mau, login_users, login_wau. */
  private static final int METRICS = 5;

  private UsageWindows() {}

  /** The scope's customers in id order, and their windows over [from, to] (all NO_ROLLUP for a customer without rollups). */
  record Read(List<DropArithmetic.Account> accounts, LocalDate start, int days, Map<String, int[][]> usage,
      Map<String, TreeMap<String, int[]>> features) {

    RollupWindow window(String customerId) {
      int[][] arrays = usage.get(customerId);
      if (arrays == null) {
        arrays = empty(METRICS, days);
      }
      TreeMap<String, int[]> uses = features.get(customerId);
      return new RollupWindow(start, arrays[0], arrays[1], arrays[2], arrays[3], arrays[4],
          uses == null ? new TreeMap<>() : uses);
    }
  }

  static LocalDate block(LocalDate day) {
    return day.minusDays(Math.floorMod(ChronoUnit.DAYS.between(EPOCH, day), BLOCK_DAYS));
  }

  /**
   * The windows covering [{@code from}, {@code to}] of the customers in {@code scope}. Each block
   * comes sliced to the days wanted and its five arrays concatenated, in binary: formatting and
   * parsing the elements as text was most of the read.
   */
  static Read read(Connection connection, CustomerScope scope, LocalDate from, LocalDate to) throws SQLException {
    int days = (int) ChronoUnit.DAYS.between(from, to) + 1;
    List<DropArithmetic.Account> accounts = new ArrayList<>();
    try (PreparedStatement ps = connection.prepareStatement(
        "SELECT id, name, csm_id, segment, arr FROM customers WHERE true" + scope.and("id") + " ORDER BY id")) {
      scope.bind(connection, ps, 1);
      ps.setFetchSize(FETCH_SIZE);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          accounts.add(new DropArithmetic.Account(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
              rs.getBigDecimal(5)));
        }
      }
    }
    // lo..hi: the elements of a block inside [from, to] (1-based); a block's first day is at offset 0 of it
    String slice = "[greatest(1, CAST(? AS date) - block_start + 1):least(28, CAST(? AS date) - block_start + 1)]";
    Map<String, int[][]> usage = new HashMap<>(accounts.size() * 2);
    try (PreparedStatement ps = connection.prepareStatement(
        "SELECT block_start, customer_id, dau%1$s || wau%1$s || mau%1$s || login_users%1$s || login_wau%1$s"
            .formatted(slice) + " FROM usage_windows WHERE block_start BETWEEN ? AND ?" + scope.and("customer_id"))) {
      binary(ps);
      int i = bindSlice(ps, 1, from, to, METRICS);
      ps.setDate(i++, Date.valueOf(block(from)));
      ps.setDate(i++, Date.valueOf(to));
      scope.bind(connection, ps, i);
      ps.setFetchSize(FETCH_SIZE);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          LocalDate blockStart = rs.getDate(1).toLocalDate();
          int first = (int) Math.max(0, ChronoUnit.DAYS.between(from, blockStart));
          int[][] arrays = usage.computeIfAbsent(rs.getString(2), id -> empty(METRICS, days));
          copyInto((Integer[]) rs.getArray(3).getArray(), arrays, first);
        }
      }
    }
    Map<String, TreeMap<String, int[]>> features = new HashMap<>(accounts.size() * 2);
    try (PreparedStatement ps = connection.prepareStatement(
        "SELECT block_start, customer_id, feature_id, uses%s".formatted(slice)
            + " FROM feature_usage_windows WHERE block_start BETWEEN ? AND ?" + scope.and("customer_id"))) {
      binary(ps);
      int i = bindSlice(ps, 1, from, to, 1);
      ps.setDate(i++, Date.valueOf(block(from)));
      ps.setDate(i++, Date.valueOf(to));
      scope.bind(connection, ps, i);
      ps.setFetchSize(FETCH_SIZE);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          LocalDate blockStart = rs.getDate(1).toLocalDate();
          int first = (int) Math.max(0, ChronoUnit.DAYS.between(from, blockStart));
          int[] uses = features.computeIfAbsent(rs.getString(2), id -> new TreeMap<>())
              .computeIfAbsent(rs.getString(3), f -> empty(1, days)[0]);
          copyInto((Integer[]) rs.getArray(4).getArray(), new int[][] {uses}, first);
        }
      }
    }
    return new Read(accounts, from, days, usage, features);
  }

  private static int bindSlice(PreparedStatement ps, int index, LocalDate from, LocalDate to, int arrays)
      throws SQLException {
    int i = index;
    for (int a = 0; a < arrays; a++) {
      ps.setDate(i++, Date.valueOf(from));
      ps.setDate(i++, Date.valueOf(to));
    }
    return i;
  }

  /**
   * The statement's results in binary from its first run (the driver's default waits for the fifth):
   * integer arrays then come as 4-byte elements, neither formatted by the server nor parsed here.
   */
  private static void binary(PreparedStatement ps) throws SQLException {
    ps.unwrap(org.postgresql.PGStatement.class).setPrepareThreshold(-1);
  }

  /** The arrays of {@code into} one after the other in {@code elements}, from {@code offset} on; NULL stays NO_ROLLUP. */
  static void copyInto(Integer[] elements, int[][] into, int offset) {
    int perArray = elements.length / into.length;
    for (int e = 0; e < elements.length; e++) {
      if (elements[e] != null) {
        into[e / perArray][offset + e % perArray] = elements[e];
      }
    }
  }

  private static int[][] empty(int arrays, int days) {
    int[][] empty = new int[arrays][days];
    for (int[] a : empty) {
      Arrays.fill(a, RollupWindow.NO_ROLLUP);
    }
    return empty;
  }
}
