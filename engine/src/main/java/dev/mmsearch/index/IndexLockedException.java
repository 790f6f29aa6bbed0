package dev.mmsearch.index;

/**
 * Another process (or another instance in this process) holds the index's single writer. Raised at
 * once rather than waiting, so a second indexer fails fast instead of hanging or corrupting.
 */
public final class IndexLockedException extends RuntimeException {
  public IndexLockedException(String message, Throwable cause) {
    super(message, cause);
  }
}
