package dev.mmsearch.api;

import dev.mmsearch.api.Dtos.PartBody;
import dev.mmsearch.api.Dtos.SearchBody;
import dev.mmsearch.api.Dtos.SearchResponse;
import dev.mmsearch.dup.DuplicateLevel;
import dev.mmsearch.index.Filter;
import dev.mmsearch.media.Medium;
import dev.mmsearch.query.Facets;
import dev.mmsearch.query.Fusion;
import dev.mmsearch.query.PartType;
import dev.mmsearch.query.PartTypes;
import dev.mmsearch.query.QueryPart;
import dev.mmsearch.query.SearchRequest;
import dev.mmsearch.query.SearchResult;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Turns API requests into engine queries and engine results into responses. Checks everything
 * cheap (sizes, counts, names, that some space encodes each medium) before anything expensive
 * (parts through the part-type registry, {@link JsonParts}; filters, {@link RequestFilters}),
 * runs the query inside the {@link InferenceGate} (where uploaded images and sounds are decoded, by
 * the engine's media, when their embeddings are not cached), and records per-stage latency
 * histograms ({@code mmsearch_search_stage_seconds{stage=encode|knn|fuse}}: an upload's decode
 * counts in {@code encode}) and how often the query embedding cache answers.
 */
@ApplicationScoped
public class SearchService {

  @Inject
  SearchEngine engine;

  @Inject
  InferenceGate gate;

  @Inject
  MeterRegistry registry;

  @Inject
  RequestFilters filters;

  @Inject
  DuplicatesService duplicates;

  @Inject
  DuplicateStore duplicateStore;

  private final Map<String, Timer> timers = new ConcurrentHashMap<>();

  /** How often repeated queries skip their encoders ({@code mmsearch_query_embeddings_*}). */
  @jakarta.annotation.PostConstruct
  void cacheMetrics() {
    io.micrometer.core.instrument.FunctionCounter.builder("mmsearch.query.embeddings.hits", engine, e -> e.embeddings().hits())
        .description("Query embeddings found in the cache (one lookup per encoder)").register(registry);
    io.micrometer.core.instrument.FunctionCounter.builder("mmsearch.query.embeddings.misses", engine,
        e -> e.embeddings().misses()).description("Query embeddings encoded (one lookup per encoder)").register(registry);
    registry.gauge("mmsearch.query.embeddings.entries", engine, e -> e.embeddings().entries());
  }

  /** Paging and fusion settings shared by every form of request. */
  record Options(Integer k, Integer offset, Integer window, String fusion, Boolean facets, String collapse) {

    /** Options without collapsing. */
    Options(Integer k, Integer offset, Integer window, String fusion, Boolean facets) {
      this(k, offset, window, fusion, facets, null);
    }

    /** What {@code collapse} does, for the API document. */
    static final String COLLAPSE_DOC = "One hit per group of duplicates: \"exact\" (same decoded content) or \"near\" (edited "
        + "or re-encoded copies), as `mmsearch duplicates` grouped them. The best-ranked member of each group in the window "
        + "stands for it and carries the group's size; the others are left out before paging, so pages never overlap and "
        + "total counts groups. 409 when the level's groups were never made for this index.";

    /** What the window is, for the API document. */
    static final String WINDOW_DOC = "How many fused results are ranked and can be paged through; every ranked list is "
        + "fetched this deep. Pages of one query with the same window never overlap. Default: max(100, k).";

    /** Names of the paging and fusion parameters, as query parameters and form fields. */
    static final java.util.Set<String> NAMES = java.util.Set.of("k", "offset", "window", "fusion", "facets", "collapse");

    /** What {@code facets} does, for the API document. */
    static final String FACETS_DOC = "Also list, from the whole fused ranking (not only this page), each keyword metadata "
        + "key's most frequent values and each numeric key's span: the filters that would narrow these results. A value's "
        + "count is the number of results (the total, at most the window) the same query gives with that value as its "
        + "filter on the key.";

    /** Reads the options from text values by name (query parameters, form fields); numbers are checked. */
    static Options parse(java.util.function.UnaryOperator<String> value) {
      return new Options(QueryParams.integer("k", value.apply("k")), QueryParams.integer("offset", value.apply("offset")),
          QueryParams.integer("window", value.apply("window")), value.apply("fusion"),
          QueryParams.bool("facets", value.apply("facets")), value.apply("collapse"));
    }
  }

  public SearchResponse search(SearchBody body) {
    if (body == null) {
      throw new IllegalArgumentException("request body must be a JSON object with \"parts\"");
    }
    List<PartBody> in = body.parts();
    if (in == null || in.isEmpty()) {
      throw new IllegalArgumentException("query must have at least one part");
    }
    if (in.size() > SearchRequest.MAX_PARTS) {
      throw new IllegalArgumentException("query has " + in.size() + " parts, more than the limit of " + SearchRequest.MAX_PARTS);
    }
    // Everything but decoding is checked before a slot is taken.
    List<JsonParts.Checked> checked = new ArrayList<>(in.size());
    for (int i = 0; i < in.size(); i++) {
      checked.add(JsonParts.check(i, in.get(i), this::partTypes, engine::spaces));
    }
    Filter filter = RequestFilters.filter(filters.withModalities(body.filter(), body.modalities()), body.ranges(),
        RequestFilters.near(body.near()));
    SearchRequest.SortBy sort = RequestFilters.sort(body.sort());
    if (sort != null) {
      filters.requireNumberKey(sort.key(), "\"sort\".\"by\"");
    }
    for (JsonParts.Checked part : checked) {
      for (String key : part.type().numberKeys(part.input())) {
        filters.requireNumberKey(key, part.input().where() + " target");
      }
    }
    Set<String> spaces = RequestFilters.names(body.spaces(), "spaces");
    Set<String> fields = RequestFilters.names(body.fields(), "fields");
    Options options = new Options(body.k(), body.offset(), body.window(), body.fusion(), body.facets(), body.collapse());
    double minScore = body.minScore() == null ? Double.NEGATIVE_INFINITY : body.minScore();
    check(options, List.of(new QueryPart.Text("-", 1)), filter, minScore, spaces, fields, sort);
    collapseLevel(options);
    return gate.run(() -> {
      List<QueryPart> parts = checked.stream().map(JsonParts.Checked::parse).toList();
      return run(request(parts, options, filter, minScore, spaces, fields, sort), options);
    });
  }

  /** The part types of this server's media. */
  PartTypes partTypes() {
    return PartTypes.of(engine.media().all());
  }

  /** An uploaded file of a medium and its weight, as the multipart form gives it. */
  record Upload(PartType type, Medium medium, byte[] bytes, double weight) {}

  /** Cheap parts (text, colours, look) and/or uploaded media (an image, a sound), as the multipart form and GET query give them. */
  public SearchResponse search(List<QueryPart> cheap, List<Upload> uploads, Options options) {
    if (uploads.isEmpty() && cheap.isEmpty()) {
      throw new IllegalArgumentException("query is empty: give text, colours, look words, " + mediaPhrase() + ", or several");
    }
    for (Upload u : uploads) {
      // Checked before anything is decoded, not after.
      QueryPart.checkWeight(u.weight());
      u.type().requireSearchable(engine.spaces(), "");
    }
    check(options, cheap.isEmpty() ? List.of(new QueryPart.Text("-", 1)) : cheap, Filter.NONE, Double.NEGATIVE_INFINITY,
        Set.of(), Set.of(), null);
    collapseLevel(options);
    return gate.run(() -> {
      List<QueryPart> parts = new ArrayList<>(cheap);
      for (Upload u : uploads) {
        parts.add(QueryPart.Media.upload(u.medium(), u.bytes(), u.weight(), null));
      }
      return run(request(parts, options, Filter.NONE, Double.NEGATIVE_INFINITY, Set.of(), Set.of(), null), options);
    });
  }

  /** "an image (PNG, …) or a sound (WAV, …)": the media a query may upload, for messages. */
  private String mediaPhrase() {
    List<String> each = engine.media().all().stream().map(Medium::expected).toList();
    return each.size() < 2 ? String.join("", each)
        : String.join(", ", each.subList(0, each.size() - 1)) + " or " + each.getLast();
  }

  /** More like an indexed item: its stored vectors are the query, so nothing is encoded. */
  public SearchResponse similar(String id, Options options) {
    return run(request(List.of(new QueryPart.ItemRef(id, 1.0)), options, Filter.NONE, Double.NEGATIVE_INFINITY, Set.of(),
        Set.of(), null), options);
  }

  /** Validates paging and selection with a stand-in part, so a bad k fails before an image is decoded. */
  private static void check(Options o, List<QueryPart> parts, Filter filter, double minScore, Set<String> spaces,
      Set<String> fields, SearchRequest.SortBy sort) {
    List<QueryPart> positive = parts.stream().anyMatch(p -> p.weight() > 0) ? parts : List.of(new QueryPart.Text("-", 1));
    request(positive, o, filter, minScore, spaces, fields, sort);
  }

  private static SearchRequest request(List<QueryPart> parts, Options o, Filter filter, double minScore, Set<String> spaces,
      Set<String> fields, SearchRequest.SortBy sort) {
    return new SearchRequest(parts, o.k() == null ? SearchRequest.DEFAULT_K : o.k(), o.offset() == null ? 0 : o.offset(),
        o.window() == null ? 0 : requirePositive(o.window()), filter, fusion(o.fusion()), minScore, spaces, fields, sort);
  }

  private static int requirePositive(int window) {
    if (window < 1) {
      throw new IllegalArgumentException("window must be in 1.." + SearchRequest.MAX_WINDOW + ", got: " + window);
    }
    return window;
  }

  private SearchResponse run(SearchRequest request, Options options) {
    DuplicateLevel collapse = collapseLevel(options);
    if (collapse != null) {
      request = request.collapsing(duplicateStore.collapse(collapse));
    }
    SearchResult result = engine.searcher().search(request);
    Facets facets = Boolean.TRUE.equals(options.facets())
        ? Facets.count(engine.index(), result, Facets.DEFAULT_MAX_VALUES) : null;
    result.timingsNanos().forEach((stage, nanos) -> timers.computeIfAbsent(stage, s -> Timer.builder("mmsearch.search.stage")
        .description("Search latency per stage")
        .tag("stage", s)
        .publishPercentileHistogram()
        .register(registry)).record(nanos, TimeUnit.NANOSECONDS));
    SearchResponse response = SearchResponse.of(request, result, facets);
    return collapse == null ? response : response.withHits(response.hits().stream()
        .map(h -> h.withCollapsed(duplicates.collapsed(collapse, h.item().id()))).toList());
  }

  /** The level to collapse by, or null; checked before any work. */
  private static DuplicateLevel collapseLevel(Options options) {
    String c = options.collapse();
    if (c == null || c.isBlank() || c.equalsIgnoreCase("none")) {
      return null;
    }
    DuplicateLevel level;
    try {
      level = DuplicateLevel.fromString(c);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("collapse must be \"exact\", \"near\" or \"none\", got: " + c);
    }
    if (level == DuplicateLevel.SIMILAR) {
      throw new IllegalArgumentException("collapse must be \"exact\", \"near\" or \"none\", got: similar (similar pictures "
          + "are different shots: they stay in results)");
    }
    return level;
  }

  private static Fusion fusion(String name) {
    return name == null || name.isBlank() ? Fusion.DEFAULT : Fusion.fromString(name);
  }
}
