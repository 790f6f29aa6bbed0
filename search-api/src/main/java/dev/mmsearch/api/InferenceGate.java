package dev.mmsearch.api;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Bounds how many requests decode and encode at once ({@code mmsearch.limits.max-concurrent-inference},
 * default one per core). Decoding and inference are where a request's memory and CPU go, so
 * with the per-decode bound of the image decoder this caps the memory all queries can take
 * together. A request that cannot get a permit within {@code mmsearch.limits.inference-wait}
 * fails with 503 and {@code Retry-After} instead of queueing without end.
 */
@ApplicationScoped
public class InferenceGate {

  private final Semaphore permits;
  private final int limit;
  private final Duration maxWait;
  private final AtomicLong rejected = new AtomicLong();

  @Inject
  InferenceGate(MmsearchConfig config, MeterRegistry registry) {
    int n = config.limits().maxConcurrentInference().orElse(Runtime.getRuntime().availableProcessors());
    if (n < 1) {
      throw new IllegalArgumentException("mmsearch.limits.max-concurrent-inference must be at least 1, got: " + n);
    }
    this.limit = n;
    this.permits = new Semaphore(n, true);
    this.maxWait = config.limits().inferenceWait();
    registry.gauge("mmsearch.inference.busy", permits, p -> n - p.availablePermits());
    registry.more().counter("mmsearch.inference.rejected", java.util.List.of(), rejected);
  }

  /** Runs {@code work} holding a permit; 503 ({@link OverloadedException}) when none frees up in time. */
  <T> T run(Supplier<T> work) {
    boolean acquired;
    try {
      acquired = permits.tryAcquire(maxWait.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new OverloadedException("interrupted while waiting for an inference slot", Duration.ofSeconds(1));
    }
    if (!acquired) {
      rejected.incrementAndGet();
      throw new OverloadedException("the server is busy decoding and encoding other queries (" + limit
          + " at a time); retry shortly", Duration.ofSeconds(1));
    }
    try {
      return work.get();
    } finally {
      permits.release();
    }
  }
}
