package dev.mmsearch.extract.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Shot detection on pictures drawn in Java, without FFmpeg: cuts between different pictures are
 * found at the sample that starts the new one; camera moves over one picture and fades are not
 * cuts; black runs are split between their neighbours. The decoder's own fixtures (three shots,
 * a slow zoom) are in {@link VideoDecoderTest}.
 */
class ShotDetectorTest {

  private final ShotDetector detector = ShotDetector.DEFAULT;

  @Test
  void cutsBetweenDifferentPicturesAreFoundWhereTheyAre() {
    List<Signature> samples = new ArrayList<>();
    long[] scenes = {1, 2, 3, 4};
    for (long scene : scenes) {
      BufferedImage picture = TestPictures.scene(scene);
      for (int i = 0; i < 4; i++) {
        // a slow push-in inside each shot
        samples.add(TestPictures.signature(TestPictures.view(picture, 1 + 0.03 * i, 0.5, 0.5)));
      }
    }
    assertEquals(List.of(4, 8, 12), detector.cuts(samples));
  }

  @Test
  void manyPairsOfDifferentPicturesAreCuts() {
    int found = 0;
    int pairs = 0;
    for (long a = 10; a < 30; a++) {
      for (long b = a + 1; b < 30; b += 3) {
        pairs++;
        if (detector.changed(TestPictures.signature(TestPictures.scene(a)), TestPictures.signature(TestPictures.scene(b)))) {
          found++;
        }
      }
    }
    assertTrue(found >= pairs * 0.95, "cuts found: " + found + " of " + pairs);
  }

  @Test
  void slowZoomsAndPansOverOnePictureAreOneShot() {
    for (long scene = 40; scene < 60; scene++) {
      BufferedImage picture = TestPictures.scene(scene);
      List<Signature> zoom = new ArrayList<>();
      List<Signature> pan = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        zoom.add(TestPictures.signature(TestPictures.view(picture, 1 + 0.08 * i, 0.4 + 0.02 * i, 0.5)));
        pan.add(TestPictures.signature(TestPictures.view(picture, 1.5, 0.2 + 0.08 * i, 0.5)));
      }
      assertEquals(List.of(), detector.cuts(zoom), "zoom over scene " + scene);
      assertEquals(List.of(), detector.cuts(pan), "pan over scene " + scene);
    }
  }

  @Test
  void fadesToAndFromBlackAreNotCuts() {
    for (long scene = 60; scene < 70; scene++) {
      BufferedImage picture = TestPictures.scene(scene);
      List<Signature> samples = new ArrayList<>();
      for (double level : new double[] {0, 0.1, 0.3, 0.6, 1, 1, 0.7, 0.4, 0.15, 0.05, 0}) {
        samples.add(TestPictures.signature(TestPictures.faded(picture, level)));
      }
      assertEquals(List.of(), detector.cuts(samples), "fades of scene " + scene);
    }
  }

  @Test
  void aBlackRunBetweenTwoShotsIsSplitAtItsMiddle() {
    Signature a = TestPictures.signature(TestPictures.scene(70));
    Signature b = TestPictures.signature(TestPictures.scene(71));
    Signature black = TestPictures.signature(TestPictures.plain(0x000000));
    assertTrue(black.dark());
    // a a [black black black black] b: the new shot starts at the third black sample
    assertEquals(List.of(4), detector.cuts(List.of(a, a, black, black, black, black, b)));
    // a black leader belongs to the first shot
    assertEquals(List.of(), detector.cuts(List.of(black, black, a, a)));
    // no black between: the cut is at b
    assertEquals(List.of(2), detector.cuts(List.of(a, a, b)));
  }

  @Test
  void plainFramesThatAreNotDarkArePicturesOfTheirOwn() {
    Signature detailed = TestPictures.signature(TestPictures.scene(80));
    Signature red = TestPictures.signature(TestPictures.plain(0xD02020));
    Signature green = TestPictures.signature(TestPictures.plain(0x20C040));
    Signature white = TestPictures.signature(TestPictures.plain(0xF0F0F0));
    Signature grey = TestPictures.signature(TestPictures.plain(0x787878));
    assertTrue(red.uniform() && !red.dark());
    assertTrue(detector.changed(red, green), "cards of two tints");
    assertFalse(detector.changed(white, grey), "a plain picture fading is the same picture");
    assertTrue(detector.changed(red, detailed), "a card, then a scene");
    assertEquals(List.of(2, 4), detector.cuts(List.of(detailed, detailed, red, red, detailed)));
  }

  @Test
  void thresholdsAreValidated() {
    assertEquals("structureThreshold must be in (0, 2), got: 0.0",
        assertThrows(IllegalArgumentException.class, () -> new ShotDetector(0, 0.1)).getMessage());
    assertEquals("colourThreshold must be in (0, 1), got: 1.0",
        assertThrows(IllegalArgumentException.class, () -> new ShotDetector(0.3, 1)).getMessage());
    assertEquals("ShotDetector(structureThreshold=0.25, colourThreshold=0.06)", ShotDetector.DEFAULT.toString());
  }
}
