package dev.mmsearch.query;

import dev.mmsearch.extract.DecodeException;

/**
 * A query image or sound the decoder refused, carried out of code that cannot throw checked
 * exceptions: an upload is decoded only when its embedding is not cached
 * ({@link QueryPart.Media#upload}), which is inside the search. The API maps its
 * {@link DecodeException.Reason} to 413, 415 or 422.
 */
public final class MediaRejectedException extends RuntimeException {

  private final DecodeException cause;
  private final String medium;

  /** @param medium what was refused, for the message: image, audio */
  public MediaRejectedException(String medium, DecodeException cause) {
    super(cause.getMessage(), cause);
    this.cause = cause;
    this.medium = medium;
  }

  /** The same failure, said of part {@code part} of a JSON query. */
  public MediaRejectedException(int part, MediaRejectedException e) {
    super("part " + part + ": " + e.getMessage(), e.cause);
    this.cause = e.cause;
    this.medium = e.medium;
  }

  public DecodeException.Reason reason() {
    return cause.reason();
  }

  public String medium() {
    return medium;
  }
}
