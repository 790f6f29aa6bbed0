package dev.mmsearch.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mmsearch.index.backend.IndexBackends;
import dev.mmsearch.catalog.Catalog;
import dev.mmsearch.catalog.Spaces;
import dev.mmsearch.encode.EncoderOptions;
import dev.mmsearch.index.IndexBackend;
import dev.mmsearch.index.ItemIndex;
import dev.mmsearch.index.solr.SolrCluster;
import dev.mmsearch.ingest.ErrorReport;
import dev.mmsearch.ingest.IndexJob;
import dev.mmsearch.ingest.JobOptions;
import dev.mmsearch.ingest.Progress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The packaged server on a SolrCloud collection (2 shards × 2 replicas on the tests' 3-node
 * cluster), over real HTTP: the test collection indexed by the real indexer into the cluster
 * answers as the embedded index does — the same stats, the same rankings and explanations,
 * facets, items, thumbnails and originals — and keeps answering every request while a node stops
 * and rejoins.
 */
class ClusterIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  /** GET paths, or {@code POST /api/search} with a JSON body when the entry starts with '{'. */
  private static final List<String> QUERIES = List.of(
      "/api/search?q=" + enc("a red circle and a blue square"),
      "/api/search?q=" + enc("green block purple egg") + "&facets=true",
      "/api/search?q=photo&k=3&offset=1",
      "/api/similar/photo.png",
      "/api/search?look=bright",
      "{\"parts\": [{\"type\": \"text\", \"text\": \"photo\"}], \"filter\": {\"shop\": [\"north\"]}}",
      "{\"parts\": [{\"type\": \"text\", \"text\": \"colourful noise\"}], \"fields\": [\"clip.text\", \"text\"],"
          + " \"ranges\": {\"width\": {\"min\": 1}}}");

  static java.net.http.HttpResponse<String> send(PackagedServer s, String query) throws Exception {
    return query.startsWith("{") ? s.post("/api/search", "application/json", query.getBytes(StandardCharsets.UTF_8)) : s.get(query);
  }

  static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  /** Indexes the test collection's folder and manifest into a new collection of the cluster. */
  static Map<String, String> intoCluster(Path root) {
    String location = SolrCluster.shared().collection("api", 2, 2);
    try (Spaces spaces = Spaces.load(Catalog.load(root.resolve("catalog.json")), EncoderOptions.DEFAULTS);
        ItemIndex ix = IndexBackends.of(location).openForWriting(spaces.schema());
        ErrorReport errors = new ErrorReport(null)) {
      new IndexJob(spaces, ix, JobOptions.defaults()).run(List.of(root.resolve("photos")),
          List.of(root.resolve("manifests/items.jsonl")), errors, Progress.NONE);
      if (errors.count() > 0) {
        throw new IllegalStateException("cluster indexing failed: " + errors.errors());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return Map.of("MMSEARCH_INDEX", location);
  }

  /** The answers of a server to the queries, without timings. */
  static Map<String, JsonNode> answers(PackagedServer s) throws Exception {
    Map<String, JsonNode> out = new LinkedHashMap<>();
    JsonNode stats = without(JSON.readTree(s.get("/api/stats").body()), "version");
    // The two loads ran at different times: their progress must agree on the counts, not the clock.
    for (String clock : List.of("started", "committed", "sinceCommitSeconds")) {
      without(stats.path("indexing"), clock);
    }
    out.put("stats", stats);
    for (String q : QUERIES) {
      var r = send(s, q);
      assertEquals(200, r.statusCode(), q + ": " + r.body());
      out.put(q, without(JSON.readTree(r.body()), "timingsMs"));
    }
    out.put("item", JSON.readTree(s.get("/api/items/photo.png").body()));
    return out;
  }

  /**
   * The same answer: equal JSON, except that scores may differ in the last bits (Solr's Lucene 9
   * sums dot products in another order than Lucene 10's vectorised code) and that items with
   * exactly equal scores in one list (a picture and its copy) may take each other's rank.
   */
  static void assertSameAnswer(String what, JsonNode expected, JsonNode actual) {
    if (expected.isNumber() && actual.isNumber()) {
      assertEquals(expected.asDouble(), actual.asDouble(), 1e-5, what);
    } else if (expected.isObject() && actual.isObject()) {
      assertEquals(iterable(expected.fieldNames()), iterable(actual.fieldNames()), what);
      expected.fieldNames().forEachRemaining(f -> {
        if (!f.equals("rank")) {
          assertSameAnswer(what + "." + f, expected.get(f), actual.get(f));
        }
      });
    } else if (expected.isArray() && actual.isArray()) {
      assertEquals(expected.size(), actual.size(), what);
      for (int i = 0; i < expected.size(); i++) {
        assertSameAnswer(what + "[" + i + "]", expected.get(i), actual.get(i));
      }
    } else {
      assertEquals(expected, actual, what);
    }
  }

  private static java.util.Set<String> iterable(java.util.Iterator<String> names) {
    java.util.Set<String> out = new java.util.TreeSet<>();
    names.forEachRemaining(out::add);
    return out;
  }

  private static JsonNode without(JsonNode n, String field) {
    if (n.isObject()) {
      ((com.fasterxml.jackson.databind.node.ObjectNode) n).remove(field);
    }
    return n;
  }

  @Test
  void theServerOnAClusterAnswersAsOnTheEmbeddedIndexAndRidesOutANodeStop() throws Exception {
    Map<String, JsonNode> embedded;
    byte[] thumbnail;
    try (PackagedServer s = new PackagedServer(List.of(), Map.of())) {
      embedded = answers(s);
      thumbnail = s.http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(s.base + "/api/thumbnails/photo.png")).build(),
          java.net.http.HttpResponse.BodyHandlers.ofByteArray()).body();
    }
    try (PackagedServer s = new PackagedServer(List.of(), ClusterIT::intoCluster, true)) {
      Map<String, JsonNode> cluster = answers(s);
      for (String key : embedded.keySet()) {
        assertSameAnswer(key, embedded.get(key), cluster.get(key));
      }
      assertArrayEquals(thumbnail, s.http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(s.base
          + "/api/thumbnails/photo.png")).build(), java.net.http.HttpResponse.BodyHandlers.ofByteArray()).body());
      assertEquals(200, s.get("/api/originals/photo.png").statusCode(), "roots come from the cluster's commit data");
      assertEquals(200, s.get("/api/originals/outsider").statusCode(), "a manifest item's file, as the indexer recorded it in the cluster");

      // Requests keep being answered while a node is down and after it comes back. Each phase lasts
      // until it has seen enough answers (not a fixed time), so a loaded machine makes the test
      // slower, not red; a phase that answers nothing for a minute fails.
      AtomicBoolean running = new AtomicBoolean(true);
      AtomicInteger phase = new AtomicInteger();
      java.util.concurrent.atomic.AtomicIntegerArray ok = new java.util.concurrent.atomic.AtomicIntegerArray(3);
      List<String> bad = java.util.Collections.synchronizedList(new ArrayList<>());
      Thread load = new Thread(() -> {
        int i = 0;
        while (running.get()) {
          String q = QUERIES.get(i++ % QUERIES.size());
          int during = phase.get();
          try {
            var r = send(s, q);
            if (r.statusCode() == 200) {
              ok.incrementAndGet(during);
            } else {
              bad.add(r.statusCode() + " " + q + ": " + r.body());
            }
          } catch (Exception e) {
            bad.add(q + ": " + e);
          }
        }
      });
      load.start();
      try {
        awaitAnswers(ok, 0, 5, "before the stop");
        SolrCluster.shared().stop(1);
        phase.set(1);
        awaitAnswers(ok, 1, 10, "while node 1 is down");
        SolrCluster.shared().start(1);
        phase.set(2);
        awaitAnswers(ok, 2, 10, "after node 1 came back");
      } finally {
        running.set(false);
        load.join();
        if (phase.get() == 1) {
          SolrCluster.shared().start(1); // the other cluster tests need all three nodes
        }
      }
      assertEquals(List.of(), bad);
    }
  }

  private static void awaitAnswers(java.util.concurrent.atomic.AtomicIntegerArray ok, int phase, int wanted, String when)
      throws InterruptedException {
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
    while (ok.get(phase) < wanted) {
      assertTrue(System.nanoTime() < deadline, "only " + ok.get(phase) + " answers in a minute " + when);
      Thread.sleep(50);
    }
  }
}
