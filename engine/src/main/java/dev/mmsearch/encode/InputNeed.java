package dev.mmsearch.encode;

/**
 * What part of its inputs an encoder reads ({@link Encoder#reads()}), so that decoders keep no more:
 * each file modality's medium looks for the need of its own kind among its encoders and ignores the
 * others. An encoder that declares none gets its inputs whole (within the limits).
 */
public interface InputNeed {

  /**
   * A picture encoder reads images resized to at most {@code pixels} a side; 0: at their own size.
   * Decoders read large images subsampled to a few times this.
   */
  record PictureSide(int pixels) implements InputNeed {
    public PictureSide {
      if (pixels < 0) {
        throw new IllegalArgumentException("pixels must be at least 0, got: " + pixels);
      }
    }
  }

  /** A sound encoder reads the first {@code seconds} of a sound ({@code Double.POSITIVE_INFINITY}: all of it). */
  record SoundSeconds(double seconds) implements InputNeed {
    public SoundSeconds {
      if (!(seconds >= 0)) {
        throw new IllegalArgumentException("seconds must be at least 0, got: " + seconds);
      }
    }
  }
}
