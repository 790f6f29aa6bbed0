package dev.mmsearch.index.solr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mmsearch.index.backend.IndexBackends;
import dev.mmsearch.encode.Modality;
import dev.mmsearch.encode.ModelIdentity;
import dev.mmsearch.encode.Similarity;
import dev.mmsearch.index.Filter;
import dev.mmsearch.index.IndexBackend;
import dev.mmsearch.index.IndexSchema;
import dev.mmsearch.index.Item;
import dev.mmsearch.index.ItemIndex;
import dev.mmsearch.index.ItemIndexContractTestCase;
import dev.mmsearch.index.VectorFieldSpec;
import dev.mmsearch.index.VectorFormat;
import dev.mmsearch.testing.ClusterTest;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * A node of the 3-node cluster stops while clients query or bulk-load a 2 shards × 2 replicas
 * collection, and comes back. Under the client's retry policy ({@link RetryPolicy#READS} and
 * {@link RetryPolicy#WRITES}: the next node, backing off, up to 30 s / 3 min) no query fails, the
 * load completes, and after the node rejoins every replica holds every item of its shard.
 */
@ClusterTest
class SolrFailoverTest {

  static final ModelIdentity MODEL = new ModelIdentity("model-a", "a".repeat(64));
  static final IndexSchema SCHEMA = IndexSchema.of(List.of(
      VectorFieldSpec.of("clip", Modality.IMAGE, 32, Similarity.COSINE, MODEL, VectorFormat.HNSW)));

  static Item item(int i, Random r) {
    return new Item("item-" + i, "files/" + i + ".jpg", "h" + i, "caption of item " + i + (i % 2 == 0 ? " red" : " blue"),
        Map.of(), Map.of("kind", List.of(i % 3 == 0 ? "a" : "b")), Map.of("clip.image", ItemIndexContractTestCase.unit(r, 32)));
  }

  @Test
  void queriesNeverFailWhileALeaderNodeStopsAndRejoins() throws Exception {
    SolrCluster cluster = SolrCluster.shared();
    String location = cluster.collection("failover-queries", 2, 2);
    Random r = new Random(3);
    try (ItemIndex writer = IndexBackends.of(location).openForWriting(SCHEMA)) {
      for (int i = 0; i < 2000; i++) {
        writer.upsert(item(i, r));
      }
      writer.commit(Map.of());
    }
    SolrItemIndex reader = (SolrItemIndex) IndexBackends.of(location).openForReading(SCHEMA, Duration.ofSeconds(1));
    AtomicBoolean running = new AtomicBoolean(true);
    AtomicInteger answered = new AtomicInteger();
    AtomicInteger failed = new AtomicInteger();
    AtomicReference<Throwable> firstFailure = new AtomicReference<>();
    AtomicInteger wrongCount = new AtomicInteger();
    AtomicReference<String> firstWrong = new AtomicReference<>();
    long began = System.nanoTime();
    ExecutorService load = Executors.newFixedThreadPool(4);
    List<Future<?>> clients = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      int seed = t;
      clients.add(load.submit(() -> {
        Random qr = new Random(seed);
        while (running.get()) {
          try {
            int knn = reader.knn("clip.image", ItemIndexContractTestCase.unit(qr, 32), 10,
                new Filter(Map.of("kind", java.util.Set.of("a")), java.util.Set.of())).size();
            int bm25 = reader.bm25("red caption", 10, Filter.NONE).size();
            if (knn != 10 || bm25 != 10) {
              wrongCount.incrementAndGet();
              firstWrong.compareAndSet(null, "kNN " + knn + " hits, BM25 " + bm25 + " hits, "
                  + String.format("%.1f s after the load began", (System.nanoTime() - began) / 1e9));
            }
            answered.incrementAndGet();
          } catch (RuntimeException e) {
            failed.incrementAndGet();
            firstFailure.compareAndSet(null, e);
          }
        }
      }));
    }
    Thread.sleep(1500);
    int node = leaderNode(cluster, reader, location);
    int before = answered.get();
    long stopped = System.nanoTime();
    cluster.stop(node);
    Thread.sleep(4000);
    int whileDown = answered.get() - before;
    double down = (System.nanoTime() - stopped) / 1e9;
    long restarted = System.nanoTime();
    cluster.start(node);
    collection(reader, location).waitForActive(Duration.ofMinutes(2));
    double recovered = (System.nanoTime() - restarted) / 1e9;
    Thread.sleep(1500);
    running.set(false);
    for (Future<?> f : clients) {
      f.get();
    }
    load.shutdown();
    System.out.printf("node %d (a shard leader) stopped for %.1f s under 4 query threads: %d queries answered while it was"
        + " down, %d failed in the whole run of %d; every replica active again %.1f s after its restart began%n", node, down,
        whileDown, failed.get(), answered.get() + failed.get(), recovered);
    assertEquals(0, failed.get(), "failed queries (first: " + firstFailure.get() + ")");
    assertEquals(0, wrongCount.get(), "queries that returned fewer than 10 hits (first: " + firstWrong.get() + "; the node"
        + " stopped " + String.format("%.1f s", (stopped - began) / 1e9) + " after the load began)");
    assertTrue(whileDown > 10, "queries answered while node " + node + " was down: " + whileDown);
    assertReplicasHold(reader, location, 2000);
    reader.close();
  }

  @Test
  void aBulkLoadCompletesWhileALeaderNodeStopsAndRejoins() throws Exception {
    SolrCluster cluster = SolrCluster.shared();
    String location = cluster.collection("failover-bulk", 2, 2);
    Random r = new Random(5);
    int total = 3000;
    try (SolrItemIndex writer = (SolrItemIndex) IndexBackends.of(location).openForWriting(SCHEMA)) {
      int node = leaderNode(cluster, writer, location);
      for (int i = 0; i < total; i++) {
        writer.upsert(item(i, r));
        if (i == 1000) {
          cluster.stop(node);
        }
        if (i == 2200) {
          cluster.start(node);
        }
        if (i % 500 == 499) {
          writer.commit(Map.of("done", Integer.toString(i + 1)));
        }
      }
      writer.commit(Map.of("done", Integer.toString(total)));
      collection(writer, location).waitForActive(Duration.ofMinutes(2));
      assertEquals(total, writer.stats().items());
      assertEquals(Map.of("done", Integer.toString(total)), writer.commitData());
      assertReplicasHold(writer, location, total);
    }
  }

  /**
   * Every node stops and starts again (a full cluster restart, ZooKeeper staying up) while the
   * collection holds committed items and acknowledged ones not yet committed: the cluster comes
   * back with all of them (the uncommitted ones from the transaction log), replicas agreeing.
   * What users see meanwhile: no node answers, so searches fail once the read deadline passes.
   */
  @Test
  void aFullRestartKeepsEveryAcknowledgedWrite() throws Exception {
    SolrCluster cluster = SolrCluster.shared();
    String location = cluster.collection("full-restart", 2, 2);
    Random r = new Random(13);
    int committed = 300;
    int total = 500; // the writer sends 200 changes per bulk request: items 300..499 are sent, not committed
    try (SolrItemIndex writer = (SolrItemIndex) IndexBackends.of(location).openForWriting(SCHEMA)) {
      for (int i = 0; i < committed; i++) {
        writer.upsert(item(i, r));
      }
      writer.commit(Map.of("done", Integer.toString(committed)));
      for (int i = committed; i < total; i++) {
        writer.upsert(item(i, r));
      }
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < total; i++) {
        ids.add("item-" + i);
      }
      assertEquals(total, writer.states(ids).size(), "every item acknowledged before the restart");
      assertEquals(committed, writer.stats().items(), "items " + committed + ".. not committed yet");

      long t0 = System.nanoTime();
      for (int node = 0; node < SolrCluster.NODES; node++) {
        cluster.stop(node);
      }
      double stopped = (System.nanoTime() - t0) / 1e9;
      long t1 = System.nanoTime();
      for (int node = 0; node < SolrCluster.NODES; node++) {
        cluster.start(node);
      }
      collection(writer, location).waitForActive(Duration.ofMinutes(3));
      double recovered = (System.nanoTime() - t1) / 1e9;
      int survived = writer.states(ids).size();
      writer.commit(Map.of("done", Integer.toString(total)));
      System.out.printf("full restart: 3 nodes stopped in %.1f s, started and every replica active %.1f s later;"
          + " %d of %d acknowledged items there after it (%d of them uncommitted before)%n", stopped, recovered, survived, total,
          total - committed);
      assertEquals(total, survived, "acknowledged items after the restart");
      assertReplicasHold(writer, location, total);
    }
  }

  private static SolrCollection collection(SolrItemIndex index, String location) {
    return new SolrCollection(http(index), SolrBackend.parse(location).collection());
  }

  private static SolrHttp http(SolrItemIndex index) {
    return new SolrHttp(index.nodes(), Duration.ofSeconds(30));
  }

  /** The index (in cluster order) of a node that leads a shard and is not the client's first node. */
  private static int leaderNode(SolrCluster cluster, SolrItemIndex index, String location) {
    JsonNode state = collection(index, location).state();
    for (JsonNode shard : state.path("shards")) {
      for (JsonNode replica : shard.path("replicas")) {
        if (replica.path("leader").asBoolean(false)) {
          URI base = URI.create(replica.path("base_url").asText());
          int i = cluster.nodes().indexOf(base);
          if (i > 0) {
            return i;
          }
        }
      }
    }
    return 0; // only the first node leads: stopping it tests the client's move to the others too
  }

  /** Every replica holds as many items as the others of its shard, and the shards hold {@code total}. */
  private static void assertReplicasHold(SolrItemIndex index, String location, long total) {
    Map<String, List<Long>> counts = SolrCluster.shared().replicaCounts(location);
    long sum = 0;
    for (var shard : counts.entrySet()) {
      assertEquals(1, shard.getValue().stream().distinct().count(), "replicas of " + shard.getKey() + " disagree: " + counts);
      sum += shard.getValue().getFirst();
    }
    assertEquals(total, sum, "items over the shards: " + counts);
    assertEquals(total, index.stats().items());
  }
}
