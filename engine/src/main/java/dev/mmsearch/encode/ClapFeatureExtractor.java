package dev.mmsearch.encode;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.Locale;

/**
 * CLAP's audio front end, as Hugging Face's {@code ClapFeatureExtractor} computes it from a
 * model's {@code preprocessor_config.json}: the sound (already at {@code sampling_rate}) is fitted
 * to {@code max_length_s}, then turned into a log-mel spectrogram ({@link MelSpectrogram}) of
 * {@code feature_size} bands, {@code fft_window_size} samples per frame, {@code hop_length} apart.
 *
 * <ul>
 *   <li>{@code truncation: rand_trunc} (unfused models): Slaney mel filters, one channel. A longer
 *       sound is cut to its <em>first</em> {@code max_length_s} (Hugging Face picks a random
 *       window; retrieval needs the same vector every time).
 *   <li>{@code truncation: fusion} (fused models): HTK mel filters, four channels. A shorter sound
 *       gives its spectrogram four times; a longer one gives the whole spectrogram shrunk to the
 *       window (bilinear) and three windows from the front, middle and back thirds — the middle of
 *       each third, where Hugging Face picks at random. {@code is_longer} says which case applied
 *       (Hugging Face also marks one random short sound of a batch as longer during training; not
 *       here).
 *   <li>{@code padding}: {@code repeatpad} (repeat whole copies, then zero-pad), {@code repeat}
 *       (repeat and cut) or {@code pad} (zero-pad).
 * </ul>
 *
 * <p>Immutable and thread-safe.
 */
final class ClapFeatureExtractor {

  /** The features of one sound: {@code channels × frames × mels} floats, and whether it was longer than the window. */
  record Features(float[] data, int channels, int frames, int mels, boolean longer) {}

  private final int sampleRate;
  private final int maxSamples;
  private final int hop;
  private final boolean fusion;
  private final String padding;
  private final MelSpectrogram htk;
  private final MelSpectrogram slaney;
  private final double topDb;

  ClapFeatureExtractor(JsonNode c) {
    String type = c.path("feature_extractor_type").asText("ClapFeatureExtractor");
    if (!type.equals("ClapFeatureExtractor")) {
      throw new IllegalArgumentException("feature_extractor_type '" + type + "' is not supported (known: ClapFeatureExtractor)");
    }
    this.sampleRate = positive(c, "sampling_rate", 48_000);
    int nMels = positive(c, "feature_size", 64);
    int nFft = positive(c, "fft_window_size", 1024);
    this.hop = positive(c, "hop_length", 480);
    double maxSeconds = c.path("max_length_s").asDouble(10);
    this.maxSamples = c.has("nb_max_samples") ? positive(c, "nb_max_samples", 0) : (int) Math.round(maxSeconds * sampleRate);
    if (maxSamples < nFft) {
      throw new IllegalArgumentException("nb_max_samples " + maxSamples + " is shorter than one window of " + nFft);
    }
    String truncation = c.path("truncation").asText("fusion");
    if (!truncation.equals("fusion") && !truncation.equals("rand_trunc")) {
      throw new IllegalArgumentException("truncation '" + truncation + "' is not supported (known: fusion, rand_trunc)");
    }
    this.fusion = truncation.equals("fusion");
    this.padding = c.path("padding").asText("repeatpad");
    if (!padding.equals("repeatpad") && !padding.equals("repeat") && !padding.equals("pad")) {
      throw new IllegalArgumentException("padding '" + padding + "' is not supported (known: repeatpad, repeat, pad)");
    }
    double fMin = c.path("frequency_min").asDouble(0);
    double fMax = c.path("frequency_max").asDouble(14_000);
    this.topDb = c.path("top_db").isNumber() ? c.path("top_db").asDouble() : Double.NaN;
    this.htk = new MelSpectrogram(sampleRate, nFft, hop, nMels, fMin, fMax, MelSpectrogram.Scale.HTK, false);
    this.slaney = new MelSpectrogram(sampleRate, nFft, hop, nMels, fMin, fMax, MelSpectrogram.Scale.SLANEY, true);
  }

  private static int positive(JsonNode c, String key, int dflt) {
    JsonNode n = c.path(key);
    int v = n.isMissingNode() || n.isNull() ? dflt : n.asInt(-1);
    if (v < 1) {
      throw new IllegalArgumentException(key + " must be a positive integer, got: " + n);
    }
    return v;
  }

  int sampleRate() {
    return sampleRate;
  }

  int channels() {
    return fusion ? 4 : 1;
  }

  /** Seconds of sound the extractor reads: the window; a fused model reads all of a longer sound. */
  double seconds() {
    return maxSamples / (double) sampleRate;
  }

  boolean readsWholeSound() {
    return fusion;
  }

  /** The features of a sound at {@link #sampleRate()}. */
  Features extract(float[] wave) {
    if (wave.length == 0) {
      throw new IllegalArgumentException("sound has no samples");
    }
    int frames = slaney.frames(maxSamples);
    int mels = slaney.mels();
    if (wave.length > maxSamples) {
      if (!fusion) {
        return single(db(slaney, Arrays.copyOf(wave, maxSamples)), frames, mels, true);
      }
      float[][] mel = db(htk, wave);
      if (mel.length == frames) {
        return repeated(mel, frames, mels, false);
      }
      return fused(mel, frames, mels);
    }
    float[] fitted = pad(wave);
    return fusion ? repeated(db(htk, fitted), frames, mels, false) : single(db(slaney, fitted), frames, mels, false);
  }

  private float[][] db(MelSpectrogram spectrogram, float[] wave) {
    float[][] mel = spectrogram.logMelDb(wave);
    if (!Double.isNaN(topDb)) {
      double max = Double.NEGATIVE_INFINITY;
      for (float[] row : mel) {
        for (float v : row) {
          max = Math.max(max, v);
        }
      }
      float floor = (float) (max - topDb);
      for (float[] row : mel) {
        for (int m = 0; m < row.length; m++) {
          row[m] = Math.max(row[m], floor);
        }
      }
    }
    return mel;
  }

  /** A sound up to the window, fitted to it by the padding mode. */
  float[] pad(float[] wave) {
    if (wave.length >= maxSamples) {
      return wave;
    }
    float[] out = new float[maxSamples];
    int copies = switch (padding) {
      case "repeatpad" -> maxSamples / wave.length;
      case "repeat" -> maxSamples / wave.length + 1;
      default -> 1;
    };
    for (int c = 0, at = 0; c < copies && at < maxSamples; c++, at += wave.length) {
      System.arraycopy(wave, 0, out, at, Math.min(wave.length, maxSamples - at));
    }
    return out;
  }

  private static Features single(float[][] mel, int frames, int mels, boolean longer) {
    float[] data = new float[frames * mels];
    copy(mel, 0, frames, data, 0, mels);
    return new Features(data, 1, frames, mels, longer);
  }

  private static Features repeated(float[][] mel, int frames, int mels, boolean longer) {
    float[] data = new float[4 * frames * mels];
    for (int c = 0; c < 4; c++) {
      copy(mel, 0, frames, data, c * frames * mels, mels);
    }
    return new Features(data, 4, frames, mels, longer);
  }

  private static void copy(float[][] mel, int from, int frames, float[] out, int offset, int mels) {
    for (int f = 0; f < frames; f++) {
      System.arraycopy(mel[from + f], 0, out, offset + f * mels, mels);
    }
  }

  /** [whole spectrogram shrunk, front, middle, back], the middle of each third of the possible starts. */
  private static Features fused(float[][] mel, int frames, int mels) {
    int starts = mel.length - frames + 1;
    int[] third = thirds(starts);
    float[] data = new float[4 * frames * mels];
    float[] shrunk = bilinear(mel, frames, mels);
    System.arraycopy(shrunk, 0, data, 0, shrunk.length);
    for (int c = 0; c < 3; c++) {
      copy(mel, third[c], frames, data, (c + 1) * frames * mels, mels);
    }
    return new Features(data, 4, frames, mels, true);
  }

  /** The middle element of each of numpy's {@code array_split(range(starts), 3)} parts (0 when a part is empty). */
  static int[] thirds(int starts) {
    int base = starts / 3;
    int extra = starts % 3;
    int[] picks = new int[3];
    int begin = 0;
    for (int p = 0; p < 3; p++) {
      int size = base + (p < extra ? 1 : 0);
      picks[p] = size == 0 ? 0 : begin + (size - 1) / 2;
      begin += size;
    }
    return picks;
  }

  /** torch's {@code interpolate(mode="bilinear", align_corners=False)} of {@code [T][M]} to {@code [frames][mels]}. */
  static float[] bilinear(float[][] in, int outH, int outW) {
    int inH = in.length;
    int inW = in[0].length;
    float[] out = new float[outH * outW];
    double sh = (double) inH / outH;
    double sw = (double) inW / outW;
    for (int y = 0; y < outH; y++) {
      double fy = Math.max(0, (y + 0.5) * sh - 0.5);
      int y0 = Math.min((int) fy, inH - 1);
      int y1 = Math.min(y0 + 1, inH - 1);
      double ly = fy - y0;
      for (int x = 0; x < outW; x++) {
        double fx = Math.max(0, (x + 0.5) * sw - 0.5);
        int x0 = Math.min((int) fx, inW - 1);
        int x1 = Math.min(x0 + 1, inW - 1);
        double lx = fx - x0;
        double v = (1 - ly) * ((1 - lx) * in[y0][x0] + lx * in[y0][x1]) + ly * ((1 - lx) * in[y1][x0] + lx * in[y1][x1]);
        out[y * outW + x] = (float) v;
      }
    }
    return out;
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "ClapFeatureExtractor(%d Hz, %.1f s, %s)", sampleRate, seconds(), fusion ? "fusion" : "rand_trunc");
  }
}
