package dev.mmsearch.derive.ocr;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class QuadTest {

  private static void assertQuad(double[] expected, Quad actual) {
    for (int i = 0; i < 4; i++) {
      assertEquals(expected[2 * i], actual.x(i), 1e-9, "x" + i + " of " + actual);
      assertEquals(expected[2 * i + 1], actual.y(i), 1e-9, "y" + i + " of " + actual);
    }
  }

  @Test
  void areaAndPerimeterOfARectangle() {
    Quad q = new Quad(0, 0, 10, 0, 10, 4, 0, 4);
    assertEquals(40, q.area(), 1e-12);
    assertEquals(28, q.perimeter(), 1e-12);
  }

  @Test
  void theMiniBoxOfAxisAlignedPointsStartsTopLeftAndGoesClockwise() {
    // the run ends of a 6 × 3 block at (2..7, 1..3)
    double[] points = {2, 1, 7, 1, 2, 2, 7, 2, 2, 3, 7, 3};
    Quad.MiniBox box = Quad.miniBox(points, 6);
    assertQuad(new double[] {2, 1, 7, 1, 7, 3, 2, 3}, box.quad());
    assertEquals(2, box.shortSide(), 1e-9);
  }

  @Test
  void theMiniBoxOfARotatedRectangleFollowsIt() {
    // a 10 × 4 rectangle turned 30°, corners given in scrambled order with its centre
    double c = Math.cos(Math.toRadians(30));
    double s = Math.sin(Math.toRadians(30));
    double[][] corners = {{0, 0}, {10, 0}, {10, 4}, {0, 4}};
    double[] points = new double[10];
    int[] order = {2, 0, 3, 1};
    for (int i = 0; i < 4; i++) {
      double[] p = corners[order[i]];
      points[2 * i] = 20 + p[0] * c - p[1] * s;
      points[2 * i + 1] = 20 + p[0] * s + p[1] * c;
    }
    points[8] = 20 + 5 * c - 2 * s;
    points[9] = 20 + 5 * s + 2 * c;
    Quad.MiniBox box = Quad.miniBox(points, 5);
    assertEquals(4, box.shortSide(), 1e-9);
    // corners (20, 20), (28.66, 25), (26.66, 28.46), (18, 23.46); sorted by x: (18, 23.46), (20, 20),
    // (26.66, 28.46), (28.66, 25). Left pair: 20 > 23.46 is false, so the second, (20, 20), is first and
    // (18, 23.46) last; right pair: 25 > 28.46 is false, so (28.66, 25) is second, (26.66, 28.46) third.
    assertQuad(new double[] {20, 20, 20 + 10 * c, 20 + 10 * s, 20 + 10 * c - 4 * s, 20 + 10 * s + 4 * c,
        20 - 4 * s, 20 + 4 * c}, box.quad());
  }

  @Test
  void orderClockwisePutsTheCornersTopLeftTopRightBottomRightBottomLeft() {
    Quad scrambled = new Quad(10, 4, 0, 0, 0, 4, 10, 0);
    assertQuad(new double[] {0, 0, 10, 0, 10, 4, 0, 4}, scrambled.orderClockwise());
  }

  @Test
  void aDegenerateSetOfPointsHasNoArea() {
    assertEquals(0, Quad.miniBox(new double[] {3, 3}, 1).shortSide());
    Quad.MiniBox line = Quad.miniBox(new double[] {1, 5, 9, 5, 4, 5}, 3);
    assertEquals(0, line.shortSide(), 1e-12);
    assertArrayEquals(new double[] {3, 3}, Quad.convexHull(new double[] {3, 3, 3, 3, 3, 3}, 3));
  }

  @Test
  void unclipGrowsEachSideByAreaTimesRatioOverPerimeterWithRoundedCorners() {
    // 10 × 4: distance = 40 × 1.6 / 28 = 2.2857; Clipper rounds every offset vertex to an integer,
    // so the straight sides land on x = -2 and 12, y = -2 and 6, and no arc point reaches past them
    double[] grown = new Quad(0, 0, 10, 0, 10, 4, 0, 4).unclip(1.6);
    double minX = Double.MAX_VALUE;
    double maxX = -Double.MAX_VALUE;
    double minY = Double.MAX_VALUE;
    double maxY = -Double.MAX_VALUE;
    for (int i = 0; i < grown.length; i += 2) {
      assertEquals(Math.rint(grown[i]), grown[i], "integer vertices");
      minX = Math.min(minX, grown[i]);
      maxX = Math.max(maxX, grown[i]);
      minY = Math.min(minY, grown[i + 1]);
      maxY = Math.max(maxY, grown[i + 1]);
    }
    assertArrayEquals(new double[] {-2, 12, -2, 6}, new double[] {minX, maxX, minY, maxY});
    // the corners are cut round: the offset polygon has arc vertices, not just the four corners
    assertEquals(true, grown.length / 2 > 8, "arc points: " + grown.length / 2);
    Quad.MiniBox box = Quad.miniBox(grown, grown.length / 2);
    assertQuad(new double[] {-2, -2, 12, -2, 12, 6, -2, 6}, box.quad());
    assertEquals(8, box.shortSide(), 1e-9);
  }

  @Test
  void unclipWorksTheSameWhicheverWayTheCornersRun() {
    double[] cw = new Quad(0, 0, 10, 0, 10, 4, 0, 4).unclip(1.6);
    double[] ccw = new Quad(0, 0, 0, 4, 10, 4, 10, 0).unclip(1.6);
    assertEquals(Quad.miniBox(cw, cw.length / 2).quad(), Quad.miniBox(ccw, ccw.length / 2).quad());
  }

  @Test
  void unclipOfABoxThatCollapsesToALineIsEmpty() {
    assertEquals(0, new Quad(0, 0, 10, 0, 10, 0.5, 0, 0.5).unclip(1.6).length);
  }
}
