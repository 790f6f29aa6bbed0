package dev.mmsearch.train;

import dev.mmsearch.encode.Adapter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.lucene.util.VectorUtil;

/**
 * Learns a principal-component projection of a backbone's features from a collection's own
 * pictures (no captions): centre on the features' mean and keep the directions of most variance.
 * An image→image space that reads wide multi-layer features through it gets short vectors
 * (cheaper to index and search) that keep what tells pictures apart, and drops the constant part
 * that every picture shares (which only adds to every cosine).
 *
 * <p>The result is an {@link Adapter}: its input standardisation is the mean (deviation 1), its one
 * linear layer the top directions as rows. The encoder normalises its output, so the scale of the
 * directions does not matter. Top directions come from randomized subspace iteration on the
 * covariance (Halko, Martinsson and Tropp, 2011) with a final Rayleigh–Ritz step solved by Commons
 * Math: a few covariance products instead of a full eigendecomposition of a 3,000 × 3,000 matrix.
 * Not thread-safe; one fitter per run.
 */
public final class ProjectionFitter {

  /** Extra directions iterated beyond those kept, and iterations: enough for a stable top subspace. */
  private static final int OVERSAMPLING = 32;
  private static final int ITERATIONS = 4;

  private final int dims;
  private final long seed;

  /** @param dims how many directions to keep */
  public ProjectionFitter(int dims, long seed) {
    if (dims < 1) {
      throw new IllegalArgumentException("dims must be at least 1, got: " + dims);
    }
    this.dims = dims;
    this.seed = seed;
  }

  /** What the fit kept: the adapter, and the share of the variance its directions hold. */
  public record Fit(Adapter adapter, double explainedVariance) {}

  public Fit fit(List<float[]> features) {
    if (features.size() < 2) {
      throw new IllegalArgumentException("need at least 2 feature vectors, got: " + features.size());
    }
    int d = features.getFirst().length;
    if (dims > d) {
      throw new IllegalArgumentException("cannot keep " + dims + " directions of " + d + "-d features");
    }
    int n = features.size();
    float[] mean = new float[d];
    for (float[] f : features) {
      if (f.length != d) {
        throw new IllegalArgumentException("features of different lengths: " + d + " and " + f.length);
      }
      for (int i = 0; i < d; i++) {
        mean[i] += f[i] / n;
      }
    }
    // Centred data by dimension (column-major), so that each covariance entry is one SIMD dot product.
    float[][] columns = new float[d][n];
    for (int r = 0; r < n; r++) {
      float[] f = features.get(r);
      for (int i = 0; i < d; i++) {
        columns[i][r] = f[i] - mean[i];
      }
    }
    float[][] covariance = new float[d][d];
    double total = 0;
    for (int i = 0; i < d; i++) {
      for (int j = 0; j <= i; j++) {
        float c = VectorUtil.dotProduct(columns[i], columns[j]) / n;
        covariance[i][j] = c;
        covariance[j][i] = c;
      }
      total += covariance[i][i];
    }
    columns = null;

    int k = Math.min(d, dims + OVERSAMPLING);
    Random random = new Random(seed);
    float[][] basis = new float[k][d];
    for (float[] b : basis) {
      for (int i = 0; i < d; i++) {
        b[i] = (float) random.nextGaussian();
      }
    }
    orthonormalise(basis);
    for (int it = 0; it < ITERATIONS; it++) {
      basis = multiply(covariance, basis);
      orthonormalise(basis);
    }
    // Rayleigh–Ritz: the covariance restricted to the subspace, diagonalised.
    float[][] projected = multiply(covariance, basis);
    double[][] small = new double[k][k];
    for (int a = 0; a < k; a++) {
      for (int b = 0; b <= a; b++) {
        double v = VectorUtil.dotProduct(basis[a], projected[b]);
        small[a][b] = v;
        small[b][a] = v;
      }
    }
    EigenDecomposition eigen = new EigenDecomposition(new Array2DRowRealMatrix(small, false));
    double[] values = eigen.getRealEigenvalues();
    Integer[] order = new Integer[k];
    for (int i = 0; i < k; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (x, y) -> Double.compare(values[y], values[x]));
    float[] weights = new float[dims * d];
    double kept = 0;
    for (int o = 0; o < dims; o++) {
      double[] coefficients = eigen.getEigenvector(order[o]).toArray();
      kept += Math.max(0, values[order[o]]);
      for (int a = 0; a < k; a++) {
        float c = (float) coefficients[a];
        float[] b = basis[a];
        for (int i = 0; i < d; i++) {
          weights[o * d + i] += c * b[i];
        }
      }
      // A direction's sign is arbitrary (and flips with rounding): fix it so refits agree.
      int largest = o * d;
      for (int i = o * d; i < (o + 1) * d; i++) {
        largest = Math.abs(weights[i]) > Math.abs(weights[largest]) ? i : largest;
      }
      if (weights[largest] < 0) {
        for (int i = o * d; i < (o + 1) * d; i++) {
          weights[i] = -weights[i];
        }
      }
    }
    float[] ones = new float[d];
    Arrays.fill(ones, 1f);
    Adapter adapter = new Adapter(new float[][] {weights}, new float[][] {new float[dims]}, new int[] {d}, new int[] {dims}, mean, ones);
    return new Fit(adapter, total > 0 ? kept / total : 0);
  }

  /** {@code matrix × v} for each row vector {@code v} of {@code vectors} (the matrix is symmetric). */
  private static float[][] multiply(float[][] matrix, float[][] vectors) {
    float[][] out = new float[vectors.length][matrix.length];
    for (int v = 0; v < vectors.length; v++) {
      for (int i = 0; i < matrix.length; i++) {
        out[v][i] = VectorUtil.dotProduct(matrix[i], vectors[v]);
      }
    }
    return out;
  }

  /** Modified Gram–Schmidt, twice for stability in float; a vector that vanishes is replaced by a fresh direction. */
  private static void orthonormalise(float[][] vectors) {
    for (int pass = 0; pass < 2; pass++) {
      List<float[]> done = new ArrayList<>();
      for (float[] v : vectors) {
        for (float[] u : done) {
          float dot = VectorUtil.dotProduct(u, v);
          for (int i = 0; i < v.length; i++) {
            v[i] -= dot * u[i];
          }
        }
        double norm = Math.sqrt(VectorUtil.dotProduct(v, v));
        if (norm < 1e-12) {
          Arrays.fill(v, 0f);
          v[done.size() % v.length] = 1f;
          norm = 1;
        }
        for (int i = 0; i < v.length; i++) {
          v[i] /= (float) norm;
        }
        done.add(v);
      }
    }
  }
}
