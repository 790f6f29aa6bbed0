package dev.mmsearch.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mmsearch.catalog.Spaces;
import dev.mmsearch.index.ItemIndex;
import dev.mmsearch.index.ItemReader;
import dev.mmsearch.index.lucene.LuceneBackend;
import dev.mmsearch.ingest.ErrorReport;
import dev.mmsearch.ingest.IndexJob;
import dev.mmsearch.ingest.JobOptions;
import dev.mmsearch.ingest.Progress;
import dev.mmsearch.query.Fusion;
import dev.mmsearch.query.MultimodalSearcher;
import dev.mmsearch.query.QueryPart;
import dev.mmsearch.query.SearchHit;
import dev.mmsearch.query.SearchRequest;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Compares fusion methods end to end: a captioned set is indexed with every other item's caption
 * removed (so some relevant items can only be found through the image fields, some also through
 * text fields and BM25), each distinct caption is run as a text query, and the items sharing that
 * caption are the relevant ones.
 */
final class FusionBenchmark {

  private FusionBenchmark() {}

  static void run(Spaces spaces, List<Path> manifests, PrintWriter out) throws IOException, InterruptedException {
    ObjectMapper json = new ObjectMapper();
    Path work = Files.createTempDirectory("mmsearch-fusion");
    Path manifest = work.resolve("items.jsonl");
    Map<String, List<String>> relevant = new LinkedHashMap<>();
    int n = 0;
    try (BufferedWriter w = Files.newBufferedWriter(manifest)) {
      for (Path m : manifests) {
        for (String line : Files.readAllLines(m)) {
          if (line.isBlank()) {
            continue;
          }
          ObjectNode item = (ObjectNode) json.readTree(line);
          String caption = item.path("text").asText();
          String id = "i" + n;
          item.put("id", id);
          item.put("image", m.toAbsolutePath().getParent().resolve(item.path("image").asText()).toString());
          if (n++ % 2 == 1) {
            item.remove("text");
          }
          relevant.computeIfAbsent(caption, c -> new ArrayList<>()).add(id);
          w.write(json.writeValueAsString(item));
          w.newLine();
        }
      }
    }
    Path index = work.resolve("index");
    try (ItemIndex ix = new LuceneBackend(index).openForWriting(spaces.schema()); ErrorReport errors = new ErrorReport(null)) {
      new IndexJob(spaces, ix, JobOptions.defaults()).run(List.of(), List.of(manifest), errors, Progress.NONE);
      out.printf("indexed %d items (%d without caption), %d distinct captions as queries; %d skipped%n", n, n / 2,
          relevant.size(), errors.count());
    }
    try (ItemReader ix = new LuceneBackend(index).openForReading(spaces.schema(), Duration.ZERO)) {
      MultimodalSearcher searcher = new MultimodalSearcher(spaces, ix);
      out.println("fusion   R@1    R@10   MRR    R@10 of uncaptioned relevant items");
      for (Fusion fusion : Fusion.values()) {
        double r1 = 0;
        double r10 = 0;
        double mrr = 0;
        double uncaptioned = 0;
        int uncaptionedQueries = 0;
        for (Map.Entry<String, List<String>> e : relevant.entrySet()) {
          List<SearchHit> hits = searcher.search(new SearchRequest(List.of(new QueryPart.Text(e.getKey(), 1)), 10, 0, null, fusion,
              Double.NEGATIVE_INFINITY)).hits();
          Set<String> rel = Set.copyOf(e.getValue());
          int first = 0;
          for (int i = 0; i < hits.size(); i++) {
            if (rel.contains(hits.get(i).item().id())) {
              first = i + 1;
              break;
            }
          }
          r1 += first == 1 ? 1 : 0;
          r10 += first >= 1 ? 1 : 0;
          mrr += first >= 1 ? 1.0 / first : 0;
          List<String> odd = e.getValue().stream().filter(id -> Integer.parseInt(id.substring(1)) % 2 == 1).toList();
          if (!odd.isEmpty()) {
            uncaptionedQueries++;
            uncaptioned += hits.stream().anyMatch(h -> odd.contains(h.item().id())) ? 1 : 0;
          }
        }
        int q = relevant.size();
        out.printf("%-7s  %.3f  %.3f  %.3f  %.3f%n", fusion.id(), r1 / q, r10 / q, mrr / q, uncaptioned / Math.max(1, uncaptionedQueries));
      }
    }
  }
}
