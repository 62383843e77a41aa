package io.vigil.infra.persistence;

import java.nio.ByteBuffer;
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
import org.postgresql.PGResultSetMetaData;

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
   * The windows covering [{@code from}, {@code to}] of the customers in {@code scope}: each block
   * whole, in binary (formatting and parsing the elements as text was most of the read), cut to the
   * window here.
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
    Map<String, int[][]> usage = new HashMap<>(accounts.size() * 2);
    readBlocks(connection, "customer_id, dau, wau, mau, login_users, login_wau FROM usage_windows", 3, scope, from, to,
        (rs, wire, offset) -> {
          int[][] arrays = usage.computeIfAbsent(rs.getString(2), id -> empty(METRICS, days));
          for (int m = 0; m < METRICS; m++) {
            copyInto(rs, 3 + m, wire, arrays[m], offset);
          }
        });
    Map<String, TreeMap<String, int[]>> features = new HashMap<>(accounts.size() * 2);
    readBlocks(connection, "customer_id, feature_id, uses FROM feature_usage_windows", 4, scope, from, to,
        (rs, wire, offset) -> {
          int[] uses = features.computeIfAbsent(rs.getString(2), id -> new TreeMap<>())
              .computeIfAbsent(rs.getString(3), f -> empty(1, days)[0]);
          copyInto(rs, 4, wire, uses, offset);
        });
    return new Read(accounts, from, days, usage, features);
  }

  /** One block of a windows table, its first day at {@code offset} of the window. */
  private interface BlockRow {
    void read(ResultSet rs, boolean wire, int offset) throws SQLException;
  }

  /**
   * {@code SELECT block_start, <columns>} of the scope's blocks that hold a day of [{@code from},
   * {@code to}], each handed to {@code row}; {@code firstArray}: the column of its first array.
   */
  private static void readBlocks(Connection connection, String columns, int firstArray, CustomerScope scope,
      LocalDate from, LocalDate to, BlockRow row) throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement(
        "SELECT block_start, " + columns + " WHERE block_start BETWEEN ? AND ?" + scope.and("customer_id"))) {
      binary(ps);
      ps.setDate(1, Date.valueOf(block(from)));
      ps.setDate(2, Date.valueOf(to));
      scope.bind(connection, ps, 3);
      ps.setFetchSize(FETCH_SIZE);
      try (ResultSet rs = ps.executeQuery()) {
        boolean wire = wireFormat(rs, firstArray);
        while (rs.next()) {
          row.read(rs, wire, (int) ChronoUnit.DAYS.between(from, rs.getDate(1).toLocalDate()));
        }
      }
    }
  }

  /**
   * The statement's results in binary from its first run (the driver's default waits for the fifth):
   * integer arrays then come as 4-byte elements, neither formatted by the server nor parsed here.
   */
  private static void binary(PreparedStatement ps) throws SQLException {
    ps.unwrap(org.postgresql.PGStatement.class).setPrepareThreshold(-1);
  }

  /**
   * The days of the block in column {@code column} that fall in the window into {@code into}, the
   * block's first day at {@code offset} of it (negative when the block starts before the window); NULL
   * stays NO_ROLLUP. Whole blocks come as the server stores them and are cut here: slicing and joining
   * the arrays in the statement cost the server more than the elements it saved sending. In binary
   * ({@code wire}) the column is read as PostgreSQL's array wire format, without the driver boxing
   * every element.
   */
  static void copyInto(ResultSet rs, int column, boolean wire, int[] into, int offset) throws SQLException {
    if (wire) {
      copyInto(ByteBuffer.wrap(rs.getBytes(column)), into, offset);
    } else {
      copyInto((Integer[]) rs.getArray(column).getArray(), into, offset);
    }
  }

  /** Whether the column's values come in binary (they do from the first run: {@link #binary}). */
  private static boolean wireFormat(ResultSet rs, int column) throws SQLException {
    return rs.getMetaData().unwrap(PGResultSetMetaData.class).getFormat(column) == BINARY;
  }

  /** An int4[] in the wire format: dimensions, a null flag, the element type, then per dimension its length and lower bound, then each element as its length (-1: NULL) and value. */
  static void copyInto(ByteBuffer array, int[] into, int offset) {
    if (array.getInt() == 0) {
      return; // no dimensions: an empty array
    }
    array.getInt(); // whether it holds NULLs
    array.getInt(); // the element type
    int length = array.getInt();
    int first = offset + array.getInt() - 1; // where element 1 of the block lands
    for (int e = 0; e < length; e++) {
      int size = array.getInt();
      if (size < 0) {
        continue;
      }
      int value = array.getInt();
      int day = first + e;
      if (day >= 0 && day < into.length) {
        into[day] = value;
      }
    }
  }

  static void copyInto(Integer[] elements, int[] into, int offset) {
    for (int e = 0; e < elements.length; e++) {
      int day = offset + e;
      if (elements[e] != null && day >= 0 && day < into.length) {
        into[day] = elements[e];
      }
    }
  }

  private static final int BINARY = 1;

  private static int[][] empty(int arrays, int days) {
    int[][] empty = new int[arrays][days];
    for (int[] a : empty) {
      Arrays.fill(a, RollupWindow.NO_ROLLUP);
    }
    return empty;
  }
}
