package dev.mmsearch.extract;

/**
 * Bounds on decoded sound: bytes on arrival, duration from the header or while decoding, and how
 * much of a sound is kept in memory.
 *
 * @param maxBytes largest accepted encoded size
 * @param maxSeconds longest accepted sound; longer ones are refused ({@link DecodeException.Reason#TOO_LONG})
 * @param keepSeconds how much of the beginning is kept (the rest is decoded and counted, not stored):
 *     what the encoders read at most
 */
public record AudioLimits(long maxBytes, int maxSeconds, double keepSeconds) {

  /** 64 MiB: about six minutes of CD-quality WAV. */
  public static final long DEFAULT_MAX_BYTES = 64L << 20;

  /** Ten minutes. */
  public static final int DEFAULT_MAX_SECONDS = 600;

  /** What the encoders read by default: CLAP models read 10 s, the bundle's signal features 30 s. */
  public static final double DEFAULT_KEEP_SECONDS = 30;

  /**
   * Most channels a sound may have (WAV, Vorbis; FLAC allows 8 and MP3 2 on their own): more than
   * third-order ambisonics (16) or 22.2 surround (24) use, few enough that a frame of 64-bit
   * samples is at most 256 bytes. Not configurable; more is {@link DecodeException.Reason#UNSUPPORTED_FORMAT}.
   */
  public static final int MAX_CHANNELS = 32;

  public static final AudioLimits DEFAULTS = new AudioLimits(DEFAULT_MAX_BYTES, DEFAULT_MAX_SECONDS, DEFAULT_KEEP_SECONDS);

  public AudioLimits {
    if (maxBytes < 1) {
      throw new IllegalArgumentException("maxBytes must be at least 1, got: " + maxBytes);
    }
    if (maxSeconds < 1) {
      throw new IllegalArgumentException("maxSeconds must be at least 1, got: " + maxSeconds);
    }
    if (!(keepSeconds > 0)) {
      throw new IllegalArgumentException("keepSeconds must be positive, got: " + keepSeconds);
    }
  }

  /** The same limits, keeping {@code seconds}. */
  public AudioLimits keeping(double seconds) {
    return new AudioLimits(maxBytes, maxSeconds, seconds);
  }
}
