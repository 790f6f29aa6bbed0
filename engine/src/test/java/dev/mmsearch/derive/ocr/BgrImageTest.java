package dev.mmsearch.derive.ocr;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

class BgrImageTest {

  private static int[] channel(BgrImage image, int c) {
    int[] out = new int[image.width * image.height];
    for (int y = 0; y < image.height; y++) {
      for (int x = 0; x < image.width; x++) {
        out[y * image.width + x] = image.get(x, y, c);
      }
    }
    return out;
  }

  @Test
  void picturesBecomeBlueGreenRed() {
    BufferedImage p = new BufferedImage(2, 1, BufferedImage.TYPE_INT_RGB);
    p.setRGB(0, 0, 0x102030);
    p.setRGB(1, 0, 0xA0B0C0);
    BgrImage b = BgrImage.of(p, 100);
    assertArrayEquals(new int[] {0x30, 0xC0}, channel(b, 0));
    assertArrayEquals(new int[] {0x20, 0xB0}, channel(b, 1));
    assertArrayEquals(new int[] {0x10, 0xA0}, channel(b, 2));
  }

  @Test
  void largePicturesAreAveragedDown() {
    // 8 × 4 of 2 × 2 cells valued 10 × cell index; scaled to 4 × 2 each output pixel is its cell's mean.
    // Cell (0, 0) holds 0, 0, 0 and 40 at one pixel: mean 10.
    BufferedImage p = new BufferedImage(8, 4, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 4; y++) {
      for (int x = 0; x < 8; x++) {
        int v = 10 * ((y / 2) * 4 + x / 2);
        p.setRGB(x, y, v << 16 | v << 8 | v);
      }
    }
    p.setRGB(1, 1, 40 << 16 | 40 << 8 | 40);
    BgrImage b = BgrImage.of(p, 4);
    assertEquals(4, b.width);
    assertEquals(2, b.height);
    assertArrayEquals(new int[] {10, 10, 20, 30, 40, 50, 60, 70}, channel(b, 1));
  }

  @Test
  void grayBytesAreTakenAsTheyAre() {
    BufferedImage p = new BufferedImage(1, 1, BufferedImage.TYPE_BYTE_GRAY);
    p.getRaster().setSample(0, 0, 0, 128);
    assertArrayEquals(new int[] {128}, channel(BgrImage.of(p, 10), 0));
  }

  @Test
  void transparentPicturesAreLaidOnAContrastingBackground() {
    // dark visible pixels (luminance 0 and 100): white behind; grey 100 at alpha 128 over white:
    // 100 × 0.502 + 255 × 0.498 = 177.2 → 177
    BufferedImage p = new BufferedImage(2, 1, BufferedImage.TYPE_INT_ARGB);
    p.setRGB(0, 0, 0xFF000000);
    p.setRGB(1, 0, 0x80646464);
    assertArrayEquals(new int[] {0, 177}, channel(BgrImage.of(p, 10), 0));
    // light visible pixels: black behind
    p.setRGB(0, 0, 0xFFFFFFFF);
    p.setRGB(1, 0, 0x00FFFFFF);
    assertArrayEquals(new int[] {255, 0}, channel(BgrImage.of(p, 10), 0));
  }

  @Test
  void linearResizeUsesHalfPixelCentresLikeOpenCv() {
    // cv2.resize(np.array([[0, 100]]), (4, 1)): source x = (x + 0.5) / 2 - 0.5 → -0.25 (clamped 0),
    // 0.25, 0.75, 1.25 (clamped 1): 0, 25, 75, 100
    BgrImage row = new BgrImage(2, 1, new byte[] {0, 0, 0, 100, 100, 100});
    assertArrayEquals(new int[] {0, 25, 75, 100}, channel(row.resizeLinear(4, 1), 0));
    // shrinking 4 → 2 samples at 0.5 and 2.5: means of neighbours
    BgrImage four = new BgrImage(4, 1, new byte[] {0, 0, 0, 10, 10, 10, 20, 20, 20, (byte) 200, (byte) 200, (byte) 200});
    assertArrayEquals(new int[] {5, 110}, channel(four.resizeLinear(2, 1), 0));
  }

  @Test
  void areaResizeAveragesWholeBlocks() {
    BgrImage four = new BgrImage(4, 1, new byte[] {0, 0, 0, 10, 10, 10, 20, 20, 20, (byte) 200, (byte) 200, (byte) 200});
    assertArrayEquals(new int[] {5, 110}, channel(four.resizeArea(2, 1), 0));
    assertArrayEquals(new int[] {58}, channel(four.resizeArea(1, 1), 0));
  }

  @Test
  void turnsAndPadding() {
    // 3 × 2: 1 2 3 / 4 5 6
    byte[] d = new byte[18];
    for (int i = 0; i < 6; i++) {
      d[i * 3] = (byte) (i + 1);
    }
    BgrImage b = new BgrImage(3, 2, d);
    assertArrayEquals(new int[] {6, 5, 4, 3, 2, 1}, channel(b.rotate180(), 0));
    // np.rot90: the right column becomes the top row: 3 6 / 2 5 / 1 4
    BgrImage turned = b.rotate90CounterClockwise();
    assertEquals(2, turned.width);
    assertEquals(3, turned.height);
    assertArrayEquals(new int[] {3, 6, 2, 5, 1, 4}, channel(turned, 0));
    BgrImage padded = b.padVertical(1, 2);
    assertEquals(5, padded.height);
    assertArrayEquals(new int[] {0, 0, 0, 1, 2, 3, 4, 5, 6, 0, 0, 0, 0, 0, 0}, channel(padded, 0));
  }

  @Test
  void normalisationMapsZeroToMinusOneAndLeavesPaddingAlone() {
    BgrImage b = new BgrImage(1, 1, new byte[] {0, (byte) 255, (byte) 51});
    float[] t = new float[2 * 3];
    b.normalizeInto(t, 0, 2);
    // planes of 2 × 1: blue (-1, 0), green (1, 0), red (51 / 255 - 0.5) / 0.5 = -0.6
    assertArrayEquals(new float[] {-1, 0, 1, 0, -0.6f, 0}, t, 1e-6f);
  }
}
