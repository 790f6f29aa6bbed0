package dev.mmsearch.index;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.Optional;

/**
 * Why a reader's background refresh could not adopt the latest state of its index (see
 * {@link ItemReader#staleReason()}): each new reason is logged once, not every refresh round, and
 * recovery is logged too. Thread-safe.
 */
final class Staleness {
  private final Logger log;
  private final String index;
  private volatile String reason;

  /** @param index the index, for the log lines */
  Staleness(Logger log, String index) {
    this.log = log;
    this.index = index;
  }

  /** The last refresh succeeded. */
  void fresh() {
    String was = reason;
    if (was != null) {
      log.log(Level.INFO, "index " + index + " refreshed again after: " + was);
    }
    reason = null;
  }

  /** The last refresh failed for {@code why}; logged at {@code level} when the reason is new. */
  void stale(String why, Level level) {
    if (!why.equals(reason)) {
      log.log(level, why);
    }
    reason = why;
  }

  Optional<String> reason() {
    return Optional.ofNullable(reason);
  }
}
