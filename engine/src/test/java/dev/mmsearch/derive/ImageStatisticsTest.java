package dev.mmsearch.derive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

class ImageStatisticsTest {

  private static BufferedImage filled(int w, int h, Color c) {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setColor(c);
    g.fillRect(0, 0, w, h);
    g.dispose();
    return img;
  }

  private static ImageStatistics of(BufferedImage img) {
    return ImageStatistics.of(img, img.getWidth(), img.getHeight());
  }

  @Test
  void aFlatGreyPictureIsPlainInEveryRespect() {
    ImageStatistics s = of(filled(400, 300, new Color(128, 128, 128)));
    assertEquals(400, s.width());
    assertEquals(300, s.height());
    assertEquals(4 / 3.0, s.aspect(), 1e-12);
    assertEquals(0.12, s.megapixels(), 1e-12);
    assertEquals(128 / 255.0, s.brightness(), 1e-9);
    assertEquals(0, s.contrast(), 1e-9);
    assertEquals(0, s.saturation(), 1e-12);
    assertEquals(0, s.colourfulness(), 1e-9);
    assertEquals(0, s.entropy(), 1e-12);
    assertEquals(0, s.sharpness(), 1e-9);
  }

  @Test
  void halfBlackHalfWhiteHasOneBitAndHalfContrast() {
    BufferedImage img = filled(200, 100, Color.BLACK);
    Graphics2D g = img.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(100, 0, 100, 100);
    g.dispose();
    ImageStatistics s = of(img);
    assertEquals(0.5, s.brightness(), 1e-9);
    assertEquals(0.5, s.contrast(), 1e-9);
    assertEquals(1.0, s.entropy(), 1e-9);
    assertEquals(0, s.saturation(), 1e-12);
    assertEquals(0, s.colourfulness(), 1e-9);
  }

  @Test
  void pureRedIsFullySaturatedWithHaslerSuesstrunkColourfulness() {
    ImageStatistics s = of(filled(64, 64, Color.RED));
    assertEquals(1.0, s.saturation(), 1e-12);
    // rg = 255, yb = 127.5 everywhere: no spread, so M = 0.3 · √(255² + 127.5²).
    assertEquals(0.3 * Math.hypot(255, 127.5), s.colourfulness(), 1e-9);
    assertEquals(0.299, s.brightness(), 1e-9);
  }

  @Test
  void aOnePixelCheckerboardIsSharpAndItsBlurIsNot() {
    BufferedImage checker = new BufferedImage(100, 100, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 100; y++) {
      for (int x = 0; x < 100; x++) {
        checker.setRGB(x, y, (x + y) % 2 == 0 ? 0xffffff : 0x000000);
      }
    }
    // Every interior Laplacian is ±4 · 255, half each way: variance 1020².
    assertEquals(1020.0 * 1020.0, of(checker).sharpness(), 1e-6);
    BufferedImage ramp = new BufferedImage(100, 100, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 100; y++) {
      for (int x = 0; x < 100; x++) {
        int v = (int) Math.round(x * 2.55);
        ramp.setRGB(x, y, v << 16 | v << 8 | v);
      }
    }
    assertTrue(of(ramp).sharpness() < 1, "a linear ramp has a Laplacian of about 0: " + of(ramp).sharpness());
  }

  @Test
  void largePicturesAreSampledNotReadWholeAndKeepTheirStoredSize() {
    BufferedImage big = filled(4000, 1000, new Color(10, 200, 30));
    ImageStatistics s = ImageStatistics.of(big, 8000, 2000);
    assertEquals(8000, s.width());
    assertEquals(16.0, s.megapixels(), 1e-12);
    assertEquals(4.0, s.aspect(), 1e-12);
    assertTrue(s.saturation() > 0.9);
  }
}
