package dev.mmsearch.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmsearch.catalog.Spaces;
import dev.mmsearch.index.IndexBackend;
import dev.mmsearch.index.ItemIndex;
import dev.mmsearch.index.ItemReader;
import dev.mmsearch.index.backend.IndexBackends;
import dev.mmsearch.index.solr.SolrCluster;
import dev.mmsearch.query.MultimodalSearcher;
import dev.mmsearch.query.QueryPart;
import dev.mmsearch.query.SearchRequest;
import dev.mmsearch.query.SearchResult;
import dev.mmsearch.testing.ClusterTest;
import dev.mmsearch.testing.TestModels;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a load and a query cost in requests to a 2 shards × 2 replicas collection, counted by
 * Solr's own request metrics on every node ({@link SolrCluster#requests}): the indexer reads its
 * items' states in batches of {@value IndexJob#STATES_BATCH}, not one real-time get per item; a
 * text query is one request per ranked list and one for its page of items, and only its BM25 list
 * pays the shards' term-statistics round.
 */
@ClusterTest
class ClusterRoundTripsTest {

  static final int ITEMS = 250;

  @TempDir
  Path tmp;

  @Test
  void aLoadReadsStatesInBatchesAndAQueryCostsOneRequestPerListAndOneForItsPage() throws Exception {
    Path photos = Collections.pictures(tmp.resolve("photos"), ITEMS, 17);
    SolrCluster cluster = SolrCluster.shared();
    IndexBackend backend = IndexBackends.of(cluster.collection("round-trips", 2, 2));
    try (Spaces spaces = TestModels.spaces()) {
      Supplier<JobSummary> load = () -> {
        try (ItemIndex writer = backend.openForWriting(spaces.schema()); ErrorReport errors = new ErrorReport(null)) {
          return new IndexJob(spaces, writer, JobOptions.defaults()).run(List.of(photos), List.of(), errors, Progress.NONE);
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      };
      Map<String, Long> before = cluster.requests();
      assertEquals(ITEMS, load.get().added());
      Map<String, Long> first = minus(cluster.requests(), before);
      before = cluster.requests();
      assertEquals(ITEMS, load.get().unchanged());
      Map<String, Long> again = minus(cluster.requests(), before);
      System.out.printf("requests: a load of %d new items %s; a re-run finding them unchanged %s%n", ITEMS, first, again);
      // Nothing reads per item: the states, and the calibration's stored vectors, come in batches.
      assertTrue(first.get("/get") < ITEMS, "gets of the load: " + first);
      // The re-run reads every item's state and writes nothing: one get per batch of states.
      assertEquals((ITEMS + IndexJob.STATES_BATCH - 1) / IndexJob.STATES_BATCH, again.get("/get"), "gets of the re-run: " + again);

      try (ItemReader reader = backend.openForReading(spaces.schema(), Duration.ZERO)) {
        MultimodalSearcher searcher = new MultimodalSearcher(spaces, reader);
        SearchRequest text = SearchRequest.of(new QueryPart.Text("a red blob", 1));
        searcher.search(text); // reads the calibration once
        before = cluster.requests();
        SearchResult result = searcher.search(text);
        Map<String, Long> query = minus(cluster.requests(), before);
        System.out.printf("requests: a text query (%d hits on its page) %s%n", result.hits().size(), query);
        assertEquals(SearchRequest.DEFAULT_K, result.hits().size());
        // The test catalog's text query: kNN in the fields its two text encoders reach (clip's
        // image, text and name fields; text's text and name fields), and BM25.
        int knnLists = 5;
        int bm25Lists = 1;
        int shards = 2;
        assertEquals(knnLists + bm25Lists, query.get("/select"), "one request per list: " + query);
        assertEquals(knnLists * shards + bm25Lists * 2 * shards, query.get("/select[shard]"),
            "kNN: one round over the shards; BM25: a statistics round and a search round: " + query);
        assertEquals(1, query.get("/get"), "the page's items in one request: " + query);
      }
    }
  }

  private static Map<String, Long> minus(Map<String, Long> after, Map<String, Long> before) {
    Map<String, Long> out = new TreeMap<>();
    after.forEach((k, v) -> out.put(k, v - before.getOrDefault(k, 0L)));
    return out;
  }
}
