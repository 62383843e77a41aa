package io.vigil.infra.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** A block read from the array wire format lands on the window's days where its elements belong. */
class UsageWindowsWireTest {

  @Test
  void givenABlockStartingBeforeTheWindowWithANull_eachElementLandsOnItsDay() {
    Integer[] block = new Integer[28];
    for (int e = 0; e < block.length; e++) {
      block[e] = e == 9 ? null : 100 + e;
    }
    for (int offset : new int[] {-12, -1, 0, 5, 27, 30}) {
      int[] fromWire = window();
      int[] fromBoxed = window();

      UsageWindows.copyInto(wire(block, 1), fromWire, offset);
      boxed(block, fromBoxed, offset);

      assertThat(fromWire).as("offset %d", offset).containsExactly(fromBoxed);
    }
    int[] cut = window();
    UsageWindows.copyInto(wire(block, 1), cut, -12);
    assertThat(cut[0]).isEqualTo(112);
    assertThat(cut[15]).isEqualTo(127);
    assertThat(cut[16]).isEqualTo(RollupWindow.NO_ROLLUP);
  }

  @Test
  void givenALowerBoundOtherThanOne_theElementsAreShiftedByIt() {
    int[] into = window();

    UsageWindows.copyInto(wire(new Integer[] {7, 8}, 3), into, 0);

    assertThat(into[2]).isEqualTo(7);
    assertThat(into[3]).isEqualTo(8);
    assertThat(into[0]).isEqualTo(RollupWindow.NO_ROLLUP);
  }

  @Test
  void givenAnEmptyArray_nothingIsFilled() {
    int[] into = window();

    UsageWindows.copyInto(ByteBuffer.wrap(new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 23}), into, 0);

    assertThat(into).containsOnly(RollupWindow.NO_ROLLUP);
  }

  @Test
  void givenSeveralArraysOneAfterTheOther_eachIsReadInTurn() {
    ByteBuffer wire = ByteBuffer.allocate(300);
    wire.put(wire(new Integer[] {1, 2}, 1)).put(ByteBuffer.wrap(new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 23}))
        .put(wire(new Integer[] {null, 4}, 1)).flip();
    int[] first = window();
    int[] empty = window();
    int[] third = window();

    UsageWindows.copyInto(wire, first, 0);
    UsageWindows.copyInto(wire, empty, 0);
    UsageWindows.copyInto(wire, third, 0);

    assertThat(first[0]).isEqualTo(1);
    assertThat(first[1]).isEqualTo(2);
    assertThat(empty).containsOnly(RollupWindow.NO_ROLLUP);
    assertThat(third[0]).isEqualTo(RollupWindow.NO_ROLLUP);
    assertThat(third[1]).isEqualTo(4);
    assertThat(wire.hasRemaining()).isFalse();
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

  /** PostgreSQL's binary send of a one-dimensional int4[] (array_send). */
  private static ByteBuffer wire(Integer[] elements, int lowerBound) {
    ByteBuffer out = ByteBuffer.allocate(20 + elements.length * 8);
    out.putInt(1).putInt(Arrays.asList(elements).contains(null) ? 1 : 0).putInt(23);
    out.putInt(elements.length).putInt(lowerBound);
    for (Integer e : elements) {
      if (e == null) {
        out.putInt(-1);
      } else {
        out.putInt(4).putInt(e);
      }
    }
    out.flip();
    return out;
  }
}
