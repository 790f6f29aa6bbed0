package dev.mmsearch.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class FusionTest {

  @Test
  void reciprocalRankIgnoresScoresAndUsesRanks() {
    // w = 0.5: 0.5/61 = 0.0081967, 0.5/62 = 0.0080645, whatever the evidence.
    assertEquals(0.5 / 61, Fusion.RRF.contribution(1, 9.0, 0.5), 1e-12);
    assertEquals(0.5 / 62, Fusion.RRF.contribution(2, 0.0, 0.5), 1e-12);
    // Negative weights subtract: -1/61.
    assertEquals(-1.0 / 61, Fusion.RRF.contribution(1, 12.0, -1), 1e-12);
  }

  @Test
  void scoreFusionWeighsCalibratedEvidenceNotRanks() {
    // Evidence 2.5 in a part of weight 2 adds 5, at any rank; a negative weight subtracts.
    assertEquals(5.0, Fusion.SCORE.contribution(1, 2.5, 2), 1e-12);
    assertEquals(5.0, Fusion.SCORE.contribution(40, 2.5, 2), 1e-12);
    assertEquals(-0.3, Fusion.SCORE.contribution(1, 0.3, -1), 1e-12);
  }

  @Test
  void namesParse() {
    assertEquals(Fusion.SCORE, Fusion.fromString("Score"));
    assertEquals("Unknown fusion 'borda' (known: rrf, score)",
        assertThrows(IllegalArgumentException.class, () -> Fusion.fromString("borda")).getMessage());
  }
}
