package dev.mmsearch.query;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class FusionTest {

  @Test
  void reciprocalRankIgnoresScoresAndUsesRanks() {
    // w = 0.5: 0.5/61 = 0.0081967, 0.5/62 = 0.0080645, 0.5/63 = 0.0079365
    assertArrayEquals(new double[] {0.5 / 61, 0.5 / 62, 0.5 / 63},
        Fusion.RRF.contributions(List.of(0.9, 0.2, 0.1), 0.5), 1e-12);
    // Negative weights subtract: -1/61.
    assertEquals(-1.0 / 61, Fusion.RRF.contributions(List.of(12.0), -1)[0], 1e-12);
  }

  @Test
  void scoreFusionScalesEachListToUnitRange() {
    // min 0.2, max 0.8: (0.8-0.2)/0.6 = 1, (0.5-0.2)/0.6 = 0.5, 0; times w = 2.
    assertArrayEquals(new double[] {2.0, 1.0, 0.0}, Fusion.SCORE.contributions(List.of(0.8, 0.5, 0.2), 2), 1e-12);
    // A single hit (or all equal) counts fully.
    assertArrayEquals(new double[] {0.3}, Fusion.SCORE.contributions(List.of(7.0), 0.3), 1e-12);
  }

  @Test
  void namesParse() {
    assertEquals(Fusion.SCORE, Fusion.fromString("Score"));
    assertEquals("Unknown fusion 'borda' (known: rrf, score)",
        assertThrows(IllegalArgumentException.class, () -> Fusion.fromString("borda")).getMessage());
  }
}
