package dev.mmsearch.encode;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Band-limited resampling of sound by a rational factor: a windowed-sinc (Hann) polyphase filter
 * with cutoff at 0.99 of the lower Nyquist rate and six zero crossings on each side, computed as
 * torchaudio's {@code functional.resample} (its default {@code sinc_interp_hann}) computes it, so
 * features match pipelines that resample with torchaudio. Kernels are cached per rate pair.
 * Thread-safe.
 */
final class SincResampler {

  static final int LOWPASS_FILTER_WIDTH = 6;
  static final double ROLLOFF = 0.99;
  /** Largest kernel (phases × taps) built; odd rates are first snapped to a nearby rate (see {@link #resample}). */
  static final long MAX_KERNEL = 1 << 22;

  private record Kernel(int orig, int target, int width, float[][] phases) {}

  private static final Map<Long, Kernel> KERNELS = new ConcurrentHashMap<>();

  private SincResampler() {}

  /**
   * {@code samples} at {@code from} Hz, resampled to {@code to} Hz: {@code ceil(n × to / from)}
   * samples. A source rate whose ratio to the target reduces to a kernel over {@link #MAX_KERNEL}
   * (e.g. 44,099 Hz) is treated as the nearest rate with a gcd of at least 100 with the target:
   * a pitch error under 0.3 %.
   */
  static float[] resample(float[] samples, int from, int to) {
    if (from == to) {
      return samples.clone();
    }
    Kernel k = kernel(from, to);
    int n = samples.length;
    int orig = k.orig();
    int width = k.width();
    int taps = 2 * width + orig;
    long outLength = (long) Math.ceil((double) k.target() * n / orig);
    float[] out = new float[(int) outLength];
    // Pad with width zeros before and width + orig after, then one dot product per output sample.
    for (int block = 0, o = 0; o < out.length; block++) {
      int start = block * orig - width;
      for (int p = 0; p < k.target() && o < out.length; p++, o++) {
        float[] h = k.phases()[p];
        double acc = 0;
        int i0 = Math.max(0, -start);
        int i1 = Math.min(taps, n - start);
        for (int i = i0; i < i1; i++) {
          acc += samples[start + i] * h[i];
        }
        out[o] = (float) acc;
      }
    }
    return out;
  }

  private static Kernel kernel(int from, int to) {
    long key = ((long) from << 32) | (to & 0xFFFFFFFFL);
    return KERNELS.computeIfAbsent(key, x -> build(from, to));
  }

  private static Kernel build(int from, int to) {
    int gcd = gcd(from, to);
    if ((long) (to / gcd) * (2L * 8 + from / gcd) > MAX_KERNEL) {
      int snapped = Math.toIntExact(Math.round(from / 100.0) * 100);
      int g2 = gcd(snapped, to);
      if ((long) (to / g2) * (2L * 8 + snapped / g2) > MAX_KERNEL) {
        throw new IllegalArgumentException("cannot resample " + from + " Hz to " + to + " Hz");
      }
      return build(snapped, to);
    }
    int orig = from / gcd;
    int target = to / gcd;
    double baseFreq = Math.min(orig, target) * ROLLOFF;
    int width = (int) Math.ceil(LOWPASS_FILTER_WIDTH * orig / baseFreq);
    int taps = 2 * width + orig;
    float[][] phases = new float[target][taps];
    double scale = baseFreq / orig;
    for (int p = 0; p < target; p++) {
      for (int j = 0; j < taps; j++) {
        double idx = (j - width) / (double) orig;
        double t = (-p / (double) target + idx) * baseFreq;
        t = Math.max(-LOWPASS_FILTER_WIDTH, Math.min(LOWPASS_FILTER_WIDTH, t));
        double window = Math.cos(t * Math.PI / LOWPASS_FILTER_WIDTH / 2);
        window *= window;
        double x = t * Math.PI;
        double sinc = x == 0 ? 1.0 : Math.sin(x) / x;
        phases[p][j] = (float) (sinc * window * scale);
      }
    }
    return new Kernel(orig, target, width, phases);
  }

  private static int gcd(int a, int b) {
    while (b != 0) {
      int t = a % b;
      a = b;
      b = t;
    }
    return a;
  }
}
