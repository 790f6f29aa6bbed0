package dev.mmsearch.extract;

/**
 * A media file (an image, a sound) that cannot be decoded. The {@link Reason} lets callers map the
 * failure to a precise client error (413 for limits, 415 for formats, 422 for broken bytes) or to
 * an indexing error report, without parsing messages.
 */
public final class DecodeException extends Exception {

  /** Why decoding failed. */
  public enum Reason {
    /** Zero bytes. */
    EMPTY,
    /** More bytes than the configured limit. */
    TOO_MANY_BYTES,
    /** The header declares more pixels than the configured limit (decompression bomb guard). */
    TOO_MANY_PIXELS,
    /** The sound lasts longer than the configured limit. */
    TOO_LONG,
    /** No installed reader recognises the bytes, or the file is not of the expected kind. */
    UNSUPPORTED_FORMAT,
    /** The data ends before the image does. */
    TRUNCATED,
    /** The reader recognised the format but the data is invalid. */
    CORRUPT
  }

  private final Reason reason;

  public DecodeException(Reason reason, String message) {
    this(reason, message, null);
  }

  public DecodeException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
