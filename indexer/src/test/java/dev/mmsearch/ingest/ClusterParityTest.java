package dev.mmsearch.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmsearch.catalog.Spaces;
import dev.mmsearch.index.Filter;
import dev.mmsearch.index.IndexBackend;
import dev.mmsearch.index.ItemIndex;
import dev.mmsearch.index.ItemReader;
import dev.mmsearch.index.backend.IndexBackends;
import dev.mmsearch.index.lucene.LuceneBackend;
import dev.mmsearch.index.solr.SolrCluster;
import dev.mmsearch.media.Media;
import dev.mmsearch.media.MediaLimits;
import dev.mmsearch.query.Fusion;
import dev.mmsearch.query.MultimodalSearcher;
import dev.mmsearch.query.QueryPart;
import dev.mmsearch.query.SearchHit;
import dev.mmsearch.query.SearchRequest;
import dev.mmsearch.testing.ClusterTest;
import dev.mmsearch.testing.TestModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same pictures and captions, indexed by the same job with the same catalog (test models:
 * CLIP-like float, DINOv2-like int8, text) into the embedded index and into a SolrCloud collection of
 * 2 shards × 2 replicas on 3 nodes, answer the same queries alike: text, image, text + image, and
 * filtered. Matched candidate settings: both search each HNSW graph with
 * {@code VectorFieldSpec.candidates(k)} candidates (per shard in the cluster).
 */
@ClusterTest
class ClusterParityTest {

  @TempDir
  Path tmp;

  @Test
  void embeddedAndClusterGiveTheSameTopTenAndExplanations() throws Exception {
    Path photos = Collections.pictures(tmp.resolve("photos"), 300, 11);
    try (Spaces spaces = TestModels.spaces()) {
      IndexBackend embedded = new LuceneBackend(tmp.resolve("index"));
      IndexBackend cluster = IndexBackends.of(SolrCluster.shared().collection("parity", 2, 2));
      for (IndexBackend b : List.of(embedded, cluster)) {
        try (ItemIndex writer = b.openForWriting(spaces.schema()); ErrorReport errors = new ErrorReport(null)) {
          JobSummary s = new IndexJob(spaces, writer, JobOptions.defaults()).run(List.of(photos), List.of(), errors, Progress.NONE);
          assertEquals(300, s.added(), b.location() + ": " + errors.errors());
        }
      }
      Media media = Media.of(spaces, MediaLimits.DEFAULTS, 0);
      try (ItemReader a = embedded.openForReading(spaces.schema(), Duration.ZERO);
          ItemReader b = cluster.openForReading(spaces.schema(), Duration.ZERO)) {
        assertEquals(a.stats().items(), b.stats().items());
        assertEquals(a.stats().vectors(), b.stats().vectors());
        MultimodalSearcher left = new MultimodalSearcher(spaces, a);
        MultimodalSearcher right = new MultimodalSearcher(spaces, b);
        List<SearchRequest> queries = new ArrayList<>();
        List<SearchRequest> deep = new ArrayList<>();
        for (int i = 0; i < 300; i += 15) {
          Path file = photos.resolve(String.format("img-%03d.png", i));
          QueryPart image = new QueryPart.Media(media.forFile(file.getFileName().toString()).orElseThrow()
              .decode(Files.readAllBytes(file)), 1);
          QueryPart text = new QueryPart.Text("a " + Collections.COLOURS[i % Collections.COLOURS.length] + " blob number " + i, 1);
          for (List<QueryPart> parts : List.of(List.of(text), List.of(image), List.of(text, image))) {
            queries.add(request(parts, SearchRequest.DEFAULT_WINDOW, Filter.NONE));
            deep.add(request(parts, 400, Filter.NONE));
          }
          queries.add(request(List.of(image), SearchRequest.DEFAULT_WINDOW, Filter.NONE.excluding(String.format("img-%03d.png", i + 1))));
        }
        // The default window: each part's list is cut at 100, where BM25 ties (captions share most
        // words) fall in either engine's index order; so the top 10 is compared, not explanations.
        double overlapSum = 0;
        double worst = 1;
        for (SearchRequest q : queries) {
          double overlap = overlap(left.search(q).hits(), right.search(q).hits());
          overlapSum += overlap;
          worst = Math.min(worst, overlap);
        }
        double mean = overlapSum / queries.size();
        // Lists deep enough to hold every match (300 items): no cut, so every hit both engines
        // return must be explained identically: the same contributions with the same scores.
        double deepSum = 0;
        int compared = 0;
        for (SearchRequest q : deep) {
          List<SearchHit> l = left.search(q).hits();
          List<SearchHit> r = right.search(q).hits();
          deepSum += overlap(l, r);
          Map<String, SearchHit> rById = top(r);
          for (SearchHit hit : l) {
            SearchHit other = rById.get(hit.item().id());
            if (other != null) {
              assertEquals(fields(hit), fields(other), "explanation of " + hit.item().id());
              for (int c = 0; c < hit.explanation().size(); c++) {
                assertEquals(hit.explanation().get(c).score(), other.explanation().get(c).score(), 1e-3,
                    "score of " + hit.explanation().get(c) + " for " + hit.item().id());
              }
              compared++;
            }
          }
        }
        double deepMean = deepSum / deep.size();
        System.out.printf("parity: %d queries at the default window: mean top-10 overlap %.3f (worst %.2f); %d deep queries: "
            + "overlap %.3f, %d hits explained identically%n", queries.size(), mean, worst, deep.size(), deepMean, compared);
        assertTrue(mean >= 0.9, "mean top-10 overlap " + mean);
        assertTrue(deepMean >= 0.9, "mean top-10 overlap of deep queries " + deepMean);
        assertTrue(compared >= deep.size() * 8, "hits compared: " + compared);
      }
    }
  }

  private static SearchRequest request(List<QueryPart> parts, int window, Filter filter) {
    return new SearchRequest(parts, 10, 0, window, filter, Fusion.DEFAULT, Double.NEGATIVE_INFINITY, Set.of(), Set.of());
  }

  private static double overlap(List<SearchHit> l, List<SearchHit> r) {
    assertEquals(l.size(), r.size());
    Set<String> both = new HashSet<>(top(l).keySet());
    both.retainAll(top(r).keySet());
    return both.size() / (double) Math.max(1, l.size());
  }

  private static Map<String, SearchHit> top(List<SearchHit> hits) {
    Map<String, SearchHit> out = new LinkedHashMap<>();
    hits.forEach(h -> out.put(h.item().id(), h));
    return out;
  }

  /**
   * What an explanation says came from where: part, space and field of each contribution, in
   * order. Ranks are left out: among items with equal BM25 scores (captions of equal length
   * matching the same words) each engine orders by its own index order.
   */
  private static List<String> fields(SearchHit hit) {
    return hit.explanation().stream().map(c -> c.part() + "/" + c.space() + "/" + c.field()).toList();
  }
}
