package dev.mmsearch.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class RetrievalMetricsTest {

  private static float[] v(float x, float y) {
    float n = (float) Math.hypot(x, y);
    return new float[] {x / n, y / n};
  }

  @Test
  void recallPrecisionAndMrrOnAHandMadeRanking() {
    // Query "a" ranks candidates b1 (wrong), a1, a2, b2, then the rest.
    List<float[]> candidates = List.of(v(1, 0.05f), v(1, 0.1f), v(1, 0.2f), v(1, 0.3f), v(0, 1), v(-1, 0));
    List<String> labels = List.of("b", "a", "a", "b", "c", "c");
    RetrievalMetrics m = RetrievalMetrics.of(List.of(v(1, 0)), List.of("a"), candidates, labels, false);
    assertEquals(1, m.queries());
    assertEquals(0.0, m.recall()[0]);
    assertEquals(1.0, m.recall()[1]);
    assertEquals(0.5, m.mrr(), 1e-9);
    assertEquals(0.0, m.precision()[0]);
    assertEquals(2 / 5.0, m.precision()[1], 1e-9);
    assertEquals(2 / 10.0, m.precision()[2], 1e-9, "precision@k divides by k even with fewer candidates");
    // Two of six relevant: chance of none in the top 1 is 4/6.
    assertEquals(1 - 4 / 6.0, m.chance()[0], 1e-9);
  }

  @Test
  void excludingSelfSkipsTheQueryItsOwnCandidate() {
    List<float[]> vectors = List.of(v(1, 0), v(1, 0.1f), v(0, 1), v(0.1f, 1));
    List<String> labels = List.of("x", "x", "y", "y");
    RetrievalMetrics m = RetrievalMetrics.of(vectors, labels, vectors, labels, true);
    assertEquals(4, m.queries());
    assertEquals(1.0, m.recall()[0]);
    assertEquals(1.0, m.precision()[0]);
    assertEquals(1 / 5.0, m.precision()[1], 1e-9);
  }
}
