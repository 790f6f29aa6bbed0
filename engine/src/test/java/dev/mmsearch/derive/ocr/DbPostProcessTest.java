package dev.mmsearch.derive.ocr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class DbPostProcessTest {

  private final DbPostProcess post = new DbPostProcess(3);

  /** A {@code width × height} map of {@code background} with {@code value} over {@code [x0, x1) × [y0, y1)}. */
  private static float[] map(int width, int height, float background, float value, int x0, int y0, int x1, int y1) {
    float[] m = new float[width * height];
    java.util.Arrays.fill(m, background);
    fill(m, width, value, x0, y0, x1, y1);
    return m;
  }

  private static void fill(float[] m, int width, float value, int x0, int y0, int x1, int y1) {
    for (int y = y0; y < y1; y++) {
      for (int x = x0; x < x1; x++) {
        m[y * width + x] = value;
      }
    }
  }

  private static void assertBox(double[] expected, DbPostProcess.Box box) {
    for (int i = 0; i < 4; i++) {
      assertEquals(expected[2 * i], box.quad().x(i), 1e-9, "corner " + i + " of " + box);
      assertEquals(expected[2 * i + 1], box.quad().y(i), 1e-9, "corner " + i + " of " + box);
    }
  }

  @Test
  void oneBlockBecomesOneGrownBox() {
    // 0.9 over x 10..29, y 5..12 (20 × 8 pixels) of a 40 × 20 map.
    // Dilation (2×2, anchor at the centre) adds a column on the right and a row below: x 10..30, y 5..13,
    // so the minimum rectangle is (10,5)-(30,13), 20 × 8, short side 8 ≥ 3.
    // Score: mean over the filled rectangle, 21 × 9 = 189 pixels, 160 of them 0.9: 144 / 189 = 0.7619 ≥ 0.5.
    // Unclip: distance = 160 × 1.6 / 56 = 4.571; sides move to x 5.43 → 5 and 34.57 → 35,
    // y 0.43 → 0 and 17.57 → 18 (Clipper rounds): 30 × 18, short side 18 ≥ 5.
    // Destination = map size: corners stay; clip to 0..39 × 0..19 keeps them.
    float[] pred = map(40, 20, 0f, 0.9f, 10, 5, 30, 13);
    List<DbPostProcess.Box> boxes = post.boxes(pred, 40, 20, 40, 20);
    assertEquals(1, boxes.size());
    assertBox(new double[] {5, 0, 35, 0, 35, 18, 5, 18}, boxes.get(0));
    assertEquals(144f / 189, boxes.get(0).score(), 1e-6);
  }

  @Test
  void boxesAreScaledToTheDestinationWithHalvesToEven() {
    // the same box in an 80 × 40 picture: x × 2, y × 2
    float[] pred = map(40, 20, 0f, 0.9f, 10, 5, 30, 13);
    assertBox(new double[] {10, 0, 70, 0, 70, 36, 10, 36}, post.boxes(pred, 40, 20, 80, 40).get(0));
    // and in a 60 × 30 one: 5 × 1.5 = 7.5 → 8 (even), 35 × 1.5 = 52.5 → 52, 18 × 1.5 = 27
    assertBox(new double[] {8, 0, 52, 0, 52, 27, 8, 27}, post.boxes(pred, 40, 20, 60, 30).get(0));
  }

  @Test
  void aRegionBelowTheBoxThresholdIsDropped() {
    // above the 0.3 threshold, so a region, but its mean (0.4 × 160 / 189 = 0.34) is below 0.5
    assertEquals(List.of(), post.boxes(map(40, 20, 0f, 0.4f, 10, 5, 30, 13), 40, 20, 40, 20));
  }

  @Test
  void aRegionNarrowerThanTheMinimumSideIsDropped() {
    // 2 × 2 pixels dilate to 3 × 3: the rectangle through their centres is 2 × 2, short side 2 < 3
    assertEquals(List.of(), post.boxes(map(40, 20, 0f, 1f, 10, 5, 12, 7), 40, 20, 40, 20));
    // nothing above 0.3: no region
    assertEquals(List.of(), post.boxes(map(40, 20, 0.3f, 0.3f, 0, 0, 0, 0), 40, 20, 40, 20));
  }

  @Test
  void boxesComeInReadingOrder() {
    // two blocks on one line (tops 5 and 7 differ by less than 10), the right one higher, and one below
    float[] pred = new float[100 * 60];
    fill(pred, 100, 0.9f, 60, 5, 90, 13);
    fill(pred, 100, 0.9f, 10, 7, 40, 15);
    fill(pred, 100, 0.9f, 10, 40, 40, 48);
    List<DbPostProcess.Box> boxes = post.boxes(pred, 100, 60, 100, 60);
    assertEquals(3, boxes.size());
    assertEquals(List.of(5.0, 55.0, 5.0), boxes.stream().map(b -> b.quad().x(0)).toList());
  }

  @Test
  void sortedStartsANewLineTenPixelsDown() {
    DbPostProcess.Box a = box(50, 0);
    DbPostProcess.Box b = box(10, 9);   // 9 below a: same line, further left
    DbPostProcess.Box c = box(0, 19);   // 10 below b: next line
    assertEquals(List.of(b, a, c), DbPostProcess.sorted(List.of(c, a, b)));
  }

  private static DbPostProcess.Box box(double x, double y) {
    return new DbPostProcess.Box(new Quad(x, y, x + 5, y, x + 5, y + 5, x, y + 5), 1f);
  }

  @Test
  void atMostAThousandCandidatesAreConsidered() {
    // 1600 separate 4 × 4 blocks, each a valid box (dilated 5 × 5, score 16 × 0.9 / 25 = 0.576)
    float[] pred = new float[320 * 320];
    for (int by = 0; by < 40; by++) {
      for (int bx = 0; bx < 40; bx++) {
        fill(pred, 320, 0.9f, bx * 8, by * 8, bx * 8 + 4, by * 8 + 4);
      }
    }
    assertEquals(DbPostProcess.MAX_CANDIDATES, post.boxes(pred, 320, 320, 320, 320).size());
  }

  @Test
  void dilationSpreadsRightAndDown() {
    byte[] one = new byte[9];
    one[4] = 1;
    assertEquals(java.util.Arrays.toString(new byte[] {0, 0, 0, 0, 1, 1, 0, 1, 1}),
        java.util.Arrays.toString(DbPostProcess.dilate(one, 3, 3)));
  }

  @Test
  void theScoreIsTheMeanInsideTheFilledBox() {
    // a diamond inside a 5 × 5 map of ones except the corners' zeros: the filled diamond
    // |x - 2| + |y - 2| ≤ 2 covers 13 pixels, all ones
    float[] pred = new float[25];
    java.util.Arrays.fill(pred, 1f);
    for (int i : new int[] {0, 1, 3, 4, 5, 9, 15, 19, 20, 21, 23, 24}) {
      pred[i] = 0f;
    }
    assertEquals(1f, DbPostProcess.scoreFast(pred, 5, 5, new Quad(2, 0, 4, 2, 2, 4, 0, 2)), 1e-6);
    // its bounding square: 13 of 25
    assertEquals(13f / 25, DbPostProcess.scoreFast(pred, 5, 5, new Quad(0, 0, 4, 0, 4, 4, 0, 4)), 1e-6);
  }

  @Test
  void aMapOfTheWrongSizeIsRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> post.boxes(new float[10], 4, 4, 4, 4));
    assertEquals("map of 4x4 needs 16 values, got: 10", e.getMessage());
  }
}
