package dev.mmsearch.extract;

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

  /** The samples; not a copy (decoded sound is large and nobody else holds it). */
  @Override
  public float[] samples() {
    return samples;
  }
}
