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

  /** One input's decode. */
  @FunctionalInterface
  public interface Decoding<T> {
    T run() throws DecodeException;
  }

  /**
   * Runs one input's decode so that whatever the decoder library throws ends as that input's
   * {@code CORRUPT} decode exception: a runtime exception, or an error a hostile input provoked
   * (a stack overflow, an allocation the heap could not satisfy). Used where a decode starts
   * ({@link ImageDecoder}, {@link AudioDecoder}), so the failure is a client error or an indexing
   * skip and never reaches the request or the job around it. The allocation that failed is
   * released with the stack, so the process goes on as before.
   */
  public static <T> T contain(String what, Decoding<T> decoding) throws DecodeException {
    try {
      return decoding.run();
    } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
      throw new DecodeException(Reason.CORRUPT, what + " data is corrupt: its decoder failed with " + e, e);
    }
  }
}
