package dev.mmsearch.index.solr;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import dev.mmsearch.index.Filter;
import dev.mmsearch.index.Hit;
import dev.mmsearch.index.IndexSchema;
import dev.mmsearch.index.IndexSchemaException;
import dev.mmsearch.index.IndexStats;
import dev.mmsearch.index.Item;
import dev.mmsearch.index.ItemReader;
import dev.mmsearch.index.ItemState;
import dev.mmsearch.index.NumberTarget;
import dev.mmsearch.index.Refresher;
import dev.mmsearch.index.ItemDocument;
import dev.mmsearch.index.TextGrams;
import dev.mmsearch.index.TextTerms;
import dev.mmsearch.index.VectorFieldSpec;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * The reads of a SolrCloud collection: searches ({@link SolrQueries}) with the few fields a hit
 * needs coming back with its score in one pass per shard, and real-time gets for stored items, in
 * batches of {@value #GET_BATCH} ids. Before the collection exists every read finds nothing.
 *
 * <p>The {@link IndexSchema} lives in the collection's properties (ZooKeeper) and is re-read by a
 * {@link Refresher} every refresh interval, reconciled with the catalog exactly as embedded; a
 * field the collection does not have yet is looked for again at most once a second.
 *
 * <p>Thread-safe.
 */
public class SolrItemReader implements ItemReader {

  private static final System.Logger LOG = System.getLogger(SolrItemReader.class.getName());

  /** Collection property holding the indexer's commit data (JSON object). */
  static final String COMMIT_DATA_KEY = "mmsearch.commit";
  /** Ids per real-time get request. */
  static final int GET_BATCH = 100;
  /** Items per page when scrolling the collection. */
  static final int SCROLL_PAGE = 1000;

  final SolrHttp http;
  final SolrCollection collection;
  private final IndexSchema catalog;
  private final boolean writable;
  private final Refresher refresher;
  volatile IndexSchema schema;
  /** The Solr fields the collection has: a catalog's space not indexed yet has none, and finds nothing. */
  private volatile Set<String> solrFields = Set.of();
  private volatile long fieldsReadNanos;
  private volatile boolean exists;

  SolrItemReader(SolrHttp http, SolrCollection collection, IndexSchema catalog, boolean writable) {
    this.http = http;
    this.collection = collection;
    this.catalog = catalog;
    this.writable = writable;
    this.refresher = new Refresher(LOG, collection.name(), this::refresh,
        e -> "the schema of collection " + collection.name() + " cannot be served: " + e.getMessage(),
        e -> "cannot refresh collection " + collection.name() + ": " + e.getMessage());
  }

  /** Starts the background refresh every {@code interval}; none when it is zero. */
  void refreshEvery(Duration interval) {
    if (!interval.isZero()) {
      refresher.start(collection.name(), interval);
    }
  }

  /** Takes {@code schema} and the collection's fields as they are now (a writer that just set them up). */
  void opened(IndexSchema schema) {
    this.schema = schema;
    this.exists = true;
    this.solrFields = collection.fields();
  }

  /** Re-reads the collection's schema; keeps the last good one when the new one cannot be served. */
  void refresh() {
    exists = collection.exists();
    if (exists) {
      schema = catalog.reconcile(IndexSchema.fromJson(collection.properties().get(IndexSchema.COMMIT_KEY)));
      solrFields = collection.fields();
      fieldsReadNanos = System.nanoTime();
    }
  }

  /**
   * Whether the collection has the vector field yet. A reader looks again (at most once a second)
   * when it does not, so a space the indexer adds later is searched without waiting for the next
   * refresh round.
   */
  private boolean hasVectors(String field) {
    String name = SolrNames.vector(field);
    if (!solrFields.contains(name) && !writable && exists && System.nanoTime() - fieldsReadNanos > 1_000_000_000L) {
      fieldsReadNanos = System.nanoTime();
      solrFields = collection.fields();
    }
    return solrFields.contains(name);
  }

  @Override
  public Optional<String> staleReason() {
    return refresher.staleReason();
  }

  @Override
  public IndexSchema schema() {
    return schema;
  }

  @Override
  public Map<String, String> commitData() {
    return commitData(RetryPolicy.READS);
  }

  /** {@link #commitData()} read under {@code policy} (a writer's commit: {@link RetryPolicy#WRITES}). */
  Map<String, String> commitData(RetryPolicy policy) {
    if (!exists) {
      return Map.of();
    }
    String json = collection.properties(policy).get(COMMIT_DATA_KEY);
    if (json == null || json.isEmpty()) {
      return Map.of();
    }
    try {
      return SolrHttp.JSON.readValue(json, new TypeReference<TreeMap<String, String>>() {});
    } catch (IOException e) {
      throw new IndexSchemaException("collection " + collection.name() + " has unreadable commit data: " + e.getMessage());
    }
  }

  // ------------------------------------------------------------------ searches

  /** The documents a search found, or none when the collection does not exist (yet). */
  private JsonNode select(SolrParams params) {
    if (!exists) {
      return SolrHttp.JSON.createArrayNode();
    }
    // One round trip per shard: the few small fields a hit needs come back with its score.
    params.add("distrib.singlePass", "true");
    SolrHttp.Answer a = http.post("/" + collection.name() + "/select", params, RetryPolicy.READS);
    if (a.status() == 404) {
      exists = false;
      return SolrHttp.JSON.createArrayNode();
    }
    return SolrHttp.ok(a, "search in " + collection.name()).path("response").path("docs");
  }

  @Override
  public List<Hit> knn(String field, float[] vector, int k, Filter filter) {
    ItemReader.checkK(k);
    VectorFieldSpec spec = schema.require(field);
    spec.checkDimension(vector);
    if (!hasVectors(field)) {
      return List.of();
    }
    SolrParams p = SolrQueries.knn(field, vector, spec.candidates(k), k, filter);
    return SolrDocuments.hits(select(p), score -> spec.similarityFromScore((float) score));
  }

  @Override
  public List<Hit> bm25(String text, int k, Filter filter) {
    ItemReader.checkK(k);
    List<String> terms = TextTerms.of(text);
    if (terms.isEmpty()) {
      return List.of();
    }
    return SolrDocuments.hits(select(SolrQueries.bm25(terms, k, filter)), score -> score);
  }

  @Override
  public List<Hit> pictureText(String text, int k, Filter filter) {
    ItemReader.checkK(k);
    List<String> terms = TextTerms.of(text);
    if (terms.isEmpty()) {
      return List.of();
    }
    return SolrDocuments.hits(select(SolrQueries.bm25(ItemDocument.OCR, terms, k, filter)), score -> score);
  }

  @Override
  public List<Hit> pictureTextSubstring(String text, int k, Filter filter) {
    ItemReader.checkK(k);
    List<String> grams = TextGrams.query(text);
    if (grams.isEmpty()) {
      return List.of();
    }
    return SolrDocuments.hits(select(SolrQueries.substring(grams, k, filter)), score -> score);
  }

  @Override
  public List<Hit> closest(List<NumberTarget> targets, int k, Filter filter) {
    ItemReader.checkClosest(targets, k);
    return SolrDocuments.hits(select(SolrQueries.closest(targets, k, filter)), score -> score).stream()
        .filter(h -> h.score() >= MIN_CLOSENESS).toList();
  }

  // ------------------------------------------------------------------ gets

  /**
   * Real-time gets of {@code ids} (sent updates included; buffered ones are not, as an embedded
   * writer reads its last commit), by id; absent ids are left out.
   */
  private Map<String, JsonNode> realTimeGet(Collection<String> ids, String fl) {
    Map<String, JsonNode> out = new LinkedHashMap<>();
    if (!exists || ids.isEmpty()) {
      return out;
    }
    List<String> all = List.copyOf(new LinkedHashSet<>(ids));
    for (int from = 0; from < all.size(); from += GET_BATCH) {
      SolrParams p = new SolrParams().add("fl", fl);
      all.subList(from, Math.min(all.size(), from + GET_BATCH)).forEach(id -> p.add("id", id));
      SolrHttp.Answer a = http.post("/" + collection.name() + "/get", p, RetryPolicy.READS);
      if (a.status() == 404) {
        exists = false;
        return out;
      }
      JsonNode body = SolrHttp.ok(a, "get from " + collection.name());
      JsonNode docs = body.has("doc") ? SolrHttp.JSON.createArrayNode().add(body.get("doc")) : body.path("response").path("docs");
      for (JsonNode d : docs) {
        if (d != null && !d.isNull()) {
          out.put(d.path(SolrNames.ID).asText(), d);
        }
      }
    }
    return out;
  }

  private Optional<JsonNode> realTimeGet(String id, String fl) {
    return Optional.ofNullable(realTimeGet(List.of(id), fl).get(id));
  }

  @Override
  public Optional<Item> get(String id) {
    return realTimeGet(id, SolrDocuments.ITEM_FIELDS + ",_thumb").map(d -> SolrDocuments.item(d, true));
  }

  @Override
  public Map<String, Item> getAll(Collection<String> ids) {
    Map<String, Item> out = new LinkedHashMap<>();
    // Whether each has a preview, not its base64 bytes: a page of 20 would carry some 300 KB it never shows.
    realTimeGet(ids, SolrDocuments.ITEM_FIELDS + "," + SolrNames.THUMBED)
        .forEach((id, d) -> out.put(id, SolrDocuments.itemForPage(d)));
    return out;
  }

  @Override
  public void describe(Collection<String> ids, Consumer<Item> visitor) {
    Map<String, JsonNode> found = realTimeGet(ids, SolrDocuments.ITEM_FIELDS);
    for (String id : ids) {
      JsonNode d = found.get(id);
      if (d != null) {
        visitor.accept(SolrDocuments.item(d, false));
      }
    }
  }

  @Override
  public Map<String, Double> numbers(Collection<String> ids, String key) {
    Map<String, Double> out = new HashMap<>();
    describe(ids, item -> {
      Double v = item.numbers().get(key);
      if (v != null) {
        out.put(item.id(), v);
      }
    });
    return out;
  }

  @Override
  public Optional<byte[]> thumbnail(String id) {
    return realTimeGet(id, "id,_thumb").map(SolrDocuments::thumbnail);
  }

  @Override
  public Optional<float[]> vector(String id, String field) {
    return Optional.ofNullable(vectors(List.of(id), field).get(id));
  }

  @Override
  public Map<String, float[]> vectors(Collection<String> ids, String field) {
    schema.require(field);
    Map<String, float[]> out = new LinkedHashMap<>();
    if (!hasVectors(field)) {
      return out;
    }
    String name = SolrNames.vector(field);
    realTimeGet(ids, "id," + name).forEach((id, d) -> {
      JsonNode v = d.get(name);
      if (v != null && v.isArray()) {
        float[] vector = new float[v.size()];
        for (int i = 0; i < vector.length; i++) {
          vector[i] = (float) v.get(i).asDouble();
        }
        out.put(id, vector);
      }
    });
    return out;
  }

  @Override
  public Optional<ItemState> state(String id) {
    return Optional.ofNullable(states(List.of(id)).get(id));
  }

  @Override
  public Map<String, ItemState> states(Collection<String> ids) {
    Map<String, ItemState> out = new LinkedHashMap<>();
    realTimeGet(ids, SolrDocuments.STATE_FIELDS).forEach((id, d) -> out.put(id, SolrDocuments.state(d)));
    return out;
  }

  @Override
  public void forEachItem(BiConsumer<String, String> visitor) {
    String cursor = "*";
    while (exists) {
      SolrHttp.Answer a = http.post("/" + collection.name() + "/select", new SolrParams().add("q", "*:*").add("sort", "id asc")
          .add("rows", SCROLL_PAGE).add("fl", "id,source").add("cursorMark", cursor), RetryPolicy.READS);
      JsonNode body = SolrHttp.ok(a, "scroll of " + collection.name());
      for (JsonNode d : body.path("response").path("docs")) {
        visitor.accept(d.path(SolrNames.ID).asText(), d.path(SolrNames.SOURCE).asText());
      }
      String nextCursor = body.path("nextCursorMark").asText();
      if (nextCursor.equals(cursor) || nextCursor.isEmpty()) {
        return;
      }
      cursor = nextCursor;
    }
  }

  /**
   * Items and vectors per field (a facet on the fields each item has), and as version the newest
   * update's {@code _version_}, which grows with every add.
   */
  @Override
  public IndexStats stats() {
    IndexSchema current = schema;
    Map<String, Long> vectors = new LinkedHashMap<>();
    current.fields().keySet().forEach(f -> vectors.put(f, 0L));
    if (!exists) {
      return new IndexStats(0, vectors, 0, current);
    }
    SolrHttp.Answer a = http.post("/" + collection.name() + "/select", new SolrParams().add("q", "*:*").add("rows", 1)
        .add("sort", "_version_ desc").add("fl", "_version_").add("facet", "true").add("facet.field", SolrNames.HAS)
        .add("facet.limit", -1).add("facet.mincount", 1), RetryPolicy.READS);
    JsonNode body = SolrHttp.ok(a, "stats of " + collection.name());
    JsonNode counts = body.path("facet_counts").path("facet_fields").path(SolrNames.HAS);
    for (int i = 0; i + 1 < counts.size(); i += 2) {
      if (vectors.containsKey(counts.get(i).asText())) {
        vectors.put(counts.get(i).asText(), counts.get(i + 1).asLong());
      }
    }
    JsonNode docs = body.path("response").path("docs");
    long version = docs.isEmpty() ? 0 : docs.get(0).path("_version_").asLong();
    return new IndexStats(body.path("response").path("numFound").asLong(), vectors, version, current);
  }

  /** Each search waits on the cluster's nodes: the lists of one query are searched at once. */
  @Override
  public boolean searchesInParallel() {
    return true;
  }

  /** The cluster's nodes this client sends requests to. */
  public List<URI> nodes() {
    return http.nodes();
  }

  @Override
  public void close() {
    refresher.close();
  }
}
