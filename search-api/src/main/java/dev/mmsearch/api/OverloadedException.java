package dev.mmsearch.api;

import java.time.Duration;

/** The server is at its configured concurrency limit; the client should retry after {@link #retryAfter()}. */
final class OverloadedException extends RuntimeException {

  private final Duration retryAfter;

  OverloadedException(String message, Duration retryAfter) {
    super(message);
    this.retryAfter = retryAfter;
  }

  Duration retryAfter() {
    return retryAfter;
  }
}
