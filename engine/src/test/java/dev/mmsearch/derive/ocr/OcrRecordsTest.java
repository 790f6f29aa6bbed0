package dev.mmsearch.derive.ocr;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OcrRecordsTest {

  private static final float[] BOX = {0, 0, 10, 0, 10, 5, 0, 5};

  @Test
  void aLineKeepsItsOwnCopyOfTheBox() {
    float[] box = BOX.clone();
    TextLine line = new TextLine("EXIT", 0.9f, box);
    box[0] = 99;
    assertEquals(0, line.box()[0]);
    assertNotSame(line.box(), line.box());
    assertEquals(new TextLine("EXIT", 0.9f, BOX), line);
    assertEquals(new TextLine("EXIT", 0.9f, BOX).hashCode(), line.hashCode());
  }

  @Test
  void aLineChecksItsValues() {
    assertEquals("box must have 8 coordinates, got: 4",
        assertThrows(IllegalArgumentException.class, () -> new TextLine("a", 0.5f, new float[4])).getMessage());
    assertEquals("confidence must be in 0..1, got: 1.5",
        assertThrows(IllegalArgumentException.class, () -> new TextLine("a", 1.5f, BOX)).getMessage());
  }

  @Test
  void pictureTextJoinsLinesAndCopiesTheList() {
    List<TextLine> lines = new ArrayList<>(List.of(new TextLine("INVOICE 2026", 0.9f, BOX), new TextLine("Total 12", 0.8f, BOX)));
    PictureText text = new PictureText(lines);
    lines.clear();
    assertEquals("INVOICE 2026\nTotal 12", text.text());
    assertEquals(false, text.isEmpty());
    assertTrue(PictureText.NONE.isEmpty());
    assertEquals("", PictureText.NONE.text());
  }

  @Test
  void limitsHaveTheDocumentedDefaultsAndCheckTheirValues() {
    assertEquals(new OcrLimits(960, 200, 4000, 3, 0.5f), OcrLimits.DEFAULTS);
    assertEquals("detectSide must be in 32..4096, got: 16",
        assertThrows(IllegalArgumentException.class, () -> new OcrLimits(16, 200, 4000, 3, 0.5f)).getMessage());
    assertEquals("maxBoxes must be at least 1, got: 0",
        assertThrows(IllegalArgumentException.class, () -> new OcrLimits(960, 0, 4000, 3, 0.5f)).getMessage());
    assertEquals("maxCharacters must be at least 1, got: 0",
        assertThrows(IllegalArgumentException.class, () -> new OcrLimits(960, 200, 0, 3, 0.5f)).getMessage());
    assertEquals("minBoxSide must be at least 1, got: 0",
        assertThrows(IllegalArgumentException.class, () -> new OcrLimits(960, 200, 4000, 0, 0.5f)).getMessage());
    assertEquals("minConfidence must be in 0..1, got: NaN",
        assertThrows(IllegalArgumentException.class, () -> new OcrLimits(960, 200, 4000, 3, Float.NaN)).getMessage());
  }

  @Test
  void theDetectorInputIsCappedAndRoundedToThirtyTwos() {
    // 900 × 700 under the 960 limit: kept, rounded to 896 × 704
    assertEquals(List.of(896, 704), List.of(TextDetector.inputSize(900, 700, 960)[0], TextDetector.inputSize(900, 700, 960)[1]));
    // 2000 × 1000: ratio 0.48 → 960 × 480
    assertEquals(List.of(960, 480), List.of(TextDetector.inputSize(2000, 1000, 960)[0], TextDetector.inputSize(2000, 1000, 960)[1]));
    // Python's round takes halves to even: 48 / 32 = 1.5 → 2 (64), 80 / 32 = 2.5 → 2 (64)
    assertEquals(64, TextDetector.inputSize(48, 80, 960)[0]);
    assertEquals(64, TextDetector.inputSize(48, 80, 960)[1]);
    // a side that rounds to nothing: no detection
    assertEquals(null, TextDetector.inputSize(100, 15, 960));
  }

  @Test
  void stripsGetBlackBandsAboveAndBelow() {
    // 800 × 50 is wider than 8 heights: new height max(800 / 8, 30) × 2 = 200, bands of (200 - 50) / 2 = 75
    BgrImage strip = BgrImage.filled(800, 50, 255, 255, 255);
    assertEquals(75, TextReader.padded(strip).top());
    assertEquals(200, TextReader.padded(strip).image().height);
    // 100 × 20 is at most 30 high: max(12, 30) × 2 = 60, bands of 20
    assertEquals(20, TextReader.padded(BgrImage.filled(100, 20, 0, 0, 0)).top());
    // 300 × 100 needs none
    assertEquals(0, TextReader.padded(BgrImage.filled(300, 100, 0, 0, 0)).top());
  }

  @Test
  void theStrongestBoxesAreKeptInReadingOrder() {
    // areas 25, 100, 4 and 64 with scores 1, 0.5, 1, 1: area × score 25, 50, 4, 64 → keep the 2nd and 4th
    List<DbPostProcess.Box> boxes = List.of(square(0, 5, 1f), square(10, 10, 0.5f), square(30, 2, 1f), square(40, 8, 1f));
    assertEquals(List.of(boxes.get(1), boxes.get(3)), TextReader.strongest(boxes, 2));
    assertEquals(boxes, TextReader.strongest(boxes, 4));
  }

  private static DbPostProcess.Box square(double x, double side, float score) {
    return new DbPostProcess.Box(new Quad(x, 0, x + side, 0, x + side, side, x, side), score);
  }

  @Test
  void strayGlyphsAreNotText() {
    java.util.function.Function<String, TextLine> line = t -> new TextLine(t, 0.9f, new float[8]);
    PictureText read = new PictureText(java.util.List.of(line.apply("*"), line.apply("USB"), line.apply("★ )")));
    assertEquals(java.util.List.of("USB"), read.legible().lines().stream().map(TextLine::text).toList());
    assertEquals(true, read.legible().hasWords());
    assertEquals(false, new PictureText(java.util.List.of(line.apply("A"), line.apply("**"))).legible().hasWords());
    assertEquals(true, new PictureText(java.util.List.of(line.apply("A"), line.apply("B"))).hasWords());
    assertEquals(false, PictureText.NONE.hasWords());
  }

  @Test
  void scaledBoxesMoveToTheOriginalsPixels() {
    PictureText read = new PictureText(java.util.List.of(new TextLine("a", 1f, new float[] {1, 2, 3, 2, 3, 4, 1, 4})));
    assertArrayEquals(new float[] {2, 6, 6, 6, 6, 12, 2, 12}, read.scaled(2, 3).lines().getFirst().box());
  }
}
