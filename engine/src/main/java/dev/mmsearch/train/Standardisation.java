package dev.mmsearch.train;

import java.util.List;

/**
 * Per-dimension mean and deviation of training features, so features of very different scales
 * (the audio-signal family's statistics, a picture's look numbers) weigh alike in an adapter. The
 * adapter file carries them ({@link dev.mmsearch.encode.Adapter#standardising}).
 */
public record Standardisation(float[] mean, float[] std) {

  public static Standardisation of(List<float[]> features) {
    int d = features.getFirst().length;
    double[] sum = new double[d];
    double[] sq = new double[d];
    for (float[] f : features) {
      for (int i = 0; i < d; i++) {
        sum[i] += f[i];
        sq[i] += (double) f[i] * f[i];
      }
    }
    float[] mean = new float[d];
    float[] std = new float[d];
    for (int i = 0; i < d; i++) {
      double m = sum[i] / features.size();
      mean[i] = (float) m;
      // A floor keeps constant dimensions (silence statistics, say) from dividing by zero.
      std[i] = (float) Math.max(1e-6, Math.sqrt(Math.max(0, sq[i] / features.size() - m * m)));
    }
    return new Standardisation(mean, std);
  }

  public float[] apply(float[] x) {
    float[] z = new float[x.length];
    for (int i = 0; i < x.length; i++) {
      z[i] = (x[i] - mean[i]) / std[i];
    }
    return z;
  }
}
