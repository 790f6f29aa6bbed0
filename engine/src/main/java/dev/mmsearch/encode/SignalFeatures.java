package dev.mmsearch.encode;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;

/**
 * A fixed-length description of a sound from signal statistics alone, for spaces where no
 * pretrained audio network is at hand: the sound (resampled to {@code sampleRate}, first
 * {@code seconds}) is framed into a log-mel spectrogram ({@link MelSpectrogram}, HTK scale), and
 * summarised over time:
 *
 * <ul>
 *   <li>timbre: mean and standard deviation of each mel band (dB), and of the first {@code mfcc}
 *       MFCCs (orthonormal DCT-II of the dB bands), with the standard deviation of their frame
 *       deltas;
 *   <li>spectral shape per frame — centroid, spread, 85 % roll-off, flatness, flux — mean and
 *       standard deviation each;
 *   <li>temporal envelope: frame loudness (dB) mean, deviation, 10th/50th/90th percentiles and
 *       peak, where in the sound the peak falls, the share of loud frames, zero-crossing rate mean
 *       and deviation, onset-strength mean, and the log of the duration;
 *   <li>rhythm: the strongest autocorrelation of the onset envelope between 0.1 s and 2 s, and its lag.
 * </ul>
 *
 * Scales differ widely, so an adapter that reads these standardises them first ({@link Adapter}'s
 * {@code input.mean}/{@code input.std}). Deterministic; immutable; thread-safe.
 */
public final class SignalFeatures {

  private final int sampleRate;
  private final double seconds;
  private final int mfcc;
  private final MelSpectrogram mel;
  private final int nFft;
  private final int hop;
  private final int bands;
  private final double fMin;
  private final double fMax;

  SignalFeatures(int sampleRate, double seconds, int nFft, int hop, int bands, double fMin, double fMax, int mfcc) {
    if (mfcc < 1 || mfcc > bands) {
      throw new IllegalArgumentException("mfcc must be in 1.." + bands + ", got: " + mfcc);
    }
    if (!(seconds > 0)) {
      throw new IllegalArgumentException("seconds must be positive, got: " + seconds);
    }
    this.sampleRate = sampleRate;
    this.seconds = seconds;
    this.mfcc = mfcc;
    this.nFft = nFft;
    this.hop = hop;
    this.bands = bands;
    this.fMin = fMin;
    this.fMax = fMax;
    this.mel = new MelSpectrogram(sampleRate, nFft, hop, bands, fMin, fMax, MelSpectrogram.Scale.HTK, false);
  }

  /** Settings from a manifest's {@code audio} block; every key has a default. */
  static SignalFeatures fromConfig(JsonNode c) {
    return new SignalFeatures(c.path("sampleRate").asInt(16_000), c.path("seconds").asDouble(30), c.path("fftSize").asInt(512),
        c.path("hop").asInt(160), c.path("melBands").asInt(64), c.path("minHz").asDouble(50), c.path("maxHz").asDouble(8000),
        c.path("mfcc").asInt(20));
  }

  public static SignalFeatures defaults() {
    return fromConfig(com.fasterxml.jackson.databind.node.MissingNode.getInstance());
  }

  int sampleRate() {
    return sampleRate;
  }

  double seconds() {
    return seconds;
  }

  /** Length of every vector {@link #extract} returns. */
  public int dimension() {
    return 2 * bands + 3 * mfcc + 10 + 12 + 2;
  }

  /** The description of a sound given at {@link #sampleRate()} (longer sounds are cut to {@code seconds}). */
  public float[] extract(float[] wave) {
    float[] x = wave.length > (int) (seconds * sampleRate) ? Arrays.copyOf(wave, (int) (seconds * sampleRate)) : wave;
    if (x.length == 0) {
      throw new IllegalArgumentException("sound has no samples");
    }
    double[][] power = mel.melPower(x);
    int frames = power.length;
    double[][] db = new double[frames][bands];
    for (int f = 0; f < frames; f++) {
      for (int b = 0; b < bands; b++) {
        db[f][b] = 10 * Math.log10(power[f][b]);
      }
    }
    float[] out = new float[dimension()];
    int at = 0;
    at = meanStd(db, bands, out, at);
    double[][] cc = dct(db, mfcc);
    at = meanStd(cc, mfcc, out, at);
    double[][] delta = new double[Math.max(1, frames - 1)][mfcc];
    for (int f = 1; f < frames; f++) {
      for (int k = 0; k < mfcc; k++) {
        delta[f - 1][k] = cc[f][k] - cc[f - 1][k];
      }
    }
    for (int k = 0; k < mfcc; k++) {
      double[] col = column(delta, k);
      out[at++] = (float) std(col, mean(col));
    }
    at = shape(power, out, at);
    at = envelope(x, power, out, at);
    return out;
  }

  private static int meanStd(double[][] m, int width, float[] out, int at) {
    for (int k = 0; k < width; k++) {
      double[] col = column(m, k);
      double mu = mean(col);
      out[at + k] = (float) mu;
      out[at + width + k] = (float) std(col, mu);
    }
    return at + 2 * width;
  }

  /** Orthonormal DCT-II of each row, first {@code n} coefficients (MFCCs from dB bands). */
  private static double[][] dct(double[][] rows, int n) {
    int m = rows[0].length;
    double[][] out = new double[rows.length][n];
    for (int k = 0; k < n; k++) {
      double norm = k == 0 ? Math.sqrt(1.0 / m) : Math.sqrt(2.0 / m);
      double[] basis = new double[m];
      for (int j = 0; j < m; j++) {
        basis[j] = norm * Math.cos(Math.PI * k * (2 * j + 1) / (2.0 * m));
      }
      for (int f = 0; f < rows.length; f++) {
        double acc = 0;
        for (int j = 0; j < m; j++) {
          acc += rows[f][j] * basis[j];
        }
        out[f][k] = acc;
      }
    }
    return out;
  }

  /** Centroid, spread, roll-off (as band positions in [0, 1]), flatness, flux: mean and deviation each. */
  private int shape(double[][] power, float[] out, int at) {
    int frames = power.length;
    double[][] s = new double[frames][5];
    for (int f = 0; f < frames; f++) {
      double total = 0;
      double weighted = 0;
      double logSum = 0;
      for (int b = 0; b < bands; b++) {
        total += power[f][b];
        weighted += b * power[f][b];
        logSum += Math.log(power[f][b]);
      }
      double centroid = weighted / total;
      double spread = 0;
      double cumulative = 0;
      int rolloff = bands - 1;
      for (int b = 0; b < bands; b++) {
        spread += (b - centroid) * (b - centroid) * power[f][b];
        cumulative += power[f][b];
        if (cumulative >= 0.85 * total && rolloff == bands - 1) {
          rolloff = b;
        }
      }
      double flux = 0;
      if (f > 0) {
        for (int b = 0; b < bands; b++) {
          double d = Math.log10(power[f][b]) - Math.log10(power[f - 1][b]);
          flux += d > 0 ? d : 0;
        }
      }
      s[f][0] = centroid / bands;
      s[f][1] = Math.sqrt(spread / total) / bands;
      s[f][2] = rolloff / (double) bands;
      s[f][3] = Math.exp(logSum / bands) / (total / bands);
      s[f][4] = flux / bands;
    }
    for (int k = 0; k < 5; k++) {
      double[] col = column(s, k);
      double mu = mean(col);
      out[at++] = (float) mu;
      out[at++] = (float) std(col, mu);
    }
    return at;
  }

  private int envelope(float[] x, double[][] power, float[] out, int at) {
    int frames = power.length;
    double[] loud = new double[frames];
    double[] onset = new double[frames];
    int peak = 0;
    for (int f = 0; f < frames; f++) {
      double total = 0;
      for (int b = 0; b < bands; b++) {
        total += power[f][b];
      }
      loud[f] = 10 * Math.log10(total);
      if (loud[f] > loud[peak]) {
        peak = f;
      }
      onset[f] = f == 0 ? 0 : Math.max(0, loud[f] - loud[f - 1]);
    }
    double mu = mean(loud);
    double[] sorted = loud.clone();
    Arrays.sort(sorted);
    double max = sorted[frames - 1];
    int loudFrames = 0;
    for (double v : loud) {
      loudFrames += v > max - 20 ? 1 : 0;
    }
    double[] zcr = zeroCrossings(x);
    double zMu = mean(zcr);
    out[at++] = (float) mu;
    out[at++] = (float) std(loud, mu);
    out[at++] = (float) percentile(sorted, 0.1);
    out[at++] = (float) percentile(sorted, 0.5);
    out[at++] = (float) percentile(sorted, 0.9);
    out[at++] = (float) max;
    out[at++] = (float) (frames > 1 ? peak / (double) (frames - 1) : 0);
    out[at++] = (float) (loudFrames / (double) frames);
    out[at++] = (float) zMu;
    out[at++] = (float) std(zcr, zMu);
    out[at++] = (float) mean(onset);
    out[at++] = (float) Math.log(x.length / (double) sampleRate);
    // Rhythm: the strongest normalised autocorrelation of the onset envelope at lags of 0.1..2 s.
    double[] centred = onset.clone();
    double oMu = mean(centred);
    double energy = 0;
    for (int i = 0; i < centred.length; i++) {
      centred[i] -= oMu;
      energy += centred[i] * centred[i];
    }
    double framesPerSecond = sampleRate / (double) hop;
    int minLag = (int) Math.round(0.1 * framesPerSecond);
    int maxLag = Math.min(frames - 1, (int) Math.round(2 * framesPerSecond));
    double best = 0;
    int bestLag = 0;
    for (int lag = minLag; lag <= maxLag && energy > 0; lag++) {
      double acc = 0;
      for (int i = lag; i < frames; i++) {
        acc += centred[i] * centred[i - lag];
      }
      double r = acc / energy;
      if (r > best) {
        best = r;
        bestLag = lag;
      }
    }
    out[at++] = (float) best;
    out[at++] = (float) (bestLag / framesPerSecond);
    return at;
  }

  /** Zero-crossing rate per frame of the raw samples. */
  private double[] zeroCrossings(float[] x) {
    int frames = Math.max(1, 1 + (x.length - nFft) / hop);
    double[] z = new double[frames];
    for (int f = 0; f < frames; f++) {
      int start = f * hop;
      int end = Math.min(x.length, start + nFft);
      int crossings = 0;
      for (int i = start + 1; i < end; i++) {
        crossings += (x[i - 1] >= 0) != (x[i] >= 0) ? 1 : 0;
      }
      z[f] = end - start > 1 ? crossings / (double) (end - start - 1) : 0;
    }
    return z;
  }

  private static double[] column(double[][] m, int k) {
    double[] c = new double[m.length];
    for (int i = 0; i < m.length; i++) {
      c[i] = m[i][k];
    }
    return c;
  }

  private static double mean(double[] v) {
    double s = 0;
    for (double x : v) {
      s += x;
    }
    return s / v.length;
  }

  private static double std(double[] v, double mu) {
    double s = 0;
    for (double x : v) {
      s += (x - mu) * (x - mu);
    }
    return Math.sqrt(s / v.length);
  }

  private static double percentile(double[] sorted, double q) {
    return sorted[(int) Math.min(sorted.length - 1, Math.round(q * (sorted.length - 1)))];
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SignalFeatures s && s.sampleRate == sampleRate && s.seconds == seconds && s.nFft == nFft
        && s.hop == hop && s.bands == bands && s.mfcc == mfcc && s.fMin == fMin && s.fMax == fMax;
  }

  @Override
  public int hashCode() {
    return Objects.hash(sampleRate, seconds, nFft, hop, bands, mfcc, fMin, fMax);
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "SignalFeatures(%d Hz, %.0f s, %d bands, %d MFCCs)", sampleRate, seconds, bands, mfcc);
  }
}
