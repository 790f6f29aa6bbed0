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
 * {@code kill -9} of the node that leads every shard, while two clients search and one writes
 * batches: a node in a process of its own ({@link SolrCluster#startProcessNode}) holds the leader
 * of both shards of a 2 × 2 collection, an in-JVM node the other replica. Nothing closes its
 * ZooKeeper session: the cluster learns of the death when the session times out
 * ({@value SolrCluster#PROCESS_NODE_SESSION_MS} ms here), then the surviving replicas lead. What
 * users see is measured (searches failed and answered, the longest wait of a write); what must
 * hold is asserted: every acknowledged write is there, none twice.
 *
 * <p>Runs only where network namespaces cannot be made: elsewhere {@link SeparateHostsFaultTest}
 * kills a node of a cluster of separate hosts instead.
 */
@ClusterTest
class SolrKillTest {

  static final int BATCH = 50;

  @Test
  void killingTheLeadersNodeLosesNoAcknowledgedWrite() throws Exception {
    Assumptions.assumeTrue(NetworkNamespaces.unavailableReason().isPresent(),
        "kill -9 of a node is tested on separate hosts here (SeparateHostsFaultTest); this single-JVM form runs"
            + " where network namespaces cannot be made");
    SolrCluster cluster = SolrCluster.shared();
    SolrCluster.ProcessNode doomed = cluster.startProcessNode();
    String location = cluster.collection("kill-9", 2, 2);
    SolrBackend backend = SolrBackend.parse(location);
    SolrHttp http = new SolrHttp(backend.nodes(), Duration.ofSeconds(30));
    String name = backend.collection();
    // Both shards led by the process node: created there alone, then a second replica on node 0.
    SolrHttp.ok(http.send("/admin/configs?action=UPLOAD&overwrite=true&name=" + name, SolrCollection.configsetZip(),
        "application/octet-stream", RetryPolicy.WRITES), "uploading the configset");
    SolrHttp.ok(http.post("/admin/collections", new SolrParams().add("action", "CREATE").add("name", name).add("numShards", 2)
        .add("replicationFactor", 1).add("collection.configName", name).add("createNodeSet", doomed.nodeName())
        .add("waitForFinalState", "true"), RetryPolicy.WRITES), "creating on the process node");
    String survivor = cluster.nodes().getFirst().getHost() + ":" + cluster.nodes().getFirst().getPort() + "_solr";
    for (String shard : List.of("shard1", "shard2")) {
      SolrHttp.ok(http.post("/admin/collections", new SolrParams().add("action", "ADDREPLICA").add("collection", name)
          .add("shard", shard).add("node", survivor).add("waitForFinalState", "true"), RetryPolicy.WRITES), "adding a replica");
    }
    Random r = new Random(21);
    try (ItemIndex writer = IndexBackends.of(location).openForWriting(SolrFailoverTest.SCHEMA)) {
      for (int i = 0; i < 300; i++) {
        writer.upsert(SolrFailoverTest.item(i, r));
      }
      writer.commit(Map.of());
    }
    int total = 600;
    AtomicInteger committed = new AtomicInteger(300);
    AtomicLong lastCommit = new AtomicLong(System.nanoTime());
    AtomicLong longestWait = new AtomicLong();
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
            long now = System.nanoTime();
            longestWait.accumulateAndGet(now - lastCommit.getAndSet(now), Math::max);
            committed.set(i + 1);
          }
        }
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
    while (committed.get() < 350 && !load.isDone()) {
      Thread.sleep(20);
    }
    assertTrue(!load.isDone(), "the load was still going at the kill");
    int answeredBefore = answered.get();
    longestWait.set(0);
    long killed = System.nanoTime();
    doomed.kill();
    load.get(3, java.util.concurrent.TimeUnit.MINUTES);
    double loadDone = (System.nanoTime() - killed) / 1e9;
    Thread.sleep(1000);
    running.set(false);
    for (CompletableFuture<Void> s : searchers) {
      s.get();
    }
    System.out.printf("kill -9 of the node leading both shards (session timeout %d ms): %d searches answered and %d failed"
        + " after it (first failure: %s); the load finished %.1f s after the kill, its longest wait between batches %.1f s%n",
        SolrCluster.PROCESS_NODE_SESSION_MS, answered.get() - answeredBefore, failed.get(), firstFailure.get(), loadDone,
        longestWait.get() / 1e9);
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < total; i++) {
      ids.add("item-" + i);
    }
    assertEquals(total, reader.states(ids).size(), "acknowledged items after the kill");
    assertEquals(total, reader.stats().items(), "committed items, each once");
    List<String> seen = new ArrayList<>();
    reader.forEachItem((id, source) -> seen.add(id));
    assertEquals(total, seen.size());
    assertEquals(total, java.util.Set.copyOf(seen).size(), "no item twice");
    assertTrue(answered.get() - answeredBefore > 0, "searches answered after the kill");
    reader.close();
  }
}
