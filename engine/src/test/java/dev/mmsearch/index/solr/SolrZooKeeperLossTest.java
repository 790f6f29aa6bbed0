package dev.mmsearch.index.solr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmsearch.index.Filter;
import dev.mmsearch.index.ItemIndex;
import dev.mmsearch.index.ItemIndexContractTestCase;
import dev.mmsearch.index.backend.IndexBackends;
import dev.mmsearch.testing.ClusterTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The cluster's ZooKeeper — the test cluster's only member, so the quorum — is gone for
 * {@value #OUTAGE_SECONDS} s (under the nodes' 30 s session timeout) while two clients search and
 * one writes batches into a 2 × 2 collection, then comes back. What users see: searches go on
 * (the nodes serve from the cluster state they hold); writes wait — Solr refuses updates it
 * cannot coordinate (503), the client retries under {@link RetryPolicy#WRITES} — and complete once
 * ZooKeeper is back. Nothing acknowledged is lost or doubled, and the replicas agree.
 *
 * <p>Runs only where network namespaces cannot be made: elsewhere {@link SeparateHostsFaultTest}
 * takes the quorum from a 3-member ensemble on separate hosts instead.
 */
@ClusterTest
class SolrZooKeeperLossTest {

  static final int OUTAGE_SECONDS = 8;
  static final int BATCH = 50;

  @Test
  void searchesGoOnAndWritesWaitForZooKeeperAndLoseNothing() throws Exception {
    Assumptions.assumeTrue(NetworkNamespaces.unavailableReason().isPresent(),
        "the loss of the ZooKeeper quorum is tested on separate hosts here (SeparateHostsFaultTest); this single-JVM form runs"
            + " where network namespaces cannot be made");
    SolrCluster cluster = SolrCluster.shared();
    String location = cluster.collection("zk-loss", 2, 2);
    Random r = new Random(9);
    try (ItemIndex writer = IndexBackends.of(location).openForWriting(SolrFailoverTest.SCHEMA)) {
      for (int i = 0; i < 300; i++) {
        writer.upsert(SolrFailoverTest.item(i, r));
      }
      writer.commit(Map.of());
    }
    int total = 600;
    AtomicInteger committed = new AtomicInteger(300);
    AtomicLong lastCommitNanos = new AtomicLong();
    SolrItemIndex reader = (SolrItemIndex) IndexBackends.of(location).openForReading(SolrFailoverTest.SCHEMA, Duration.ZERO);
    AtomicBoolean running = new AtomicBoolean(true);
    AtomicInteger answered = new AtomicInteger();
    AtomicInteger failed = new AtomicInteger();
    AtomicReference<Throwable> firstFailure = new AtomicReference<>();
    List<CompletableFuture<Void>> searchers = new ArrayList<>();
    for (int t = 0; t < 2; t++) {
      Random qr = new Random(t);
      searchers.add(CompletableFuture.runAsync(() -> {
        while (running.get()) {
          try {
            reader.knn("clip.image", ItemIndexContractTestCase.unit(qr, 32), 10, Filter.NONE);
            reader.bm25("red caption", 10, Filter.NONE);
            answered.incrementAndGet();
          } catch (RuntimeException e) {
            failed.incrementAndGet();
            firstFailure.compareAndSet(null, e);
          }
        }
      }));
    }
    CompletableFuture<Void> load = CompletableFuture.runAsync(() -> {
      try (ItemIndex writer = IndexBackends.of(location).openForWriting(SolrFailoverTest.SCHEMA)) {
        for (int i = 300; i < total; i++) {
          writer.upsert(SolrFailoverTest.item(i, r));
          if ((i + 1) % BATCH == 0) {
            writer.commit(Map.of("done", Integer.toString(i + 1)));
            committed.set(i + 1);
            lastCommitNanos.set(System.nanoTime());
          }
        }
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
    while (committed.get() < 400 && !load.isDone()) {
      Thread.sleep(50);
    }
    assertTrue(!load.isDone(), "the load was still going when ZooKeeper stopped");
    cluster.stopZooKeeper();
    // Counted from when ZooKeeper is down, not from when its shutdown began (a batch may finish meanwhile).
    long down = System.nanoTime();
    int answeredBefore = answered.get();
    int failedBefore = failed.get();
    int committedBefore = committed.get();
    Thread.sleep(OUTAGE_SECONDS * 1000L);
    int answeredWhileDown = answered.get() - answeredBefore;
    int failedWhileDown = failed.get() - failedBefore;
    int committedWhileDown = committed.get() - committedBefore;
    cluster.startZooKeeper();
    long up = System.nanoTime();
    while (committed.get() == committedBefore + committedWhileDown && !load.isDone()
        && System.nanoTime() - up < Duration.ofMinutes(3).toNanos()) {
      Thread.sleep(20);
    }
    double writesResumedAfter = (lastCommitNanos.get() - up) / 1e9;
    load.get();
    running.set(false);
    for (CompletableFuture<Void> s : searchers) {
      s.get();
    }
    System.out.printf("ZooKeeper down %.1f s: %d searches answered and %d failed while it was down (first failure: %s);"
        + " %d items committed while down; writes resumed %.1f s after it was back%n", (up - down) / 1e9, answeredWhileDown,
        failedWhileDown, firstFailure.get(), committedWhileDown, writesResumedAfter);
    assertEquals(0, failed.get(), "failed searches (first: " + firstFailure.get() + ")");
    assertTrue(answeredWhileDown > 0, "searches answered while ZooKeeper was down");
    assertEquals(total, reader.stats().items());
    assertEquals(Map.of("done", Integer.toString(total)), reader.commitData());
    Map<String, List<Long>> replicas = cluster.replicaCounts(location);
    replicas.forEach((shard, counts) -> assertEquals(1, counts.stream().distinct().count(), "replicas of " + shard
        + " disagree: " + replicas));
    assertEquals((long) total, replicas.values().stream().mapToLong(List::getFirst).sum(), "items over the shards: " + replicas);
    reader.close();
  }
}
