package dev.mmsearch.api;

import dev.mmsearch.api.Dtos.PartBody;
import dev.mmsearch.api.Dtos.SearchBody;
import dev.mmsearch.api.Dtos.SearchResponse;
import dev.mmsearch.extract.ImageDecodeException;
import dev.mmsearch.index.Filter;
import dev.mmsearch.query.Fusion;
import dev.mmsearch.query.QueryPart;
import dev.mmsearch.query.SearchRequest;
import dev.mmsearch.query.SearchResult;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Turns API requests into engine queries and engine results into responses, recording per-stage
 * latency histograms ({@code mmsearch_search_stage_seconds{stage=encode|knn|fuse}}).
 */
@ApplicationScoped
public class SearchService {

  @Inject
  SearchEngine engine;

  @Inject
  MeterRegistry registry;

  private final Map<String, Timer> timers = new java.util.concurrent.ConcurrentHashMap<>();

  public SearchResponse search(SearchBody body) throws ImageDecodeException {
    if (body == null) {
      throw new IllegalArgumentException("request body must be a JSON object with \"parts\"");
    }
    if (body.parts() == null || body.parts().isEmpty()) {
      throw new IllegalArgumentException("query must have at least one part");
    }
    List<QueryPart> parts = new ArrayList<>();
    for (int i = 0; i < body.parts().size(); i++) {
      parts.add(part(i, body.parts().get(i)));
    }
    return run(new SearchRequest(parts, orDefault(body.k(), SearchRequest.DEFAULT_K), orDefault(body.offset(), 0),
        filter(body.filter()), fusion(body.fusion()), body.minScore() == null ? Double.NEGATIVE_INFINITY : body.minScore(),
        body.spaces() == null ? Set.of() : Set.copyOf(body.spaces()), body.fields() == null ? Set.of() : Set.copyOf(body.fields())));
  }

  /** Text and/or an uploaded image, as the multipart form and GET query give them. */
  public SearchResponse search(String text, double textWeight, byte[] image, double imageWeight, Integer k, Integer offset,
      String fusion, Map<String, List<String>> filter) throws ImageDecodeException {
    List<QueryPart> parts = new ArrayList<>();
    if (text != null && !text.isBlank()) {
      parts.add(new QueryPart.Text(text, textWeight));
    }
    if (image != null) {
      parts.add(new QueryPart.Image(engine.decoder().decode(image), imageWeight));
    }
    if (parts.isEmpty()) {
      throw new IllegalArgumentException("query is empty: give text, an image, or both");
    }
    return run(new SearchRequest(parts, orDefault(k, SearchRequest.DEFAULT_K), orDefault(offset, 0), filter(filter),
        fusion(fusion), Double.NEGATIVE_INFINITY));
  }

  public SearchResponse similar(String id, Integer k) {
    return run(new SearchRequest(List.of(new QueryPart.ItemRef(id, 1.0)), orDefault(k, SearchRequest.DEFAULT_K), 0,
        Filter.NONE, Fusion.DEFAULT, Double.NEGATIVE_INFINITY));
  }

  private SearchResponse run(SearchRequest request) {
    SearchResult result = engine.searcher().search(request);
    result.timingsNanos().forEach((stage, nanos) -> timers.computeIfAbsent(stage, s -> Timer.builder("mmsearch.search.stage")
        .description("Search latency per stage")
        .tag("stage", s)
        .publishPercentileHistogram()
        .register(registry)).record(nanos, TimeUnit.NANOSECONDS));
    return SearchResponse.of(result);
  }

  private QueryPart part(int i, PartBody p) throws ImageDecodeException {
    if (p == null || p.type() == null) {
      throw new IllegalArgumentException("part " + i + " needs a \"type\": text, image or item");
    }
    double weight = p.weight() == null ? 1.0 : p.weight();
    try {
      return switch (p.type()) {
        case "text" -> new QueryPart.Text(require(p.text(), i, "text"), weight);
        case "image" -> new QueryPart.Image(engine.decoder().decode(base64(require(p.data(), i, "data"), i)), weight);
        case "item" -> new QueryPart.ItemRef(require(p.id(), i, "id"), weight);
        default -> throw new IllegalArgumentException("part " + i + " has unknown type '" + p.type() + "' (known: text, image, item)");
      };
    } catch (IllegalArgumentException e) {
      throw e.getMessage().startsWith("part ") ? e : new IllegalArgumentException("part " + i + ": " + e.getMessage(), e);
    }
  }

  private static String require(String value, int i, String key) {
    if (value == null) {
      throw new IllegalArgumentException("part " + i + " needs \"" + key + "\"");
    }
    return value;
  }

  private static byte[] base64(String data, int i) {
    String payload = data.startsWith("data:") && data.contains(",") ? data.substring(data.indexOf(',') + 1) : data;
    try {
      return Base64.getDecoder().decode(payload.replaceAll("\\s", ""));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("part " + i + " \"data\" is not base64: " + e.getMessage());
    }
  }

  private static int orDefault(Integer v, int d) {
    return v == null ? d : v;
  }

  private static Fusion fusion(String name) {
    return name == null || name.isBlank() ? Fusion.DEFAULT : Fusion.fromString(name);
  }

  private static Filter filter(Map<String, List<String>> filter) {
    if (filter == null || filter.isEmpty()) {
      return Filter.NONE;
    }
    Map<String, Set<String>> anyOf = new TreeMap<>();
    filter.forEach((k, v) -> {
      if (v == null || v.isEmpty()) {
        throw new IllegalArgumentException("filter on '" + k + "' must list at least one value");
      }
      anyOf.put(k, new HashSet<>(v));
    });
    return new Filter(anyOf, Set.of());
  }
}
