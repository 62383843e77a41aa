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

/**
 * Reads the detection's windows (migrations V360, V395: {@code usage_windows}, {@code feature_usage_windows},
 * the rollups in blocks of 28 days, each day 4 bytes) of a scope's customers over a run of days: the blocks the
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
   * whole, as its bytes ({@link #readBlocks}), cut to the window here.
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
    readBlocks(connection, "customer_id, dau, wau, mau, login_users, login_wau FROM usage_windows", scope, from, to,
        (rs, offset) -> {
          int[][] arrays = usage.computeIfAbsent(rs.getString(2), id -> empty(METRICS, days));
          for (int m = 0; m < METRICS; m++) {
            copyInto(ByteBuffer.wrap(rs.getBytes(3 + m)), arrays[m], offset);
          }
        });
    Map<String, TreeMap<String, int[]>> features = new HashMap<>(accounts.size() * 2);
    readBlocks(connection, "customer_id, feature_id, uses FROM feature_usage_windows", scope, from, to,
        (rs, offset) -> {
          int[] uses = features.computeIfAbsent(rs.getString(2), id -> new TreeMap<>())
              .computeIfAbsent(rs.getString(3), f -> empty(1, days)[0]);
          copyInto(ByteBuffer.wrap(rs.getBytes(4)), uses, offset);
        });
    return new Read(accounts, from, days, usage, features);
  }

  /** One block of a windows table, its first day at {@code offset} of the window. */
  private interface BlockRow {
    void read(ResultSet rs, int offset) throws SQLException;
  }

  /**
   * {@code SELECT <the block's first day's offset from from>, <columns>} of the scope's blocks that
   * hold a day of [{@code from}, {@code to}], each handed to {@code row}. Blocks are bytea (V395), which
   * the server sends as stored: as int4[] it formatted every element at every read, most of its share.
   */
  private static void readBlocks(Connection connection, String columns, CustomerScope scope, LocalDate from,
      LocalDate to, BlockRow row) throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement(
        "SELECT block_start - CAST(? AS date), " + columns + " WHERE block_start BETWEEN ? AND ?" + scope.and("customer_id"))) {
      binary(ps);
      ps.setDate(1, Date.valueOf(from));
      ps.setDate(2, Date.valueOf(block(from)));
      ps.setDate(3, Date.valueOf(to));
      scope.bind(connection, ps, 4);
      ps.setFetchSize(FETCH_SIZE);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          row.read(rs, rs.getInt(1)); // the block's offset in days, worked out by the server (a date per row cost a calendar)
        }
      }
    }
  }

  /**
   * The statement's results in binary from its first run (the driver's default waits for the fifth):
   * the blocks' bytes come as stored, not hex-encoded by the server and decoded by the driver.
   */
  private static void binary(PreparedStatement ps) throws SQLException {
    ps.unwrap(org.postgresql.PGStatement.class).setPrepareThreshold(-1);
  }

  /**
   * A block (V395: 28 days of a 4-byte big-endian integer each, -1 without a rollup, which is
   * NO_ROLLUP) into {@code into}, its first day at {@code offset} of it (negative when the block
   * starts before the window); days outside {@code into} are skipped.
   */
  static void copyInto(ByteBuffer block, int[] into, int offset) {
    int blockDays = block.remaining() / Integer.BYTES;
    int first = Math.max(0, -offset);
    int last = Math.min(blockDays, into.length - offset);
    for (int e = first; e < last; e++) {
      into[offset + e] = block.getInt(e * Integer.BYTES);
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
