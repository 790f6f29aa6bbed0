package dev.mmsearch.derive.ocr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class CtcDecoderTest {

  /** Classes: 0 blank, 1 "a", 2 "b", 3 "c", 4 " ". */
  private final CtcDecoder decoder = new CtcDecoder(List.of("a", "b", "c"));

  /** One time step whose most likely class is {@code best} with probability {@code p}. */
  private static float[] step(int best, float p) {
    float[] s = new float[5];
    float rest = (1 - p) / 4;
    for (int c = 0; c < 5; c++) {
      s[c] = c == best ? p : rest;
    }
    return s;
  }

  private static float[] steps(float[]... rows) {
    float[] out = new float[rows.length * 5];
    for (int t = 0; t < rows.length; t++) {
      System.arraycopy(rows[t], 0, out, t * 5, 5);
    }
    return out;
  }

  @Test
  void repeatsCollapseBlanksSeparateAndTheLastClassIsASpace() {
    // best classes a a blank a b space b b: "a" (repeat dropped), blank, "a" again, "b", " ", "b" (repeat dropped)
    float[] probs = steps(step(1, 0.9f), step(1, 0.8f), step(0, 0.99f), step(1, 0.7f), step(2, 0.6f),
        step(4, 0.95f), step(2, 0.85f), step(2, 0.5f));
    CtcDecoder.Decoded d = decoder.decode(probs, 0, 8, 5);
    assertEquals("aab b", d.text());
    // kept steps 0, 3, 4, 5, 6: (0.9 + 0.7 + 0.6 + 0.95 + 0.85) / 5 = 0.8
    assertEquals(0.8f, d.confidence(), 1e-5);
  }

  @Test
  void onlyBlanksGiveNothingWithConfidenceZero() {
    float[] probs = steps(step(0, 0.9f), step(0, 0.9f));
    assertEquals(new CtcDecoder.Decoded("", 0f), decoder.decode(probs, 0, 2, 5));
  }

  @Test
  void decodesTheRequestedItemOfABatch() {
    float[] first = steps(step(3, 0.9f), step(0, 0.9f));
    float[] second = steps(step(2, 0.6f), step(1, 0.8f));
    float[] batch = new float[20];
    System.arraycopy(first, 0, batch, 0, 10);
    System.arraycopy(second, 0, batch, 10, 10);
    assertEquals("c", decoder.decode(batch, 0, 2, 5).text());
    CtcDecoder.Decoded d = decoder.decode(batch, 1, 2, 5);
    assertEquals("ba", d.text());
    assertEquals(0.7f, d.confidence(), 1e-5);
  }

  @Test
  void aClassCountOtherThanTheKeysIsRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> decoder.decode(new float[12], 0, 2, 6));
    assertEquals("the recogniser has 6 classes, the keys give 5", e.getMessage());
  }

  @Test
  void keyLinesLoseTheirLineEndsButNotTheirSpaces() {
    byte[] file = "x\r\n y\nz \n\nw".getBytes(StandardCharsets.UTF_8);
    assertEquals(List.of("x", " y", "z ", "", "w"), CtcDecoder.readKeys(file));
    assertEquals(List.of("x", "y"), CtcDecoder.readKeys("x\ny\n".getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void theShippedKeysMatchTheRecognisersClasses() throws Exception {
    try (InputStream in = getClass().getClassLoader().getResourceAsStream(OcrModels.PP_OCR_V4.keys())) {
      List<String> keys = CtcDecoder.readKeys(in.readAllBytes());
      // ppocr_keys_v1.txt: 6623 characters; the graphs' output has 6625 classes (blank + keys + space)
      assertEquals(6623, keys.size());
      assertEquals(6625, new CtcDecoder(keys).classes());
    }
  }
}
