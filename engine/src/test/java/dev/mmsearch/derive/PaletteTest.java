package dev.mmsearch.derive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PaletteTest {

  private static BufferedImage split(Color left, Color right, double leftShare, int w, int h) {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setColor(right);
    g.fillRect(0, 0, w, h);
    g.setColor(left);
    g.fillRect(0, 0, (int) Math.round(leftShare * w), h);
    g.dispose();
    return img;
  }

  private static double cosine(float[] a, float[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  @Test
  void labMatchesPublishedValuesAndRoundTrips() {
    // sRGB red, green, blue, white in CIELAB (D65), as tabulated (e.g. by Bruce Lindbloom's calculator), within 0.05.
    Lab red = Lab.ofRgb(0xff0000);
    assertEquals(53.24, red.l(), 0.05);
    assertEquals(80.09, red.a(), 0.05);
    assertEquals(67.20, red.b(), 0.05);
    Lab blue = Lab.ofRgb(0x0000ff);
    assertEquals(32.30, blue.l(), 0.05);
    assertEquals(79.19, blue.a(), 0.05);
    assertEquals(-107.86, blue.b(), 0.05);
    Lab white = Lab.ofRgb(0xffffff);
    assertEquals(100.0, white.l(), 0.01);
    assertEquals(0.0, white.a(), 0.01);
    Random r = new Random(1);
    for (int i = 0; i < 1000; i++) {
      int rgb = r.nextInt(0x1000000);
      assertEquals(rgb, Lab.ofRgb(rgb).toRgb(), "round trip of #" + Integer.toHexString(rgb));
    }
    assertEquals("#ff0000", red.hex());
  }

  @Test
  void oneColourPictureGivesThatColourOnly() {
    Palette p = new PaletteExtractor().extract(split(Color.RED, Color.RED, 1, 200, 120));
    assertEquals(List.of("#ff0000"), p.hexColours());
    assertEquals(1.0, p.swatches().getFirst().proportion(), 1e-9);
  }

  @Test
  void proportionsFollowTheAreasEachColourCovers() {
    Palette p = new PaletteExtractor().extract(split(Color.RED, Color.BLUE, 0.7, 300, 200));
    assertEquals(List.of("#ff0000", "#0000ff"), p.hexColours());
    assertEquals(0.7, p.swatches().get(0).proportion(), 0.02);
    assertEquals(0.3, p.swatches().get(1).proportion(), 0.02);
  }

  @Test
  void shadesCloserThanTheMergeDistanceAreOneColourAndNoisyPicturesGiveAtMostEight() {
    BufferedImage img = new BufferedImage(120, 120, BufferedImage.TYPE_INT_RGB);
    Random r = new Random(2);
    for (int y = 0; y < 120; y++) {
      for (int x = 0; x < 120; x++) {
        img.setRGB(x, y, x < 60 ? (0xc8 + r.nextInt(4)) << 16 : r.nextInt(0x1000000)); // reds differing by < 2 ΔE, then noise
      }
    }
    Palette p = new PaletteExtractor().extract(img);
    assertTrue(p.swatches().size() <= PaletteExtractor.MAX_COLOURS, p.hexColours().toString());
    long reds = p.swatches().stream().filter(s -> s.colour().distance(Lab.ofRgb(0xc90000)) < 5).count();
    assertEquals(1, reds, "one red, not several shades of it: " + p.hexColours());
    double total = p.swatches().stream().mapToDouble(Palette.Swatch::proportion).sum();
    assertEquals(1.0, total, 1e-9);
  }

  @Test
  void sameInputSamePalette() {
    BufferedImage img = new BufferedImage(97, 61, BufferedImage.TYPE_INT_RGB);
    Random r = new Random(3);
    for (int y = 0; y < 61; y++) {
      for (int x = 0; x < 97; x++) {
        img.setRGB(x, y, r.nextInt(0x1000000));
      }
    }
    assertEquals(new PaletteExtractor().extract(img), new PaletteExtractor().extract(img));
  }

  @Test
  void aRedQueryRanksRedThenSeventyThirtyThenBlue() {
    PaletteExtractor x = new PaletteExtractor();
    float[] red = PaletteVector.of(x.extract(split(Color.RED, Color.RED, 1, 100, 100)));
    float[] mixed = PaletteVector.of(x.extract(split(Color.RED, Color.BLUE, 0.7, 100, 100)));
    float[] blue = PaletteVector.of(x.extract(split(Color.BLUE, Color.BLUE, 1, 100, 100)));
    float[] query = PaletteVector.of(Palette.of(List.of("#ff0000"), null));
    double toRed = cosine(query, red);
    double toMixed = cosine(query, mixed);
    double toBlue = cosine(query, blue);
    assertEquals(1.0, toRed, 1e-5);
    assertEquals(Math.sqrt(0.7), toMixed, 0.03, "the shared share's square root (Bhattacharyya)");
    assertTrue(toBlue < 0.05, "blue shares nothing with red: " + toBlue);
    // Near colours are near: a slightly darker red still scores high, orange in between, green low.
    assertTrue(cosine(query, PaletteVector.of(Palette.of(List.of("#e00000"), null))) > 0.9);
    double orange = cosine(query, PaletteVector.of(Palette.of(List.of("#ff8000"), null)));
    assertTrue(orange > 0.2 && orange < 0.9, "orange " + orange);
    assertTrue(cosine(query, PaletteVector.of(Palette.of(List.of("#00c000"), null))) < 0.05);
  }

  @Test
  void namedPalettesValidateTheirInput() {
    Palette p = Palette.of(List.of("#0000ff", "ff0000"), List.of(1.0, 3.0));
    assertEquals(List.of("#ff0000", "#0000ff"), p.hexColours());
    assertEquals(0.75, p.swatches().getFirst().proportion(), 1e-9);
    assertThrows(IllegalArgumentException.class, () -> Palette.of(List.of("#ff00"), null));
    assertThrows(IllegalArgumentException.class, () -> Palette.of(List.of("#ff0000"), List.of(0.0)));
    assertThrows(IllegalArgumentException.class, () -> Palette.of(List.of("#ff0000"), List.of(1.0, 2.0)));
    assertThrows(IllegalArgumentException.class, () -> Palette.of(List.of(), null));
    assertEquals(PaletteVector.DIMENSION, PaletteVector.of(p).length);
  }

  @Test
  void paletteDistanceIsZeroForTheSameColoursAndGrowsWithTheShareThatDiffers() {
    Palette red = Palette.of(List.of("#ff0000"), null);
    Palette redBlue = Palette.of(List.of("#ff0000", "#0000ff"), List.of(0.7, 0.3));
    Palette blue = Palette.of(List.of("#0000ff"), null);
    double redToBlue = Lab.ofRgb(0xff0000).distance(Lab.ofRgb(0x0000ff));
    assertEquals(0, red.distance(red), 1e-12);
    assertEquals(redToBlue, red.distance(blue), 1e-9);
    // red→redBlue: 0 (red is in it); redBlue→red: the blue 30 % pays the red-blue distance.
    assertEquals(0.3 * redToBlue / 2, red.distance(redBlue), 1e-9);
    assertEquals(red.distance(redBlue), redBlue.distance(red), 1e-12, "symmetric");
    assertTrue(red.distance(redBlue) < blue.distance(redBlue));
  }

  @Test
  void paletteRetrievalCountsNeighboursWithinTheDistance() {
    // Ten reds and ten blues, shades apart: each query's relevant are its own colour's other nine.
    List<Palette> palettes = new java.util.ArrayList<>();
    for (int i = 0; i < 10; i++) {
      palettes.add(Palette.of(List.of(String.format("#%02x0000", 200 + i * 5)), null));
      palettes.add(Palette.of(List.of(String.format("#0000%02x", 200 + i * 5)), null));
    }
    dev.mmsearch.train.PaletteRetrieval r = dev.mmsearch.train.PaletteRetrieval.measure(palettes, 40, 100, 1);
    assertEquals(20, r.queries());
    assertEquals(9, r.meanRelevant(), 1e-9);
    assertEquals(0.9, r.precisionAt10(), 1e-9, "nine relevant, all in the top 10");
    assertEquals(1.0, r.recallAt10(), 1e-9);
    assertEquals(9 / 19.0, r.chance(), 1e-9);
  }
}
