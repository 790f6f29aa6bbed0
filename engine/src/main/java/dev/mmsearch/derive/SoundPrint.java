package dev.mmsearch.derive;

import dev.mmsearch.extract.Audio;
import org.jtransforms.fft.DoubleFFT_1D;

/**
 * A sound's signal fingerprint: 256 bits from the energies of 17 frequency bands (150–3,800 Hz,
 * log-spaced, so that resampling to 8 kHz keeps every band) in 9 equal slices of the sound. The
 * first 128 bits are Haitsma and Kalker's (Philips, ISMIR 2002): the sign of the band-energy
 * difference between neighbouring bands, differenced again between neighbouring slices; the last
 * 128 bits the sign of the difference between neighbouring bands in each of slices 1–8 (the
 * spectrum's shape), which stays put in a held note where the first half is noise. Energies are
 * compared as logarithms, so gain (volume) cancels; slices are fractions of the sound, so a sound
 * at any sample rate or cut to the same length gives the same slices; lossy re-encoding moves
 * energies little next to their differences; a quiet start and end are trimmed first
 * (an encoder's delay).
 *
 * <p>Limits: it sees the part of the sound the decoder kept (its first seconds); two sounds of
 * different length are compared slice by slice, so a sound and its first half are different; a
 * silent sound has no bits of its own (all silent sounds match each other).
 *
 * @param words the 256 bits, Philips bits first, highest bit first
 */
public record SoundPrint(long[] words) {

  /** Bits in a fingerprint, and the dimension of its vector. */
  public static final int BITS = 256;
  static final int SLICES = 9;
  static final int BANDS = 17;
  static final double LOW_HZ = 150;
  static final double HIGH_HZ = 3800;
  /** Analysis frame, in seconds (2,048 samples at 44.1 kHz); frames overlap by half. */
  static final double FRAME_SECONDS = 0.0464;
  /** Level, relative to the peak, under which a sound's start and end are trimmed. */
  static final float TRIM_LEVEL = 0.01f;

  public SoundPrint {
    if (words.length != BITS / 64) {
      throw new IllegalArgumentException("a sound print has " + BITS + " bits, got: " + 64 * words.length);
    }
    words = words.clone();
  }

  @Override
  public long[] words() {
    return words.clone();
  }

  /** The fingerprint of a decoded (mono) sound. */
  public static SoundPrint of(Audio audio) {
    double[][] e = logBandEnergies(trimmed(audio.samples()), audio.sampleRate());
    long[] out = new long[BITS / 64];
    int bit = 0;
    for (int t = 1; t < SLICES; t++) {
      for (int b = 0; b < BANDS - 1; b++) {
        double d = (e[t][b] - e[t][b + 1]) - (e[t - 1][b] - e[t - 1][b + 1]);
        set(out, bit++, d > 0);
      }
    }
    for (int t = 1; t < SLICES; t++) {
      for (int b = 0; b < BANDS - 1; b++) {
        set(out, bit++, e[t][b] - e[t][b + 1] > 0);
      }
    }
    return new SoundPrint(out);
  }

  private static void set(long[] words, int bit, boolean one) {
    if (one) {
      words[bit / 64] |= 1L << (63 - bit % 64);
    }
  }

  /**
   * The sound without its quiet start and end (below 1 % of its peak, −40 dB): a lossy encoder's
   * delay and padding (MP3 adds about 50 ms of silence) would otherwise shift every slice.
   */
  static float[] trimmed(float[] samples) {
    float peak = 0;
    for (float s : samples) {
      peak = Math.max(peak, Math.abs(s));
    }
    float quiet = peak * TRIM_LEVEL;
    int from = 0;
    while (from < samples.length && Math.abs(samples[from]) <= quiet) {
      from++;
    }
    int to = samples.length;
    while (to > from && Math.abs(samples[to - 1]) <= quiet) {
      to--;
    }
    return from == 0 && to == samples.length || to - from < 16 ? samples : java.util.Arrays.copyOfRange(samples, from, to);
  }

  /** Log energy per slice and band: Hann-windowed frames' power spectra summed over each slice. */
  static double[][] logBandEnergies(float[] samples, int rate) {
    int frame = Math.max(16, (int) Math.round(FRAME_SECONDS * rate));
    int hop = frame / 2;
    double[] window = new double[frame];
    for (int i = 0; i < frame; i++) {
      window[i] = 0.5 - 0.5 * Math.cos(2 * Math.PI * i / frame);
    }
    // Band edges as FFT bins (at least one bin per band, rising).
    int[] edges = new int[BANDS + 1];
    for (int b = 0; b <= BANDS; b++) {
      double hz = LOW_HZ * Math.pow(HIGH_HZ / LOW_HZ, (double) b / BANDS);
      edges[b] = Math.max(b == 0 ? 1 : edges[b - 1] + 1, (int) Math.round(hz * frame / rate));
    }
    int bins = frame / 2;
    DoubleFFT_1D fft = new DoubleFFT_1D(frame);
    double[] buf = new double[frame];
    double[][] energy = new double[SLICES][BANDS];
    double max = 0;
    for (int t = 0; t < SLICES; t++) {
      int from = (int) ((long) samples.length * t / SLICES);
      int to = (int) ((long) samples.length * (t + 1) / SLICES);
      for (int start = from; start == from || start + frame <= to; start += hop) {
        for (int i = 0; i < frame; i++) {
          int s = start + i;
          buf[i] = s < to ? samples[s] * window[i] : 0;
        }
        fft.realForward(buf);
        for (int b = 0; b < BANDS; b++) {
          double sum = 0;
          for (int k = edges[b]; k < edges[b + 1] && k < bins; k++) {
            sum += buf[2 * k] * buf[2 * k] + buf[2 * k + 1] * buf[2 * k + 1];
          }
          energy[t][b] += sum;
        }
      }
      for (int b = 0; b < BANDS; b++) {
        max = Math.max(max, energy[t][b]);
      }
    }
    // A floor relative to the loudest band, so gain cancels in the logarithms' differences.
    double floor = max > 0 ? max * 1e-9 : 1e-30;
    double[][] out = new double[SLICES][BANDS];
    for (int t = 0; t < SLICES; t++) {
      for (int b = 0; b < BANDS; b++) {
        out[t][b] = Math.log(energy[t][b] + floor);
      }
    }
    return out;
  }

  /** Bits in which two fingerprints differ (0–256). */
  public int hamming(SoundPrint other) {
    int d = 0;
    for (int i = 0; i < words.length; i++) {
      d += Long.bitCount(words[i] ^ other.words[i]);
    }
    return d;
  }

  /** The fingerprint as a unit vector of ±1/16: the dot product of two is {@code 1 − 2·hamming/256}. */
  public float[] vector() {
    return Bits.vector(words);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SoundPrint p && java.util.Arrays.equals(words, p.words);
  }

  @Override
  public int hashCode() {
    return java.util.Arrays.hashCode(words);
  }

  @Override
  public String toString() {
    StringBuilder s = new StringBuilder("SoundPrint[");
    for (long w : words) {
      s.append(String.format("%016x", w));
    }
    return s.append(']').toString();
  }
}
