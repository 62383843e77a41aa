package io.vigil.infra.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** A block read from its bytes (V395: 28 big-endian int4, -1 without a rollup) lands on the window's days where its elements belong. */
class UsageWindowsWireTest {

  @Test
  void givenABlockStartingBeforeTheWindowWithADayMissing_eachDayLandsWhereItBelongs() {
    Integer[] block = new Integer[28];
    for (int e = 0; e < block.length; e++) {
      block[e] = e == 9 ? null : 100 + e;
    }
    for (int offset : new int[] {-30, -28, -27, -12, -1, 0, 5, 27, 30, 35, 40}) {
      int[] fromBytes = window();
      int[] expected = window();

      UsageWindows.copyInto(bytes(block), fromBytes, offset);
      boxed(block, expected, offset);

      assertThat(fromBytes).as("offset %d", offset).containsExactly(expected);
    }
    int[] cut = window();
    UsageWindows.copyInto(bytes(block), cut, -12);
    assertThat(cut[0]).isEqualTo(112);
    assertThat(cut[15]).isEqualTo(127);
    assertThat(cut[16]).isEqualTo(RollupWindow.NO_ROLLUP);
    int[] missing = window();
    UsageWindows.copyInto(bytes(block), missing, 0);
    assertThat(missing[9]).isEqualTo(RollupWindow.NO_ROLLUP);
    assertThat(missing[10]).isEqualTo(110);
  }

  @Test
  void givenLargeCounts_theyAreReadBigEndian() {
    Integer[] block = new Integer[28];
    Arrays.fill(block, 0);
    block[0] = 70_000;
    block[1] = Integer.MAX_VALUE;
    int[] into = window();

    UsageWindows.copyInto(bytes(block), into, 0);

    assertThat(into[0]).isEqualTo(70_000);
    assertThat(into[1]).isEqualTo(Integer.MAX_VALUE);
    assertThat(into[2]).isZero();
  }

  /** The reference: element e of the block on day offset + e, where that day is in the window. */
  private static void boxed(Integer[] elements, int[] into, int offset) {
    for (int e = 0; e < elements.length; e++) {
      int day = offset + e;
      if (elements[e] != null && day >= 0 && day < into.length) {
        into[day] = elements[e];
      }
    }
  }

  private static int[] window() {
    int[] days = new int[35];
    Arrays.fill(days, RollupWindow.NO_ROLLUP);
    return days;
  }

  /** A block as V395 stores it: each day int4send(coalesce(v, -1)). */
  private static ByteBuffer bytes(Integer[] days) {
    ByteBuffer out = ByteBuffer.allocate(days.length * 4);
    for (Integer day : days) {
      out.putInt(day == null ? -1 : day);
    }
    out.flip();
    return out;
  }
}
