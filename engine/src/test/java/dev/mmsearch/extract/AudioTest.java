package dev.mmsearch.extract;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class AudioTest {

  /** Ten samples at 10 Hz, of which the first eight are kept: sample i is i. */
  private final Audio audio = new Audio(new float[] {0, 1, 2, 3, 4, 5, 6, 7}, 10, 10);

  @Test
  void aSliceIsTheSamplesOfATimeRange() {
    assertArrayEquals(new float[] {2, 3, 4}, audio.slice(0.2, 0.5));
    assertArrayEquals(new float[] {0}, audio.slice(0, 0.1));
    assertArrayEquals(new float[0], audio.slice(0.3, 0.3));
  }

  @Test
  void aSliceStopsAtTheSamplesKept() {
    assertArrayEquals(new float[] {6, 7}, audio.slice(0.6, 1.0));
    assertArrayEquals(new float[0], audio.slice(0.9, 2));
    assertEquals(1.0, audio.seconds());
  }

  @Test
  void aSliceIsACopy() {
    float[] s = audio.slice(0, 0.2);
    s[0] = 42;
    assertEquals(0, audio.samples()[0]);
  }

  @Test
  void aBackwardRangeIsRefused() {
    assertEquals("slice needs 0 <= start <= end, got: [0.5, 0.2)",
        assertThrows(IllegalArgumentException.class, () -> audio.slice(0.5, 0.2)).getMessage());
    assertThrows(IllegalArgumentException.class, () -> audio.slice(-1, 0.2));
  }
}
