package dev.mmsearch.index.solr;

import dev.mmsearch.index.Filter;
import dev.mmsearch.index.ItemIndex;
import dev.mmsearch.index.ItemIndexContractTestCase;
import dev.mmsearch.index.backend.IndexBackends;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What users do while a fault happens: {@value #SEARCHERS} clients searching (a kNN and a BM25
 * search each round) and one writer loading items in batches of {@value #BATCH}, each batch
 * committed — a batch is acknowledged when its commit returns. Each search and each
 * acknowledgement is timed, so a test can say what users saw in any window ({@link #between}),
 * and fault points are observed states ({@link #awaitAcknowledged}), not sleeps. The load runs
 * until {@link #finish} asks it to acknowledge a few batches more and stop.
 */
final class FaultWorkload {

  static final int SEARCHERS = 2;
  static final int BATCH = 50;

  private final String location;
  private final int first;
  private final SolrItemIndex reader;
  private final AtomicBoolean searching = new AtomicBoolean(true);
  private final AtomicInteger acknowledged;
  private final AtomicInteger stopAt = new AtomicInteger(Integer.MAX_VALUE);
  private final ConcurrentLinkedQueue<Search> searches = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<long[]> acks = new ConcurrentLinkedQueue<>();
  private final AtomicReference<Throwable> firstFailure = new AtomicReference<>();
  private final List<CompletableFuture<Void>> searchers = new ArrayList<>();
  private CompletableFuture<Void> load;

  /** One search: when it started and ended, whether it was answered. */
  record Search(long start, long end, boolean answered) {}

  /** What users saw in a window of time. */
  record Seen(int answered, int failed, double longestSearchSeconds, int batchesAcknowledged, double longestWriteWaitSeconds) {
    @Override
    public String toString() {
      return String.format("%d searches answered, %d failed, the longest took %.1f s; %d batches acknowledged, the longest"
          + " wait for one %.1f s", answered, failed, longestSearchSeconds, batchesAcknowledged, longestWriteWaitSeconds);
    }
  }

  /** Loads items {@code 0 .. preload-1} (committed) into a new collection at {@code location}. */
  FaultWorkload(String location, int preload) throws IOException {
    this.location = location;
    this.first = preload;
    Random r = new Random(preload);
    try (ItemIndex writer = IndexBackends.of(location).openForWriting(SolrFailoverTest.SCHEMA)) {
      for (int i = 0; i < preload; i++) {
        writer.upsert(SolrFailoverTest.item(i, r));
      }
      writer.commit(Map.of());
    }
    this.acknowledged = new AtomicInteger(preload);
    this.reader = (SolrItemIndex) IndexBackends.of(location).openForReading(SolrFailoverTest.SCHEMA, Duration.ZERO);
  }

  /** Starts the searchers and the writer. */
  FaultWorkload start() {
    for (int t = 0; t < SEARCHERS; t++) {
      Random qr = new Random(t);
      searchers.add(CompletableFuture.runAsync(() -> {
        while (searching.get()) {
          long s = System.nanoTime();
          boolean ok;
          try {
            reader.knn("clip.image", ItemIndexContractTestCase.unit(qr, 32), 10, Filter.NONE);
            reader.bm25("red caption", 10, Filter.NONE);
            ok = true;
          } catch (RuntimeException e) {
            ok = false;
            firstFailure.compareAndSet(null, e);
          }
          searches.add(new Search(s, System.nanoTime(), ok));
        }
      }, daemon("searcher")));
    }
    load = CompletableFuture.runAsync(() -> {
      Random r = new Random(first + 1);
      acks.add(new long[] {System.nanoTime(), first});
      try (ItemIndex writer = IndexBackends.of(location).openForWriting(SolrFailoverTest.SCHEMA)) {
        for (int i = first; acknowledged.get() < stopAt.get(); i++) {
          writer.upsert(SolrFailoverTest.item(i, r));
          if ((i + 1) % BATCH == 0) {
            writer.commit(Map.of("done", Integer.toString(i + 1)));
            acknowledged.set(i + 1);
            acks.add(new long[] {System.nanoTime(), i + 1});
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }, daemon("writer"));
    return this;
  }

  private static java.util.concurrent.Executor daemon(String name) {
    return command -> {
      Thread t = new Thread(command, "fault-workload-" + name);
      t.setDaemon(true);
      t.start();
    };
  }

  /** The reader the searchers use. */
  SolrItemIndex reader() {
    return reader;
  }

  /** Items acknowledged so far. */
  int acknowledged() {
    return acknowledged.get();
  }

  /** Waits until at least {@code items} are acknowledged; fails if the load ended or it takes longer than {@code timeout}. */
  void awaitAcknowledged(int items, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (acknowledged.get() < items) {
      if (load.isDone() || System.nanoTime() > deadline) {
        throw new AssertionError("the load reached " + acknowledged.get() + " items, not " + items + (load.isDone()
            ? ": it ended (" + load.handle((v, e) -> String.valueOf(e)).join() + ")" : " within " + timeout.toSeconds() + " s"));
      }
      Thread.sleep(10);
    }
  }

  /**
   * Lets the load acknowledge {@code batches} more batches and end, waits up to {@code timeout}
   * for it (the writer's own retries included), then stops the searchers. Returns the items
   * acknowledged in all.
   */
  int finish(int batches, Duration timeout) throws Exception {
    stopAt.set(acknowledged.get() + batches * BATCH);
    load.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    searching.set(false);
    for (CompletableFuture<Void> s : searchers) {
      s.get(1, TimeUnit.MINUTES);
    }
    return acknowledged.get();
  }

  /** The first search that failed, or null. */
  Throwable firstFailure() {
    return firstFailure.get();
  }

  /** What users saw in the window from {@code from} to {@code to} ({@link System#nanoTime}). */
  Seen between(long from, long to) {
    int answered = 0;
    int failed = 0;
    long longest = 0;
    for (Search s : searches) {
      if (s.end() >= from && s.start() < to) {
        if (s.answered()) {
          answered++;
        } else {
          failed++;
        }
        longest = Math.max(longest, s.end() - s.start());
      }
    }
    List<long[]> all = new ArrayList<>(acks);
    all.sort((a, b) -> Long.compare(a[0], b[0]));
    int batches = 0;
    long longestWait = 0;
    long previous = all.getFirst()[0];
    for (long[] a : all) {
      if (a[0] >= from && previous < to) {
        longestWait = Math.max(longestWait, a[0] - Math.max(previous, from));
        if (a[0] < to) {
          batches++;
        }
      }
      previous = a[0];
    }
    return new Seen(answered, failed, longest / 1e9, batches, longestWait / 1e9);
  }

  /** Every item id the workload acknowledged ({@code item-0 .. item-(n-1)}). */
  List<String> ids() {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < acknowledged.get(); i++) {
      ids.add("item-" + i);
    }
    return ids;
  }
}
