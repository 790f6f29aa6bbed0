package dev.mmsearch.api;

import dev.mmsearch.extract.DecodeException;

/**
 * A query image the decoder refused, carried out of code that cannot throw checked exceptions;
 * {@link Problems} maps its {@link DecodeException.Reason} to 413, 415 or 422.
 */
final class ImageRejectedException extends RuntimeException {

  private final DecodeException cause;

  ImageRejectedException(DecodeException cause) {
    super(cause.getMessage(), cause);
    this.cause = cause;
  }

  /** The same failure, said of part {@code part} of a JSON query. */
  ImageRejectedException(int part, ImageRejectedException e) {
    super("part " + part + ": " + e.getMessage(), e.cause);
    this.cause = e.cause;
  }

  DecodeException.Reason reason() {
    return cause.reason();
  }
}
