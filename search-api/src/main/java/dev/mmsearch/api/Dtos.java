package dev.mmsearch.api;

import dev.mmsearch.index.Item;
import dev.mmsearch.query.Contribution;
import dev.mmsearch.query.SearchHit;
import dev.mmsearch.query.SearchResult;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** JSON shapes of the API. Records, so they are immutable and Jackson maps them directly. */
final class Dtos {

  private Dtos() {}

  /**
   * One query part. {@code type} is {@code text} (with {@code text}), {@code image} (with
   * base64 {@code data}) or {@code item} (with {@code id}); {@code weight} defaults to 1.
   */
  record PartBody(String type, String text, String data, String id, Double weight) {}

  /**
   * A JSON query. Only {@code parts} is required; {@code spaces} and {@code fields} restrict what is
   * searched (field names like {@code clip.image}, or {@code text} for BM25).
   */
  record SearchBody(List<PartBody> parts, Integer k, Integer offset, Map<String, List<String>> filter, String fusion,
      Double minScore, List<String> spaces, List<String> fields) {}

  record ItemView(String id, String text, Map<String, String> fields, Map<String, List<String>> metadata,
      String thumbnail, String original, String similar) {

    static ItemView of(Item item) {
      String path = encode(item.id());
      boolean media = !item.source().isEmpty();
      return new ItemView(item.id(), item.text(), item.fields(), item.metadata(),
          media ? "/api/thumbnails/" + path : null, media ? "/api/originals/" + path : null, "/api/similar/" + path);
    }
  }

  record HitView(ItemView item, double score, List<Contribution> explanation) {
    static HitView of(SearchHit h) {
      return new HitView(ItemView.of(h.item()), h.score(), h.explanation());
    }
  }

  record SearchResponse(int total, List<HitView> hits, Map<String, Double> timingsMs) {
    static SearchResponse of(SearchResult r) {
      Map<String, Double> t = new LinkedHashMap<>();
      r.timingsNanos().forEach((k, v) -> t.put(k, v / 1e6));
      return new SearchResponse(r.total(), r.hits().stream().map(HitView::of).toList(), t);
    }
  }

  /** An id as one URL path segment group: each segment escaped, slashes kept. */
  static String encode(String id) {
    StringBuilder sb = new StringBuilder();
    for (String segment : id.split("/", -1)) {
      if (!sb.isEmpty()) {
        sb.append('/');
      }
      sb.append(URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20"));
    }
    return sb.toString();
  }
}
