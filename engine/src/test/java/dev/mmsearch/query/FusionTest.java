package dev.mmsearch.query;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** What each of one item's entries adds, worked out by hand. */
class FusionTest {

  private static double softplus(double x) {
    return Math.log1p(Math.exp(x));
  }

  private static Fusion.Entry entry(String group, int rank, double evidence, double weight) {
    return new Fusion.Entry(group, rank, evidence, weight, true, 1);
  }

  @Test
  void reciprocalRankSumsEveryListAndIgnoresScores() {
    // w = 0.5: 0.5/61 + 0.5/62, whatever the evidence and groups; a negative weight subtracts.
    assertArrayEquals(new double[] {0.5 / 61, 0.5 / 62, -1.0 / 61},
        Fusion.RRF.contributions(List.of(entry("0:text", 1, 9, 0.5), entry("0:text", 2, -4, 0.5), entry("1:image", 1, 3, -1))),
        1e-12);
  }

  @Test
  void evidenceAboveChanceAddsUpAcrossGroupsAndCountsOnceWithinOne() {
    // Caption (two lists about it: the stronger, 4.0, counts) and picture (1.5) agree: 4.0 + 1.5,
    // plus the larger of the two groups' below-chance remainders, softplus(1.5) - 1.5 = 0.2014.
    double[] c = Fusion.SCORE.contributions(List.of(entry("0:text", 1, 4.0, 1), entry("0:text", 3, 3.0, 1),
        entry("0:image", 2, 1.5, 1)));
    assertEquals(4.0 + (softplus(4.0) - 4.0 > softplus(1.5) - 1.5 ? softplus(4.0) - 4.0 : 0), c[0], 1e-12);
    assertEquals(0, c[1], 1e-12, "a second list about the caption adds nothing");
    assertEquals(1.5 + softplus(1.5) - 1.5, c[2], 1e-12);
  }

  @Test
  void belowChanceOnlyTheBestGroupCountsAndAGroupWithoutSignalCountsByThePrior() {
    // Three weak coincidences (-1, -2, -3 nats) do not add up: only softplus(-1) = 0.3133 counts.
    double[] weak = Fusion.SCORE.contributions(List.of(entry("0:text", 5, -1, 1), entry("0:image", 9, -2, 1),
        entry("0:name", 4, -3, 1)));
    assertArrayEquals(new double[] {softplus(-1), 0, 0}, weak, 1e-12);
    // A group without signal gives only its share of the prior: 0.25 * softplus(0.5).
    double[] unseen = Fusion.SCORE.contributions(List.of(new Fusion.Entry("0:audio", 1, 0.5, 1, false, 0.25)));
    assertArrayEquals(new double[] {0.25 * softplus(0.5)}, unseen, 1e-12);
    // A negative weight subtracts the gain of each group, one without signal by its prior.
    double[] pushed = Fusion.SCORE.contributions(List.of(entry("1:image", 1, 2.0, -1),
        new Fusion.Entry("1:audio", 1, 2.0, -1, false, 0.5)));
    assertArrayEquals(new double[] {-softplus(2.0), -0.5 * softplus(2.0)}, pushed, 1e-12);
  }

  @Test
  void namesParse() {
    assertEquals(Fusion.SCORE, Fusion.fromString("Score"));
    assertEquals("Unknown fusion 'borda' (known: rrf, score)",
        assertThrows(IllegalArgumentException.class, () -> Fusion.fromString("borda")).getMessage());
  }
}
