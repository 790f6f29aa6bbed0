package dev.mmsearch.query;

import dev.mmsearch.calibrate.Calibration;
import dev.mmsearch.catalog.Spaces;
import dev.mmsearch.encode.EmbeddingCache;
import dev.mmsearch.index.Filter;
import dev.mmsearch.index.Hit;
import dev.mmsearch.index.Item;
import dev.mmsearch.index.IndexSchema;
import dev.mmsearch.index.ItemReader;
import dev.mmsearch.predict.Predictors;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * Plans, runs and fuses a multimodal query. Each part's kind ({@link PartKind}, registered in
 * {@link PartTypes}) says which ranked lists it searches: a part is embedded by every space that
 * accepts its modality and searched in every vector field of that space (a text part hits
 * {@code clip.text} and {@code clip.image}); text parts are also matched with BM25. An item part
 * reuses the item's stored vectors. The resulting ranked lists are fused into one ranking ({@link Fusion}), each
 * part's weight shared equally among its lists.
 *
 * <p>A missing modality is not evidence against an item: an uncaptioned photo cannot appear in a
 * caption field, and should not lose to a captioned one for that reason alone. So each item's
 * score for a part is scaled by the part's total list weight over the weight of the lists the item
 * could appear in (those over fields it has). Without this, RRF favours items with more
 * modalities rather than better matches.
 *
 * <p>Thread-safe: encoders and the index are.
 */
public final class MultimodalSearcher {

  private final Spaces spaces;
  private final ItemReader index;
  private final Predictors predictors;
  private final EmbeddingCache embeddings;

  public MultimodalSearcher(Spaces spaces, ItemReader index) {
    this(spaces, index, Predictors.NONE);
  }

  /** A searcher that also routes palette and metadata parts through {@code predictors} into visual fields. */
  public MultimodalSearcher(Spaces spaces, ItemReader index, Predictors predictors) {
    this(spaces, index, predictors, EmbeddingCache.NONE);
  }

  /** A searcher that also keeps query embeddings in {@code embeddings}, so repeated queries are not encoded again. */
  public MultimodalSearcher(Spaces spaces, ItemReader index, Predictors predictors, EmbeddingCache embeddings) {
    this.spaces = spaces;
    this.index = index;
    this.predictors = predictors;
    this.embeddings = embeddings;
  }

  /** Space and field name used in explanations for metadata parts' lists. */
  public static final String METADATA = RankedList.METADATA;

  /**
   * @throws IllegalArgumentException for a query the index cannot answer (e.g. a modality no space accepts)
   * @throws NoSuchElementException for an item part whose id is not indexed
   */
  public SearchResult search(SearchRequest request) {
    // One look at the schema per query: in an index that refreshes on read, each look may reopen.
    IndexSchema schema = index.schema();
    checkSelection(request, schema);
    long t0 = System.nanoTime();
    ListPlan plan = new ListPlan(request, schema, spaces, index, predictors, embeddings);
    for (int p = 0; p < request.parts().size(); p++) {
      plan.part(p);
      PartTypes.lists(request.parts().get(p), plan);
    }
    List<RankedList> lists = plan.lists();
    Filter filter = plan.filter();
    long t1 = System.nanoTime();

    // Every list is fetched to the window, whatever the page: the fused ranking, and so every page
    // of it, is then the same for all pages of one query (SearchRequest, "Paging").
    int depth = request.window();
    lists.removeIf(l -> !PartTypes.selected(request, l.space(), l.field()));
    if (lists.isEmpty()) {
      throw new IllegalArgumentException("the selected spaces and fields cannot answer these parts (spaces: "
          + request.spaces() + ", fields: " + request.fields() + ")");
    }
    List<List<Hit>> results = fetchAll(lists, depth, filter);
    long t2 = System.nanoTime();

    List<Map.Entry<String, FusedLists.Fused>> ranked = fuse(request, lists, results);
    int total = Math.min(ranked.size(), request.window());
    if (request.sort() != null) {
      ranked = sorted(ranked.subList(0, total), request.sort());
    }
    if (request.collapse() != Collapse.NONE) {
      ranked = collapsed(ranked.subList(0, total), request.collapse());
      total = ranked.size();
    }
    List<Map.Entry<String, FusedLists.Fused>> onPage = request.offset() >= total ? List.of()
        : ranked.subList(request.offset(), Math.min(total, request.offset() + request.k()));
    Map<String, Item> items = index.getAll(onPage.stream().map(Map.Entry::getKey).toList());
    List<String> texts = request.parts().stream().filter(p -> p instanceof QueryPart.Text t && t.weight() > 0)
        .map(p -> ((QueryPart.Text) p).text()).toList();
    List<SearchHit> page = new ArrayList<>();
    for (Map.Entry<String, FusedLists.Fused> e : onPage) {
      Item item = items.get(e.getKey());
      if (item != null) {
        page.add(new SearchHit(item, e.getValue().score(), e.getValue().contributions(), List.of(),
            PictureTextMatch.of(item.pictureText(), texts)));
      }
    }
    page = MomentRanking.rank(page, lists, results, request, calibration(), index, schema);
    long t3 = System.nanoTime();
    List<String> ranking = ranked.subList(0, total).stream().map(Map.Entry::getKey).toList();
    Filter searched = filter;
    Narrowing narrowing = (key, value) -> narrowedTotal(request, lists, results, searched, key, value);
    return new SearchResult(page, total, Map.of("encode", t1 - t0, "knn", t2 - t1, "fuse", t3 - t2), ranking, narrowing);
  }

  /**
   * The total of this query with the filter on {@code key} accepting only {@code value}
   * ({@link Narrowing}). Without a {@code minScore} every item a list returns is ranked, so the
   * total is the size of the lists' union, up to the window. A kNN list returns every item that
   * passes the filter and holds its field, up to the window: when the index counts at least a
   * window of them for one list ({@link ItemReader#countWithVector}, no search), the total is the
   * window. Otherwise the lists are fetched again under the narrower filter, the fullest first,
   * until the union fills the window — few items pass, so each kNN is exact over them. A list that
   * found nothing under the query's own filter finds nothing under a narrower one and is skipped.
   * With a {@code minScore} the scores decide, so the query is fused again.
   */
  private int narrowedTotal(SearchRequest request, List<RankedList> lists, List<List<Hit>> found, Filter filter,
      String key, String value) {
    Map<String, Set<String>> anyOf = new java.util.TreeMap<>(filter.anyOf());
    anyOf.put(key, Set.of(value));
    Filter narrowed;
    try {
      narrowed = new Filter(anyOf, filter.excludeIds(), filter.ranges(), filter.near());
    } catch (IllegalArgumentException tooManyKeys) {
      return -1;
    }
    int window = request.window();
    if (request.minScore() > Double.NEGATIVE_INFINITY) {
      return Math.min(window, fuse(request, lists, fetchAll(lists, window, narrowed)).size());
    }
    List<Integer> fullestFirst = new ArrayList<>();
    for (int i = 0; i < lists.size(); i++) {
      if (!found.get(i).isEmpty()) {
        fullestFirst.add(i);
      }
    }
    fullestFirst.sort(Comparator.comparingInt((Integer i) -> -found.get(i).size()));
    List<Integer> toFetch = new ArrayList<>();
    for (int i : fullestFirst) {
      java.util.OptionalInt reach = lists.get(i).reach(index, narrowed);
      if (reach.isPresent() && reach.getAsInt() >= window) {
        return window;
      }
      if (reach.isEmpty() || reach.getAsInt() > 0) {
        toFetch.add(i);
      }
    }
    Set<String> union = new java.util.HashSet<>();
    for (int i : toFetch) {
      for (Hit h : lists.get(i).fetch(index, window, narrowed)) {
        union.add(h.id());
      }
      if (union.size() >= window) {
        return window;
      }
    }
    return union.size();
  }

  /**
   * Fuses the ranked lists into one ranking, best first, without the items under {@code minScore}
   * (not yet cut to the window).
   */
  private List<Map.Entry<String, FusedLists.Fused>> fuse(SearchRequest request, List<RankedList> lists, List<List<Hit>> results) {
    Calibration calibration = calibration();
    List<FusedLists.Scored> scored = new ArrayList<>(lists.size());
    for (int i = 0; i < lists.size(); i++) {
      RankedList l = lists.get(i);
      scored.add(new FusedLists.Scored(l.part(), l.space(), l.field(), l.group(), request.parts().get(l.part()).weight(),
          results.get(i), l.evidence(calibration, results.get(i))));
    }
    Map<String, FusedLists.Fused> fused = FusedLists.fuse(scored, request.fusion());
    List<Map.Entry<String, FusedLists.Fused>> ranked = new ArrayList<>(fused.entrySet());
    ranked.removeIf(e -> e.getValue().score() < request.minScore());
    ranked.sort(Comparator.comparingDouble((Map.Entry<String, FusedLists.Fused> e) -> -e.getValue().score())
        .thenComparing(Map.Entry::getKey));
    return ranked;
  }

  /**
   * The ranked lists, in order. Embedded: one after the other, on purpose — in parallel they
   * measured slower on 2 cores under load (docs/benchmarks.md), and request-level concurrency
   * already uses the cores. A cluster: all at once (virtual threads), since each search mostly
   * waits on other machines.
   */
  private List<List<Hit>> fetchAll(List<RankedList> lists, int depth, Filter filter) {
    List<List<Hit>> results = new ArrayList<>(lists.size());
    if (!index.searchesInParallel() || lists.size() < 2) {
      for (RankedList l : lists) {
        results.add(l.fetch(index, depth, filter));
      }
      return results;
    }
    try (var scope = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
      List<java.util.concurrent.Future<List<Hit>>> futures = new ArrayList<>();
      for (RankedList l : lists) {
        futures.add(scope.submit(() -> l.fetch(index, depth, filter)));
      }
      for (java.util.concurrent.Future<List<Hit>> f : futures) {
        results.add(f.get());
      }
    } catch (java.util.concurrent.ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while searching", e);
    }
    return results;
  }

  /** The window with only the first (best-placed) item of each group; items in no group all stay. */
  private static List<Map.Entry<String, FusedLists.Fused>> collapsed(List<Map.Entry<String, FusedLists.Fused>> window,
      Collapse collapse) {
    java.util.Set<String> seen = new java.util.HashSet<>();
    List<Map.Entry<String, FusedLists.Fused>> out = new ArrayList<>(window.size());
    for (Map.Entry<String, FusedLists.Fused> e : window) {
      String group = collapse.groupOf(e.getKey());
      if (group == null || seen.add(group)) {
        out.add(e);
      }
    }
    return out;
  }

  /** The window in the order of a number, items without it last; ties and the rest keep their score order (a stable sort). */
  private List<Map.Entry<String, FusedLists.Fused>> sorted(List<Map.Entry<String, FusedLists.Fused>> window,
      SearchRequest.SortBy sort) {
    Map<String, Double> values = index.numbers(window.stream().map(Map.Entry::getKey).toList(), sort.key());
    Comparator<Double> byValue = sort.descending() ? Comparator.reverseOrder() : Comparator.naturalOrder();
    List<Map.Entry<String, FusedLists.Fused>> out = new ArrayList<>(window);
    out.sort(Comparator.comparing((Map.Entry<String, FusedLists.Fused> e) -> values.get(e.getKey()),
        Comparator.nullsLast(byValue)));
    return out;
  }

  /** Unknown space or field names are client errors, named with what exists. */
  private void checkSelection(SearchRequest request, IndexSchema schema) {
    for (String space : request.spaces()) {
      spaces.get(space);
    }
    java.util.Set<String> searchable = new java.util.TreeSet<>(schema.fields().keySet());
    searchable.addAll(PartTypes.ownFields());
    if (!spaces.readsPictures()) {
      searchable.removeIf(f -> dev.mmsearch.index.Hit.OCR.equals(RankedList.about(f))); // no lists about picture text
    }
    for (String field : request.fields()) {
      if (!searchable.contains(field)) {
        throw new IllegalArgumentException("unknown field '" + field + "' (searchable: " + searchable + ")");
      }
    }
  }

  /** The calibration in the index's commit data, read again at most once a second. */
  private Calibration calibration() {
    CachedCalibration c = cachedCalibration;
    long now = System.nanoTime();
    if (c == null || now - c.readAt() > CALIBRATION_RECHECK_NANOS) {
      String json = index.commitData().get(Calibration.COMMIT_KEY);
      Calibration parsed = c != null && java.util.Objects.equals(json, c.json()) ? c.calibration()
          : Calibration.of(json == null ? Map.of() : Map.of(Calibration.COMMIT_KEY, json));
      c = new CachedCalibration(now, json, parsed);
      cachedCalibration = c;
    }
    return c.calibration();
  }

  private static final long CALIBRATION_RECHECK_NANOS = 1_000_000_000L;

  private record CachedCalibration(long readAt, String json, Calibration calibration) {}

  private volatile CachedCalibration cachedCalibration;
}
