package io.vigil.infra.persistence;

import java.sql.Array;
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

  private UsageWindows() {}

  /** The scope's customers in id order, and their windows (empty for a customer without rollups). */
  record Read(List<DropArithmetic.Account> accounts, LocalDate start, int days, Map<String, int[][]> usage,
      Map<String, TreeMap<String, int[]>> features) {

    RollupWindow window(String customerId) {
      int[][] arrays = usage.get(customerId);
      if (arrays == null) {
        arrays = empty(5, days);
      }
      TreeMap<String, int[]> uses = features.get(customerId);
      return new RollupWindow(start, arrays[0], arrays[1], arrays[2], arrays[3], arrays[4],
          uses == null ? new TreeMap<>() : uses);
    }
  }

  static LocalDate block(LocalDate day) {
    return day.minusDays(Math.floorMod(ChronoUnit.DAYS.between(EPOCH, day), BLOCK_DAYS));
  }

  /** The windows covering [{@code from}, {@code to}] of the customers in {@code scope}. */
  static Read read(Connection connection, CustomerScope scope, LocalDate from, LocalDate to) throws SQLException {
    LocalDate first = block(from);
    LocalDate last = block(to);
    int days = (int) ChronoUnit.DAYS.between(first, last) + BLOCK_DAYS;
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
    Map<String, int[][]> usage = new HashMap<>(accounts.size() * 2);
    try (PreparedStatement ps = connection.prepareStatement(
        "SELECT block_start, customer_id, dau, wau, mau, login_users, login_wau FROM usage_windows"
            + " WHERE block_start BETWEEN ? AND ?" + scope.and("customer_id"))) {
      ps.setDate(1, Date.valueOf(first));
      ps.setDate(2, Date.valueOf(last));
      scope.bind(connection, ps, 3);
      ps.setFetchSize(FETCH_SIZE);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          int offset = (int) ChronoUnit.DAYS.between(first, rs.getDate(1).toLocalDate());
          int[][] arrays = usage.computeIfAbsent(rs.getString(2), id -> empty(5, days));
          for (int a = 0; a < 5; a++) {
            copy(rs.getArray(3 + a), arrays[a], offset);
          }
        }
      }
    }
    Map<String, TreeMap<String, int[]>> features = new HashMap<>(accounts.size() * 2);
    try (PreparedStatement ps = connection.prepareStatement(
        "SELECT block_start, customer_id, feature_id, uses FROM feature_usage_windows"
            + " WHERE block_start BETWEEN ? AND ?" + scope.and("customer_id"))) {
      ps.setDate(1, Date.valueOf(first));
      ps.setDate(2, Date.valueOf(last));
      scope.bind(connection, ps, 3);
      ps.setFetchSize(FETCH_SIZE);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          int offset = (int) ChronoUnit.DAYS.between(first, rs.getDate(1).toLocalDate());
          int[] uses = features.computeIfAbsent(rs.getString(2), id -> new TreeMap<>())
              .computeIfAbsent(rs.getString(3), f -> empty(1, days)[0]);
          copy(rs.getArray(4), uses, offset);
        }
      }
    }
    return new Read(accounts, first, days, usage, features);
  }

  /** A block's elements into the window from {@code offset}; a NULL element stays {@link RollupWindow#NO_ROLLUP}. */
  private static void copy(Array block, int[] into, int offset) throws SQLException {
    Integer[] values = (Integer[]) block.getArray();
    for (int i = 0; i < values.length; i++) {
      if (values[i] != null) {
        into[offset + i] = values[i];
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
