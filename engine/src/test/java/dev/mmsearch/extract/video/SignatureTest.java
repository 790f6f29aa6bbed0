package dev.mmsearch.extract.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

/** The measures shot detection and the poster choice rest on, on pictures drawn in Java. */
class SignatureTest {

  @Test
  void structureIgnoresBrightnessPansAndSmallZooms() {
    BufferedImage picture = TestPictures.scene(1);
    Signature still = TestPictures.signature(TestPictures.view(picture, 1.3, 0.5, 0.5));
    assertEquals(0, Signature.structureDistance(still, still), 1e-9);
    assertTrue(Signature.structureDistance(still, TestPictures.signature(TestPictures.faded(TestPictures.view(picture, 1.3, 0.5, 0.5), 0.4)))
        < 0.02, "a fade keeps the layout");
    double panned = Signature.structureDistance(still, TestPictures.signature(TestPictures.view(picture, 1.3, 0.55, 0.5)));
    double zoomed = Signature.structureDistance(still, TestPictures.signature(TestPictures.view(picture, 1.45, 0.5, 0.5)));
    double other = Signature.structureDistance(still, TestPictures.signature(TestPictures.scene(2)));
    assertTrue(panned < 0.1 && zoomed < 0.15 && other > 0.5, "pan " + panned + ", zoom " + zoomed + ", other picture " + other);
  }

  @Test
  void colourDistanceIsTheShareOfColourNotInCommon() {
    Signature red = TestPictures.signature(TestPictures.plain(0xFF0000));
    Signature blue = TestPictures.signature(TestPictures.plain(0x0000FF));
    assertEquals(0, Signature.colourDistance(red, red), 1e-6);
    // red and blue share only green's empty bin: one channel of three in common
    assertEquals(2 / 3.0, Signature.colourDistance(red, blue), 1e-6);
    assertTrue(Double.isNaN(Signature.structureDistance(red, blue)), "plain frames have no layout");
  }

  @Test
  void plainDarkAndDetailedFramesAreTold() {
    Signature black = TestPictures.signature(TestPictures.plain(0x000000));
    Signature card = TestPictures.signature(TestPictures.plain(0x3060C0));
    Signature scene = TestPictures.signature(TestPictures.scene(3));
    assertTrue(black.uniform() && black.dark());
    assertTrue(card.uniform() && !card.dark());
    assertTrue(!scene.uniform() && scene.lumaStd() > 20, "std " + scene.lumaStd());
    assertEquals(0, Signature.grey(200).lumaStd(), 1e-9);
    assertEquals(200, Signature.grey(200).lumaMean(), 1e-4);
  }

  @Test
  void theGridMustBeComplete() {
    assertEquals("rgb must hold 768 bytes, got: 3",
        assertThrows(IllegalArgumentException.class, () -> Signature.ofRgb(new byte[3])).getMessage());
  }
}
