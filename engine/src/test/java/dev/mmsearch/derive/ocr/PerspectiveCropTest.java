package dev.mmsearch.derive.ocr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PerspectiveCropTest {

  /** A picture whose blue channel is x, green y and red x + y: every pixel says where it is. */
  private static BgrImage coordinates(int w, int h) {
    byte[] d = new byte[w * h * 3];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int i = (y * w + x) * 3;
        d[i] = (byte) x;
        d[i + 1] = (byte) y;
        d[i + 2] = (byte) (x + y);
      }
    }
    return new BgrImage(w, h, d);
  }

  private static double[] apply(double[] m, double x, double y) {
    double d = m[6] * x + m[7] * y + m[8];
    return new double[] {(m[0] * x + m[1] * y + m[2]) / d, (m[3] * x + m[4] * y + m[5]) / d};
  }

  @Test
  void theTransformMapsEachCornerOntoItsTarget() {
    double[] from = {0, 0, 30, 0, 30, 10, 0, 10};
    double[] to = {12, 7, 50, 3, 55, 30, 9, 22};
    double[] m = PerspectiveCrop.transform(from, to);
    for (int i = 0; i < 4; i++) {
      double[] p = apply(m, from[2 * i], from[2 * i + 1]);
      assertEquals(to[2 * i], p[0], 1e-9);
      assertEquals(to[2 * i + 1], p[1], 1e-9);
    }
    assertEquals(1, m[8]);
  }

  @Test
  void anUprightBoxIsCopiedPixelForPixel() {
    // box (2,3)-(12,8): crop 10 × 5 whose pixel (x, y) is the picture's (2 + x, 3 + y); cubic weights at
    // whole pixels are (0, 1, 0, 0), so values are exact
    BgrImage crop = PerspectiveCrop.crop(coordinates(20, 20), new Quad(2, 3, 12, 3, 12, 8, 2, 8));
    assertEquals(10, crop.width);
    assertEquals(5, crop.height);
    for (int y = 0; y < 5; y++) {
      for (int x = 0; x < 10; x++) {
        assertEquals(2 + x, crop.get(x, y, 0));
        assertEquals(3 + y, crop.get(x, y, 1));
      }
    }
  }

  @Test
  void aTallCropIsTurnedAQuarterCounterClockwise() {
    // box (4,2)-(8,14): crop 4 × 12, 12 / 4 = 3 ≥ 1.5, so np.rot90 makes it 12 × 4 with the crop's right
    // column on top: turned (x, y) = crop (3 - y, x) = picture (4 + 3 - y, 2 + x)
    BgrImage crop = PerspectiveCrop.crop(coordinates(20, 20), new Quad(4, 2, 8, 2, 8, 14, 4, 14));
    assertEquals(12, crop.width);
    assertEquals(4, crop.height);
    for (int y = 0; y < 4; y++) {
      for (int x = 0; x < 12; x++) {
        assertEquals(7 - y, crop.get(x, y, 0));
        assertEquals(2 + x, crop.get(x, y, 1));
      }
    }
  }

  @Test
  void aRotatedBoxIsStraightened() {
    // a box along the diagonal: top edge (20,10)→(40,30) is 28.28 long → 28 wide; left edge
    // (20,10)→(10,20) is 14.14 → 14 tall. Down the crop's columns x + y stays the same (red), along its rows
    // it grows by about √2 per pixel.
    BgrImage crop = PerspectiveCrop.crop(coordinates(64, 64), new Quad(20, 10, 40, 30, 30, 40, 10, 20));
    assertEquals(28, crop.width);
    assertEquals(14, crop.height);
    for (int x = 0; x < 28; x++) {
      int top = crop.get(x, 0, 2);
      for (int y = 1; y < 14; y++) {
        assertTrue(Math.abs(crop.get(x, y, 2) - top) <= 1, "column " + x + " row " + y);
      }
    }
    assertEquals(30, crop.get(0, 0, 2));
    assertTrue(Math.abs(crop.get(27, 0, 2) - (30 + 27 * 20 * 2 / 28.0)) <= 1.5, "red at the right: " + crop.get(27, 0, 2));
  }

  @Test
  void beyondThePictureTheEdgeRepeats() {
    // the box hangs 3 pixels over the left edge: those columns repeat column 0
    BgrImage crop = PerspectiveCrop.crop(coordinates(20, 20), new Quad(-3, 0, 7, 0, 7, 4, -3, 4));
    assertEquals(0, crop.get(0, 1, 0));
    assertEquals(0, crop.get(2, 1, 0));
    assertEquals(0, crop.get(3, 1, 0));
    assertEquals(4, crop.get(7, 1, 0));
  }

  @Test
  void aBoxWithoutAreaGivesNoCrop() {
    assertNull(PerspectiveCrop.crop(coordinates(20, 20), new Quad(2, 3, 2.5, 3, 2.5, 8, 2, 8)));
  }

  @Test
  void cubicWeightsAreOpenCvs() {
    for (float f : new float[] {0, 0.25f, 0.5f, 0.8f}) {
      float[] w = PerspectiveCrop.weights(f);
      assertEquals(1, w[0] + w[1] + w[2] + w[3], 1e-6);
    }
    assertEquals(0, PerspectiveCrop.weights(0)[0], 1e-7);
    assertEquals(1, PerspectiveCrop.weights(0)[1], 1e-7);
    // interpolateCubic at f = 0.5 with A = -0.75: -0.09375, 0.59375, 0.59375, -0.09375
    float[] half = PerspectiveCrop.weights(0.5f);
    assertEquals(-0.09375, half[0], 1e-7);
    assertEquals(0.59375, half[1], 1e-7);
    assertEquals(0.59375, half[2], 1e-7);
    assertEquals(-0.09375, half[3], 1e-7);
  }
}
