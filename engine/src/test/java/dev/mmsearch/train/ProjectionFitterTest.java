package dev.mmsearch.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.mmsearch.encode.Adapter;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ProjectionFitterTest {

  /** 40-d points: an offset shared by all, then variance 25, 9 and 1 along three known directions, and a little noise. */
  private static List<float[]> data(int n, long seed) {
    Random r = new Random(seed);
    List<float[]> out = new ArrayList<>();
    for (int p = 0; p < n; p++) {
      float[] x = new float[40];
      for (int i = 0; i < x.length; i++) {
        x[i] = 3f + 0.01f * (float) r.nextGaussian();
      }
      x[5] += 5 * (float) r.nextGaussian();
      x[17] += 3 * (float) r.nextGaussian();
      x[30] += 1 * (float) r.nextGaussian();
      out.add(x);
    }
    return out;
  }

  @Test
  void keepsTheDirectionsOfMostVarianceInOrderAndDropsTheSharedOffset() {
    List<float[]> d = data(20000, 1);
    ProjectionFitter.Fit fit = new ProjectionFitter(2, 7).fit(d);
    float[] mean = new float[40];
    for (float[] x : d) {
      for (int i = 0; i < 40; i++) {
        mean[i] += x[i] / d.size();
      }
    }
    Adapter a = fit.adapter();
    assertEquals(40, a.inputDimension());
    assertEquals(2, a.outputDimension());
    // (25 + 9) of 35 plus the noise: about 0.97 of the variance.
    assertEquals(34.0 / 35.0, fit.explainedVariance(), 0.02);
    // A point moved along direction 5 from the mean maps onto the first output only, whatever the offset.
    float[] along5 = mean.clone();
    along5[5] += 4;
    float[] y = Adapter.unit(a.apply(along5));
    assertEquals(1.0, Math.abs(y[0]), 1e-3);
    assertEquals(0.0, y[1], 0.02, "sample correlations tilt the directions by about 1/sqrt(n)");
    float[] along17 = mean.clone();
    along17[17] -= 2;
    float[] z = Adapter.unit(a.apply(along17));
    assertEquals(0.0, z[0], 0.02);
    assertEquals(1.0, Math.abs(z[1]), 1e-3);
  }

  @Test
  void refitsAgreeUpToRounding() {
    List<float[]> d = data(500, 2);
    float[] x = d.get(3);
    float[] first = new ProjectionFitter(3, 11).fit(d).adapter().apply(x);
    for (int run = 0; run < 3; run++) {
      // SIMD and scalar dot products round differently; signs are fixed, values agree closely.
      org.junit.jupiter.api.Assertions.assertArrayEquals(first, new ProjectionFitter(3, 11).fit(d).adapter().apply(x), 1e-4f);
    }
  }

  @Test
  void refusesImpossibleFits() {
    assertThrows(IllegalArgumentException.class, () -> new ProjectionFitter(0, 1));
    assertThrows(IllegalArgumentException.class, () -> new ProjectionFitter(41, 1).fit(data(10, 3)));
    assertThrows(IllegalArgumentException.class, () -> new ProjectionFitter(2, 1).fit(data(1, 3)));
  }
}
