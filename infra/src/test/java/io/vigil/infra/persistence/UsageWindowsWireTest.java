package io.vigil.infra.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** A block read from the array wire format lands where the driver's boxed elements would. */
class UsageWindowsWireTest {

  @Test
  void givenABlockStartingBeforeTheWindowWithANull_theWireFormatAndTheBoxedElementsFillTheSameDays() {
    Integer[] block = new Integer[28];
    for (int e = 0; e < block.length; e++) {
      block[e] = e == 9 ? null : 100 + e;
    }
    for (int offset : new int[] {-12, -1, 0, 5, 27, 30}) {
      int[] fromWire = window();
      int[] fromBoxed = window();

      UsageWindows.copyInto(wire(block, 1), fromWire, offset);
      UsageWindows.copyInto(block, fromBoxed, offset);

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
