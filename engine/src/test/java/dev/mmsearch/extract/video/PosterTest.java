package dev.mmsearch.extract.video;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The poster is the most detailed sample of the first third, never a black first frame when anything else shows. */
class PosterTest {

  private static final Signature BLACK = Signature.grey(0);
  private static final Signature FLAT = Signature.grey(128);
  private static final Signature BUSY = TestPictures.signature(TestPictures.scene(1));
  private static final Signature CALM = TestPictures.signature(TestPictures.faded(TestPictures.scene(1), 0.3));

  @Test
  void theMostDetailedSampleOfTheFirstThirdWins() {
    double[] times = {0.5, 1.5, 2.5, 3.5, 4.5, 5.5, 6.5, 7.5, 8.5};
    // the busiest frame of all is in the last third: not a poster
    assertEquals(1, Poster.choose(times, List.of(BLACK, CALM, FLAT, FLAT, FLAT, FLAT, FLAT, FLAT, BUSY), 9));
    assertEquals(2, Poster.choose(times, List.of(BLACK, CALM, BUSY, FLAT, FLAT, FLAT, FLAT, FLAT, FLAT), 9));
  }

  @Test
  void aBlackFirstThirdLooksFurther() {
    double[] times = {0.5, 1.5, 2.5, 3.5, 4.5, 5.5};
    assertEquals(4, Poster.choose(times, List.of(BLACK, BLACK, BLACK, FLAT, CALM, FLAT), 6));
    // all black: the first
    assertEquals(0, Poster.choose(times, List.of(BLACK, BLACK, BLACK, BLACK, BLACK, BLACK), 6));
  }

  @Test
  void aShortVideoHasItsFirstSampleAtLeast() {
    assertEquals(0, Poster.choose(new double[] {0.2}, List.of(CALM), 0.4));
  }
}
