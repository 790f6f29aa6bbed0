package dev.mmsearch.extract;

/**
 * An image that cannot be turned into pixels. The {@link Reason} lets callers map the failure to a
 * precise client error (413 for limits, 415 for formats, 422 for broken bytes) or to an indexing
 * error report, without parsing messages.
 */
public final class ImageDecodeException extends Exception {

  /** Why decoding failed. */
  public enum Reason {
    /** Zero bytes. */
    EMPTY,
    /** More bytes than the configured limit. */
    TOO_MANY_BYTES,
    /** The header declares more pixels than the configured limit (decompression bomb guard). */
    TOO_MANY_PIXELS,
    /** No installed reader recognises the bytes. */
    UNSUPPORTED_FORMAT,
    /** The data ends before the image does. */
    TRUNCATED,
    /** The reader recognised the format but the data is invalid. */
    CORRUPT
  }

  private final Reason reason;

  public ImageDecodeException(Reason reason, String message) {
    this(reason, message, null);
  }

  public ImageDecodeException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
