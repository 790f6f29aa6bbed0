package dev.mmsearch.encode;

import java.util.Locale;
import org.jtransforms.fft.DoubleFFT_1D;

/**
 * Log-mel spectrograms as Hugging Face's {@code audio_utils.spectrogram} computes them (and so as
 * CLAP's feature extractor does): frames centred by reflect-padding half a window on each side,
 * a periodic Hann window, the power spectrum of a real FFT (JTransforms), a triangular mel filter
 * bank on the HTK or Slaney scale with optional Slaney area normalisation, a floor of 1e-10 and
 * {@code 10 log10}. Everything runs in double precision, as numpy does there; results are floats.
 *
 * <p>Immutable; thread-safe (each call has its own FFT buffers).
 */
final class MelSpectrogram {

  /** The mel scale: HTK's {@code 2595 log10(1 + f/700)} or Slaney's (linear below 1 kHz, log above). */
  enum Scale {
    HTK,
    SLANEY;

    double toMel(double hz) {
      if (this == HTK) {
        return 2595.0 * Math.log10(1.0 + hz / 700.0);
      }
      double mel = 3.0 * hz / 200.0;
      return hz >= 1000.0 ? 15.0 + Math.log(hz / 1000.0) * (27.0 / Math.log(6.4)) : mel;
    }

    double toHz(double mel) {
      if (this == HTK) {
        return 700.0 * (Math.pow(10, mel / 2595.0) - 1.0);
      }
      return mel >= 15.0 ? 1000.0 * Math.exp(Math.log(6.4) / 27.0 * (mel - 15.0)) : 200.0 * mel / 3.0;
    }

    static Scale fromString(String s) {
      for (Scale v : values()) {
        if (v.name().equalsIgnoreCase(s)) {
          return v;
        }
      }
      throw new IllegalArgumentException("unknown mel scale '" + s + "' (known: htk, slaney)");
    }
  }

  static final double MEL_FLOOR = 1e-10;

  private final int nFft;
  private final int hop;
  private final int nMels;
  private final double[] window;
  /** {@code [bins][mels]}, as {@code mel_filter_bank} returns it. */
  private final double[][] filters;

  MelSpectrogram(int sampleRate, int nFft, int hop, int nMels, double fMin, double fMax, Scale scale, boolean slaneyNorm) {
    if (nFft < 2 || hop < 1 || nMels < 1 || fMin < 0 || fMax <= fMin) {
      throw new IllegalArgumentException(String.format(Locale.ROOT,
          "bad spectrogram settings: n_fft %d, hop %d, mels %d, %.1f..%.1f Hz", nFft, hop, nMels, fMin, fMax));
    }
    this.nFft = nFft;
    this.hop = hop;
    this.nMels = nMels;
    this.window = new double[nFft];
    for (int i = 0; i < nFft; i++) {
      // numpy.hanning(n + 1)[:-1]: the periodic Hann window.
      window[i] = 0.5 - 0.5 * Math.cos(2 * Math.PI * i / nFft);
    }
    this.filters = filterBank(nFft / 2 + 1, nMels, fMin, fMax, sampleRate, scale, slaneyNorm);
  }

  int mels() {
    return nMels;
  }

  /** Number of frames for {@code n} samples: {@code 1 + (n + nFft - nFft) / hop}, frames centred. */
  int frames(int n) {
    return 1 + (n + 2 * (nFft / 2) - nFft) / hop;
  }

  /** Power mel spectrogram (floored at 1e-10), {@code [frames][mels]}. */
  double[][] melPower(float[] wave) {
    int half = nFft / 2;
    double[] padded = reflectPad(wave, half);
    int frames = 1 + (padded.length - nFft) / hop;
    double[][] out = new double[frames][nMels];
    DoubleFFT_1D fft = new DoubleFFT_1D(nFft);
    double[] buf = new double[nFft];
    double[] power = new double[half + 1];
    for (int f = 0; f < frames; f++) {
      int start = f * hop;
      for (int i = 0; i < nFft; i++) {
        buf[i] = padded[start + i] * window[i];
      }
      fft.realForward(buf);
      power[0] = buf[0] * buf[0];
      power[half] = buf[1] * buf[1];
      for (int k = 1; k < half; k++) {
        power[k] = buf[2 * k] * buf[2 * k] + buf[2 * k + 1] * buf[2 * k + 1];
      }
      double[] mel = out[f];
      for (int m = 0; m < nMels; m++) {
        double acc = 0;
        for (int k = 0; k <= half; k++) {
          acc += filters[k][m] * power[k];
        }
        mel[m] = Math.max(MEL_FLOOR, acc);
      }
    }
    return out;
  }

  /** Log-mel spectrogram in dB ({@code 10 log10} of the floored power), {@code [frames][mels]}. */
  float[][] logMelDb(float[] wave) {
    double[][] power = melPower(wave);
    float[][] db = new float[power.length][nMels];
    for (int f = 0; f < power.length; f++) {
      for (int m = 0; m < nMels; m++) {
        db[f][m] = (float) (10.0 * Math.log10(power[f][m]));
      }
    }
    return db;
  }

  /** numpy's {@code pad(mode="reflect")}, repeated for signals shorter than the padding. */
  static double[] reflectPad(float[] x, int pad) {
    int n = x.length;
    double[] out = new double[n + 2 * pad];
    for (int i = 0; i < out.length; i++) {
      out[i] = n == 1 ? x[0] : x[reflect(i - pad, n)];
    }
    return out;
  }

  private static int reflect(int i, int n) {
    int period = 2 * (n - 1);
    int m = Math.floorMod(i, period);
    return m < n ? m : period - m;
  }

  /** {@code mel_filter_bank(num_frequency_bins, num_mel_filters, fmin, fmax, sr, norm, mel_scale)}: {@code [bins][mels]}. */
  static double[][] filterBank(int bins, int mels, double fMin, double fMax, int sampleRate, Scale scale, boolean slaneyNorm) {
    double melMin = scale.toMel(fMin);
    double melMax = scale.toMel(fMax);
    double[] filterFreqs = new double[mels + 2];
    for (int i = 0; i < mels + 2; i++) {
      filterFreqs[i] = scale.toHz(melMin + (melMax - melMin) * i / (mels + 1));
    }
    double[] fftFreqs = new double[bins];
    for (int k = 0; k < bins; k++) {
      fftFreqs[k] = (double) (sampleRate / 2) * k / (bins - 1);
    }
    double[][] fb = new double[bins][mels];
    for (int k = 0; k < bins; k++) {
      for (int m = 0; m < mels; m++) {
        double down = -(filterFreqs[m] - fftFreqs[k]) / (filterFreqs[m + 1] - filterFreqs[m]);
        double up = (filterFreqs[m + 2] - fftFreqs[k]) / (filterFreqs[m + 2] - filterFreqs[m + 1]);
        double w = Math.max(0, Math.min(down, up));
        if (slaneyNorm) {
          w *= 2.0 / (filterFreqs[m + 2] - filterFreqs[m]);
        }
        fb[k][m] = w;
      }
    }
    return fb;
  }
}
