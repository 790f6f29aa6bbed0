package dev.mmsearch.extract;

import java.util.Arrays;
import java.util.Objects;

/**
 * Decoded sound: mono samples in [-1, 1] at {@code sampleRate}. {@code samples} may hold only the
 * beginning of a long sound ({@link AudioLimits#keepSeconds()}); {@code totalFrames} is its full
 * length.
 */
public record Audio(float[] samples, int sampleRate, long totalFrames) {

  public Audio {
    Objects.requireNonNull(samples, "samples");
    if (sampleRate < 1) {
      throw new IllegalArgumentException("sampleRate must be at least 1, got: " + sampleRate);
    }
    if (totalFrames < samples.length) {
      throw new IllegalArgumentException("totalFrames " + totalFrames + " is less than the samples kept, " + samples.length);
    }
  }

  /** Mono samples at a rate, all of them kept. */
  public Audio(float[] samples, int sampleRate) {
    this(samples, sampleRate, samples.length);
  }

  /** The whole sound's length in seconds. */
  public double seconds() {
    return totalFrames / (double) sampleRate;
  }

  /**
   * The samples kept from {@code startSeconds} (inclusive) to {@code endSeconds} (exclusive), as a
   * copy: a video moment's sound. The range is clamped to what is kept, so it may come back
   * shorter than asked, or empty past the kept samples.
   */
  public float[] slice(double startSeconds, double endSeconds) {
    if (!(startSeconds >= 0) || !(endSeconds >= startSeconds)) {
      throw new IllegalArgumentException("slice needs 0 <= start <= end, got: [" + startSeconds + ", " + endSeconds + ")");
    }
    int from = (int) Math.min(samples.length, Math.round(startSeconds * sampleRate));
    int to = (int) Math.min(samples.length, Math.round(endSeconds * sampleRate));
    return Arrays.copyOfRange(samples, from, Math.max(from, to));
  }

  /** The samples; not a copy (decoded sound is large and nobody else holds it). */
  @Override
  public float[] samples() {
    return samples;
  }
}
