package dev.mmsearch.index;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * How a reader of any backend picks up new commits: one daemon thread per index runs a refresh
 * step every interval, so queries never pay for a reopen. A step that fails never stops the thread:
 * its reason is kept ({@link #staleReason()}, logged once per new reason by {@link Staleness}) and
 * searches keep being answered from the last good state.
 *
 * <p>Thread-safe.
 */
public final class Refresher implements AutoCloseable {

  /** One refresh of the index's state; may fail. */
  @FunctionalInterface
  public interface Step {
    void refresh() throws Exception;
  }

  private final Step step;
  private final Staleness staleness;
  private final Function<IndexSchemaException, String> incompatible;
  private final Function<Exception, String> failed;
  private ScheduledExecutorService thread;

  /**
   * @param index the index, for the thread's name and log lines
   * @param incompatible the message when the latest state holds vectors of another model (logged as an error)
   * @param failed the message when the refresh failed otherwise (logged as a warning)
   */
  public Refresher(Logger log, String index, Step step, Function<IndexSchemaException, String> incompatible,
      Function<Exception, String> failed) {
    this.step = step;
    this.staleness = new Staleness(log, index);
    this.incompatible = incompatible;
    this.failed = failed;
  }

  /** Starts the background thread, named after {@code index}, refreshing every {@code interval}. */
  public synchronized void start(String index, Duration interval) {
    if (thread != null) {
      throw new IllegalStateException("refresh of " + index + " already started");
    }
    thread = Executors.newSingleThreadScheduledExecutor(task -> {
      Thread t = new Thread(task, "mmsearch-refresh " + index);
      t.setDaemon(true);
      return t;
    });
    long every = Math.max(1, interval.toMillis());
    thread.scheduleWithFixedDelay(this::refreshNow, every, every, TimeUnit.MILLISECONDS);
  }

  /** One refresh round, now, on this thread: never throws, records why it could not refresh. */
  public void refreshNow() {
    try {
      step.refresh();
      staleness.fresh();
    } catch (IndexSchemaException e) {
      staleness.stale(incompatible.apply(e), Level.ERROR);
    } catch (Exception e) {
      staleness.stale(failed.apply(e), Level.WARNING);
    }
  }

  /** Why the last round could not refresh, or empty after a good one. */
  public Optional<String> staleReason() {
    return staleness.reason();
  }

  /** Stops the thread, waiting briefly for a round in progress. */
  @Override
  public synchronized void close() {
    if (thread == null) {
      return;
    }
    thread.shutdownNow();
    try {
      thread.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
