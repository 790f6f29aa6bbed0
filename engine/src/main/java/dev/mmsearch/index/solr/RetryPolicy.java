package dev.mmsearch.index.solr;

import java.time.Duration;

/**
 * How the cluster client retries a request that met a connection failure or a 5xx answer: on the
 * next node each time (any node routes a request to the shards that hold the data), waiting
 * {@code firstBackoff}, doubling up to {@code maxBackoff}, until {@code deadline} has passed since
 * the first try. 4xx answers are never retried. Every request mmsearch sends is idempotent (upserts
 * and deletes by id, commits, searches), so a retry after a lost answer cannot duplicate anything.
 *
 * @param deadline long enough to ride out a node restart and a shard leader election
 * @param tryTimeout longest one try may wait for its answer before the next node is tried: a node
 *     that is stopping may take a connection and never answer
 */
public record RetryPolicy(Duration firstBackoff, Duration maxBackoff, Duration deadline, Duration tryTimeout) {

  /**
   * Searches and gets: a user waits, but a leader election takes a few seconds. The whole stays
   * under the API's 30 s idle timeout, so a search that cannot be answered gets an error, not a
   * dropped connection.
   */
  public static final RetryPolicy READS = new RetryPolicy(Duration.ofMillis(50), Duration.ofSeconds(1), Duration.ofSeconds(20),
      Duration.ofSeconds(8));

  /** Bulk writes: no one waits; ride out a node restart. */
  public static final RetryPolicy WRITES = new RetryPolicy(Duration.ofMillis(100), Duration.ofSeconds(5), Duration.ofMinutes(3),
      Duration.ofSeconds(60));

  public RetryPolicy {
    if (firstBackoff.isNegative() || maxBackoff.compareTo(firstBackoff) < 0 || deadline.isNegative()
        || tryTimeout.isNegative() || tryTimeout.isZero()) {
      throw new IllegalArgumentException("retry policy needs 0 ≤ firstBackoff ≤ maxBackoff, a deadline ≥ 0 and a try timeout > 0");
    }
  }

  /** The wait before try {@code attempt} (1 = the first retry). */
  Duration backoff(int attempt) {
    long ms = firstBackoff.toMillis() << Math.min(attempt - 1, 20);
    return Duration.ofMillis(Math.min(ms, maxBackoff.toMillis()));
  }
}
