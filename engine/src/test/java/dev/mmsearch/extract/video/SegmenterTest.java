package dev.mmsearch.extract.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Shots to moments and frame times, worked out by hand with the default limits (10 s moments, 32 of them, a frame per 2 s, 4 at most). */
class SegmenterTest {

  private final Segmenter segmenter = new Segmenter(VideoLimits.DEFAULTS);

  private static List<double[]> spans(List<Segmenter.Moment> moments) {
    List<double[]> out = new ArrayList<>();
    for (Segmenter.Moment m : moments) {
      out.add(new double[] {m.start(), m.end()});
    }
    return out;
  }

  private static void assertSpans(double[][] expected, List<Segmenter.Moment> moments) {
    assertEquals(expected.length, moments.size(), "moments");
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i][0], moments.get(i).start(), 1e-9, "start of moment " + i);
      assertEquals(expected[i][1], moments.get(i).end(), 1e-9, "end of moment " + i);
    }
  }

  @Test
  void shotsBecomeMomentsCoveringTheVideo() {
    List<Segmenter.Moment> m = segmenter.segment(List.of(3.0, 6.0), 9);
    assertSpans(new double[][] {{0, 3}, {3, 6}, {6, 9}}, m);
    // 3 s each: round(1.5) = 2 frames, at the centres of two 1.5 s halves
    assertEquals(List.of(0.75, 2.25), m.get(0).embedTimes());
    assertEquals(List.of(6.75, 8.25), m.get(2).embedTimes());
  }

  @Test
  void longShotsAreSplitIntoEqualParts() {
    // 25 s: three parts of 8⅓ s; 4 s: one
    List<Segmenter.Moment> m = segmenter.segment(List.of(25.0), 29);
    assertSpans(new double[][] {{0, 25 / 3.0}, {25 / 3.0, 50 / 3.0}, {50 / 3.0, 25}, {25, 29}}, m);
    // exactly 10 s stays whole
    assertEquals(1, segmenter.segment(List.of(), 10).size());
  }

  @Test
  void beyondTheMostMomentsTheShortestAdjacentPairIsMerged() {
    VideoLimits three = new VideoLimits(1 << 20, 100, 100, 100, 30, 1000, 1, 100, 10, 3, 2, 4, 64, 10);
    // shots 0-1, 1-5, 5-6, 6-9, 9-10: pairs 5, 5, 4, 4 long; the first 4 (5-9) goes first, then 0-1 + 1-5 (5 s; 6-9 + 9-10 would be... 4 s: 6-10)
    List<Segmenter.Moment> m = new Segmenter(three).segment(List.of(1.0, 5.0, 6.0, 9.0), 10);
    // step 1: pairs (0-1,1-5)=5 (1-5,5-6)=5 (5-6,6-9)=4 (6-9,9-10)=4 → merge 5-9 → 0-1, 1-5, 5-9, 9-10
    // step 2: pairs 5, 8, 5 → merge 0-5 → 0-5, 5-9, 9-10
    assertSpans(new double[][] {{0, 5}, {5, 9}, {9, 10}}, m);
  }

  @Test
  void framesPerMomentFollowItsLengthWithinBounds() {
    assertEquals(List.of(0.25), segmenter.segment(List.of(), 0.5).get(0).embedTimes(), "at least one");
    // 5 s: round(2.5) = 3 frames, at the centres of three 5/3 s slices
    assertEquals(List.of(5 / 6.0, 2.5, 25 / 6.0), segmenter.segment(List.of(), 5).get(0).embedTimes());
    // 10 s: 5 frames would be one per 2 s; 4 at most, at the centres of four 2.5 s slices
    assertEquals(List.of(1.25, 3.75, 6.25, 8.75), segmenter.segment(List.of(), 10).get(0).embedTimes());
  }

  @Test
  void frameTimesMoveOffBlackSamples() {
    // samples each second; the first two are black
    double[] times = {0.5, 1.5, 2.5, 3.5, 4.5, 5.5};
    boolean[] usable = {false, false, true, true, true, true};
    List<Segmenter.Moment> m = segmenter.segment(List.of(), 6, new Segmenter.Samples(times, usable));
    // 3 frames at 1, 3, 5: the first one's nearest sample (0.5 or 1.5) is black → the nearest usable sample, 2.5
    assertEquals(List.of(2.5, 3.0, 5.0), m.get(0).embedTimes());
  }

  @Test
  void cutsOutsideTheVideoAreIgnored() {
    assertSpans(new double[][] {{0, 4}}, segmenter.segment(List.of(0.0, -1.0, 4.0, 7.0), 4));
    assertEquals("seconds must be positive, got: 0.0",
        assertThrows(IllegalArgumentException.class, () -> segmenter.segment(List.of(), 0)).getMessage());
  }

  @Test
  void anHourOfTenSecondShotsBecomes32Moments() {
    List<Double> cuts = new ArrayList<>();
    for (int i = 1; i < 360; i++) {
      cuts.add(i * 10.0);
    }
    List<Segmenter.Moment> m = segmenter.segment(cuts, 3600);
    assertEquals(32, m.size());
    assertEquals(0, m.get(0).start());
    assertEquals(3600, m.get(31).end());
    for (int i = 1; i < m.size(); i++) {
      assertEquals(m.get(i - 1).end(), m.get(i).start(), "no gap before moment " + i);
    }
    for (Segmenter.Moment moment : m) {
      assertEquals(4, moment.embedTimes().size());
    }
    assertEquals(32, spans(m).size());
  }
}
