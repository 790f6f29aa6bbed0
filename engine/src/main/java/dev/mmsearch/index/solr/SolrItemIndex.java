package dev.mmsearch.index.solr;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.mmsearch.index.Filter;
import dev.mmsearch.index.Hit;
import dev.mmsearch.index.IndexSchema;
import dev.mmsearch.index.IndexSchemaException;
import dev.mmsearch.index.IndexStats;
import dev.mmsearch.index.Item;
import dev.mmsearch.index.ItemIndex;
import dev.mmsearch.index.ItemState;
import dev.mmsearch.index.NumberKeys;
import dev.mmsearch.index.NumberTarget;
import dev.mmsearch.index.Staleness;
import dev.mmsearch.index.StoredDoc;
import dev.mmsearch.index.TextTerms;
import dev.mmsearch.index.VectorFieldSpec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * An index in a SolrCloud collection: one document per item, one dense vector field per space ×
 * modality (HNSW with the field's {@code m} and beam width), BM25 over item text, keyword and
 * numeric fields for filters. Solr shards and replicates it; this class only speaks HTTP to it
 * ({@link SolrHttp}), so the cluster runs its own Lucene (9.12) and mmsearch keeps its own (10.6).
 *
 * <h2>Same answers as embedded</h2>
 * Queries are built from the same pieces as {@link dev.mmsearch.index.LuceneItemIndex}'s: the same
 * candidate count per graph ({@link VectorFieldSpec#candidates}, Solr's {@code topK}, per shard),
 * filters applied inside the kNN search (Solr's {@code fq} pre-filter), the same analysed terms as
 * a disjunction of term queries for BM25 (with collection-wide statistics, {@code ExactStatsCache}),
 * the same closeness function for metadata targets, and scores converted back to the field's
 * similarity the same way. Fusion and explanations above this interface are shared.
 *
 * <h2>Schema and model identities</h2>
 * The {@link IndexSchema} lives in the collection's properties (ZooKeeper), under
 * {@value IndexSchema#COMMIT_KEY}, and is reconciled with the catalog on every open exactly as
 * embedded: a field never takes vectors of another model. The indexer's commit data (progress,
 * roots) is a second property, written after each Solr commit.
 *
 * <h2>Who owns the writers</h2>
 * Solr's shard leaders own the Lucene writers. Any number of processes may open this class for
 * writing (the Spark job opens one per partition); updates are by id and idempotent. Writes are
 * buffered and sent in bulk ({@value #BULK_DOCS} documents or {@value #BULK_BYTES} bytes);
 * {@link #commit} sends the rest and makes it visible. Reads see committed data, and real-time gets
 * see sent updates too.
 *
 * <p>Thread-safe.
 */
public final class SolrItemIndex implements ItemIndex {

  private static final System.Logger LOG = System.getLogger(SolrItemIndex.class.getName());

  /** Collection property holding the indexer's commit data (JSON object). */
  static final String COMMIT_DATA_KEY = "mmsearch.commit";
  /** Documents per bulk update request. */
  static final int BULK_DOCS = 200;
  /** Bytes of JSON per bulk update request, whichever comes first. */
  static final int BULK_BYTES = 8 << 20;
  /** Ids per real-time get request. */
  static final int GET_BATCH = 100;
  /** Items per page when scrolling the collection. */
  static final int SCROLL_PAGE = 1000;

  private final SolrHttp http;
  private final SolrCollection collection;
  private final IndexSchema catalog;
  private final boolean writable;
  private final ScheduledExecutorService refresher;
  private volatile IndexSchema schema;
  /** The Solr fields the collection has: a catalog's space not indexed yet has none, and finds nothing. */
  private volatile Set<String> solrFields = Set.of();
  private volatile long fieldsReadNanos;
  private volatile boolean exists;
  private final Staleness staleness;
  private final NumberKeys numberKeys = new NumberKeys();

  private final Object pendingLock = new Object();
  private final List<Change> pending = new ArrayList<>();
  private long pendingBytes;

  private SolrItemIndex(SolrHttp http, SolrCollection collection, IndexSchema catalog, boolean writable,
      Duration refreshInterval) {
    this.http = http;
    this.collection = collection;
    this.staleness = new Staleness(LOG, collection.name());
    this.catalog = catalog;
    this.writable = writable;
    if (!writable && !refreshInterval.isZero()) {
      refresher = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread t = new Thread(task, "mmsearch-refresh " + collection.name());
        t.setDaemon(true);
        return t;
      });
      long every = Math.max(1, refreshInterval.toMillis());
      refresher.scheduleWithFixedDelay(this::backgroundRefresh, every, every, TimeUnit.MILLISECONDS);
    } else {
      refresher = null;
    }
  }

  /**
   * Opens the collection for writing, creating it with {@code shards} × {@code replicas} when it
   * does not exist, and adds the catalog's vector fields it lacks.
   *
   * @throws IndexSchemaException if the collection holds vectors from other models than {@code catalog}
   */
  static SolrItemIndex openForWriting(SolrHttp http, String name, int shards, int replicas, IndexSchema catalog,
      Duration createTimeout) {
    SolrCollection c = new SolrCollection(http, name);
    if (!c.exists()) {
      c.create(shards, replicas, createTimeout);
    }
    IndexSchema stored = IndexSchema.fromJson(c.properties().get(IndexSchema.COMMIT_KEY));
    IndexSchema merged = catalog.reconcile(stored);
    c.addVectorFields(merged.fields().values());
    if (!merged.equals(stored)) {
      c.setProperty(IndexSchema.COMMIT_KEY, merged.toJson());
    }
    SolrItemIndex index = new SolrItemIndex(http, c, catalog, true, Duration.ZERO);
    index.schema = merged;
    index.exists = true;
    index.solrFields = c.fields();
    return index;
  }

  /**
   * Opens the collection for searching; it may not exist yet (searches find nothing until it
   * does). The schema is re-read every {@code refreshInterval}, or when a query names a field the
   * last one lacked.
   *
   * @throws IndexSchemaException if the collection holds vectors from other models than {@code catalog}
   */
  static SolrItemIndex openForReading(SolrHttp http, String name, IndexSchema catalog, Duration refreshInterval) {
    SolrItemIndex index = new SolrItemIndex(http, new SolrCollection(http, name), catalog, false, refreshInterval);
    index.schema = catalog;
    try {
      index.refresh();
    } catch (RuntimeException e) {
      index.close();
      throw e;
    }
    return index;
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

  private void backgroundRefresh() {
    try {
      refresh();
      staleness.fresh();
    } catch (IndexSchemaException e) {
      staleness.stale("the schema of collection " + collection.name() + " cannot be served: " + e.getMessage(), Level.ERROR);
    } catch (RuntimeException e) {
      staleness.stale("cannot refresh collection " + collection.name() + ": " + e.getMessage(), Level.WARNING);
    }
  }

  @Override
  public Optional<String> staleReason() {
    return staleness.reason();
  }

  @Override
  public IndexSchema schema() {
    return schema;
  }

  // ------------------------------------------------------------------ writes

  private void requireWritable() {
    if (!writable) {
      throw new IllegalStateException("collection " + collection.name() + " is open for reading only");
    }
  }

  /**
   * One buffered change, serialised once: {@code op} is {@code add} or {@code delete}, {@code json}
   * its value in Solr's JSON update format.
   */
  private record Change(String id, String op, byte[] json) {}

  @Override
  public void upsert(Item item) {
    requireWritable();
    numberKeys.saw(item.numbers().keySet());
    ObjectNode add = SolrHttp.JSON.createObjectNode();
    add.set("doc", document(item));
    enqueue(new Change(item.id(), "add", json(add)));
  }

  @Override
  public void delete(String id) {
    requireWritable();
    enqueue(new Change(id, "delete", json(SolrHttp.JSON.createObjectNode().put("id", id))));
  }

  private static byte[] json(ObjectNode value) {
    try {
      return SolrHttp.JSON.writeValueAsBytes(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void enqueue(Change change) {
    synchronized (pendingLock) {
      pending.add(change);
      pendingBytes += change.json().length;
      if (pending.size() >= BULK_DOCS || pendingBytes >= BULK_BYTES) {
        flush();
      }
    }
  }

  /**
   * Sends the buffered updates as one request, in order: Solr's JSON update format takes repeated
   * {@code add} and {@code delete} keys in one object.
   */
  private void flush() {
    List<Change> batch;
    synchronized (pendingLock) {
      if (pending.isEmpty()) {
        return;
      }
      batch = new ArrayList<>(pending);
      pending.clear();
      pendingBytes = 0;
    }
    SolrHttp.Answer a = http.send("/" + collection.name() + "/update", updateBody(batch), "application/json", RetryPolicy.WRITES);
    if (a.ok()) {
      return;
    }
    // Solr stops a bulk request at the first document it refuses: send each change alone, so the
    // others are kept and the refused ones are named.
    List<String> refused = new ArrayList<>();
    for (Change change : batch) {
      SolrHttp.Answer one = http.send("/" + collection.name() + "/update", updateBody(List.of(change)), "application/json",
          RetryPolicy.WRITES);
      if (!one.ok()) {
        refused.add(change.id() + ": " + SolrHttp.message(one.body()));
      }
    }
    if (!refused.isEmpty()) {
      throw new SolrException(a.status(), "collection " + collection.name() + " refused " + refused.size() + " of "
          + batch.size() + " changes (the others were kept): " + String.join("; ", refused), null);
    }
  }

  private static byte[] updateBody(List<Change> changes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonGenerator g = SolrHttp.JSON.createGenerator(out)) {
      g.writeStartObject();
      for (Change c : changes) {
        g.writeFieldName(c.op());
        g.writeRawValue(new String(c.json(), java.nio.charset.StandardCharsets.UTF_8));
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private ObjectNode document(Item item) {
    ObjectNode doc = SolrHttp.JSON.createObjectNode();
    doc.put(SolrNames.ID, item.id());
    doc.put(SolrNames.SOURCE, item.source());
    doc.put(SolrNames.HASH, item.contentHash());
    doc.put(SolrNames.TEXT, item.text());
    item.metadata().forEach((key, values) -> {
      ArrayNode a = doc.putArray(SolrNames.meta(key));
      values.forEach(a::add);
    });
    item.numbers().forEach((key, v) -> doc.put(SolrNames.number(key), v));
    Double latitude = item.numbers().get(Item.LATITUDE);
    Double longitude = item.numbers().get(Item.LONGITUDE);
    if (latitude != null && longitude != null && Math.abs(latitude) <= 90 && Math.abs(longitude) <= 180) {
      doc.put(SolrNames.GEO, SolrFilters.plain(latitude) + "," + SolrFilters.plain(longitude));
    }
    ArrayNode has = doc.putArray(SolrNames.HAS);
    item.vectors().forEach((field, v) -> {
      schema.require(field).checkVector(v);
      ArrayNode a = doc.putArray(SolrNames.vector(field));
      for (float x : v) {
        a.add(x);
      }
      has.add(field);
    });
    if (!item.text().isBlank()) {
      has.add(Hit.TEXT);
    }
    doc.put(SolrNames.THUMBED, item.hasThumbnail());
    if (item.hasThumbnail()) {
      doc.put(SolrNames.THUMB, Base64.getEncoder().encodeToString(item.thumbnail()));
    }
    doc.put(SolrNames.STORED, StoredDoc.json(item));
    return doc;
  }

  @Override
  public void commit(Map<String, String> userData) {
    requireWritable();
    flush();
    SolrHttp.ok(http.send("/" + collection.name() + "/update?commit=true&waitSearcher=true", "{}".getBytes(),
        "application/json", RetryPolicy.WRITES), "commit of " + collection.name());
    Map<String, String> before = commitData();
    Map<String, String> data = new TreeMap<>(before);
    data.putAll(userData);
    numberKeys.mergeInto(data);
    if (!data.equals(before)) {
      try {
        collection.setProperty(COMMIT_DATA_KEY, SolrHttp.JSON.writeValueAsString(data));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  @Override
  public Map<String, String> commitData() {
    if (!exists) {
      return Map.of();
    }
    String json = collection.properties().get(COMMIT_DATA_KEY);
    if (json == null || json.isEmpty()) {
      return Map.of();
    }
    try {
      return SolrHttp.JSON.readValue(json, new TypeReference<TreeMap<String, String>>() {});
    } catch (IOException e) {
      throw new IndexSchemaException("collection " + collection.name() + " has unreadable commit data: " + e.getMessage());
    }
  }

  @Override
  public void forceMerge(int maxSegments) {
    requireWritable();
    if (maxSegments < 1) {
      throw new IllegalArgumentException("maxSegments must be at least 1, got: " + maxSegments);
    }
    flush();
    SolrHttp.ok(http.send("/" + collection.name() + "/update?optimize=true&waitSearcher=true&maxSegments=" + maxSegments,
        "{}".getBytes(), "application/json", RetryPolicy.WRITES), "merge of " + collection.name());
    commit(Map.of());
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

  private static List<Hit> hits(JsonNode docs, java.util.function.DoubleUnaryOperator score) {
    List<Hit> out = new ArrayList<>(docs.size());
    Map<String, Set<String>> fieldSets = new HashMap<>();
    for (JsonNode d : docs) {
      List<String> has = new ArrayList<>();
      d.path(SolrNames.HAS).forEach(f -> has.add(f.asText()));
      Set<String> fields = fieldSets.computeIfAbsent(String.join(" ", has), k -> Set.copyOf(has));
      out.add(new Hit(d.path(SolrNames.ID).asText(), (float) score.applyAsDouble(d.path("score").asDouble()), fields));
    }
    return out;
  }

  @Override
  public List<Hit> knn(String field, float[] vector, int k, Filter filter) {
    ItemIndex.checkK(k);
    VectorFieldSpec spec = schema.require(field);
    spec.checkDimension(vector);
    if (!hasVectors(field)) {
      return List.of();
    }
    StringBuilder q = new StringBuilder(vector.length * 12 + 64);
    q.append("{!knn f=").append(SolrNames.vector(field)).append(" topK=").append(spec.candidates(k)).append("}[");
    for (int i = 0; i < vector.length; i++) {
      q.append(i == 0 ? "" : ",").append(vector[i]);
    }
    q.append(']');
    SolrParams p = new SolrParams().add("q", q.toString()).add("fl", "id,_has,score").add("rows", k);
    SolrFilters.add(filter, p);
    return hits(select(p), score -> spec.similarityFromScore((float) score));
  }

  @Override
  public List<Hit> bm25(String text, int k, Filter filter) {
    ItemIndex.checkK(k);
    List<String> terms = TextTerms.of(text);
    if (terms.isEmpty()) {
      return List.of();
    }
    StringBuilder q = new StringBuilder("{!bool");
    SolrParams p = new SolrParams();
    for (int i = 0; i < terms.size(); i++) {
      q.append(" should=$t").append(i);
      p.add("t" + i, "{!term f=" + SolrNames.TEXT + " v=$tv" + i + "}").add("tv" + i, terms.get(i));
    }
    p.add("q", q.append('}').toString()).add("fl", "id,_has,score").add("rows", k);
    SolrFilters.add(filter, p);
    return hits(select(p), score -> score);
  }

  @Override
  public List<Hit> closest(List<NumberTarget> targets, int k, Filter filter) {
    ItemIndex.checkK(k);
    if (targets.isEmpty() || targets.size() > MAX_TARGETS) {
      throw new IllegalArgumentException("a metadata part needs 1.." + MAX_TARGETS + " targets, got: " + targets.size());
    }
    List<String> terms = new ArrayList<>();
    List<String> exists = new ArrayList<>();
    for (NumberTarget t : targets) {
      String f = "field(" + SolrNames.number(t.key()) + ")";
      String v = SolrFilters.plain(t.value());
      String d = switch (t.side()) {
        case NEAR -> "sub(" + f + "," + v + ")";
        case AT_LEAST -> "max(0,sub(" + v + "," + f + "))";
        case AT_MOST -> "max(0,sub(" + f + "," + v + "))";
      };
      String scale = SolrFilters.plain(t.scale());
      String near = "exp(product(-0.5,pow(div(" + d + "," + scale + "),2)))";
      // NumberTarget.closeness: a one-sided target also ranks the items inside its bound.
      String inside = switch (t.side()) {
        case NEAR -> null;
        case AT_LEAST -> "max(0,sub(" + f + "," + v + "))";
        case AT_MOST -> "max(0,sub(" + v + "," + f + "))";
      };
      String closeness = inside == null ? near : "product(" + near + ",sub(1,product(" + SolrFilters.plain(NumberTarget.INSIDE_SHARE)
          + ",exp(product(-1,div(" + inside + "," + scale + "))))))";
      terms.add("if(exists(" + f + ")," + closeness + ",0)");
      String has = SolrNames.number(t.key()) + ":[* TO *]";
      if (!exists.contains(has)) {
        exists.add(has);
      }
    }
    String mean = terms.size() == 1 ? terms.getFirst() : "div(sum(" + String.join(",", terms) + ")," + terms.size() + ")";
    SolrParams p = new SolrParams().add("q", "{!func}" + mean).add("fq", String.join(" OR ", exists))
        .add("fl", "id,_has,score").add("rows", k);
    SolrFilters.add(filter, p);
    return hits(select(p), score -> score).stream().filter(h -> h.score() >= MIN_CLOSENESS).toList();
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
    List<String> all = List.copyOf(new java.util.LinkedHashSet<>(ids));
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

  private static Item item(JsonNode d, boolean withThumbnail) {
    byte[] thumb = withThumbnail && d.hasNonNull(SolrNames.THUMB) ? Base64.getDecoder().decode(d.get(SolrNames.THUMB).asText()) : null;
    return StoredDoc.item(d.path(SolrNames.ID).asText(), d.path(SolrNames.SOURCE).asText(), d.path(SolrNames.HASH).asText(),
        d.path(SolrNames.STORED).asText(), thumb);
  }

  private static final String ITEM_FIELDS = "id,source,hash,_stored";

  @Override
  public Optional<Item> get(String id) {
    return realTimeGet(id, ITEM_FIELDS + ",_thumb").map(d -> item(d, true));
  }

  @Override
  public Map<String, Item> getAll(Collection<String> ids) {
    Map<String, Item> out = new LinkedHashMap<>();
    realTimeGet(ids, ITEM_FIELDS + ",_thumb").forEach((id, d) -> out.put(id, item(d, true)));
    return out;
  }

  @Override
  public void describe(Collection<String> ids, Consumer<Item> visitor) {
    Map<String, JsonNode> found = realTimeGet(ids, ITEM_FIELDS);
    for (String id : ids) {
      JsonNode d = found.get(id);
      if (d != null) {
        visitor.accept(item(d, false));
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
    return realTimeGet(id, "id,_thumb").map(d -> d.hasNonNull(SolrNames.THUMB)
        ? Base64.getDecoder().decode(d.get(SolrNames.THUMB).asText()) : null);
  }

  @Override
  public Optional<float[]> vector(String id, String field) {
    schema.require(field);
    if (!hasVectors(field)) {
      return Optional.empty();
    }
    String name = SolrNames.vector(field);
    return realTimeGet(id, "id," + name).flatMap(d -> {
      JsonNode v = d.get(name);
      if (v == null || !v.isArray()) {
        return Optional.empty();
      }
      float[] out = new float[v.size()];
      for (int i = 0; i < out.length; i++) {
        out[i] = (float) v.get(i).asDouble();
      }
      return Optional.of(out);
    });
  }

  @Override
  public Optional<ItemState> state(String id) {
    return Optional.ofNullable(states(List.of(id)).get(id));
  }

  @Override
  public Map<String, ItemState> states(Collection<String> ids) {
    Map<String, ItemState> out = new LinkedHashMap<>();
    realTimeGet(ids, "id,hash,_has,_thumbed").forEach((id, d) -> {
      List<String> has = new ArrayList<>();
      d.path(SolrNames.HAS).forEach(f -> has.add(f.asText()));
      out.put(id, new ItemState(d.path(SolrNames.HASH).asText(), Set.copyOf(has), d.path(SolrNames.THUMBED).asBoolean(false)));
    });
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
  public List<java.net.URI> nodes() {
    return http.nodes();
  }

  /** Pending writes that were never committed are dropped, as an embedded writer drops them. */
  @Override
  public void close() {
    if (refresher != null) {
      refresher.shutdownNow();
    }
    synchronized (pendingLock) {
      if (!pending.isEmpty()) {
        LOG.log(Level.DEBUG, pending.size() + " uncommitted changes to " + collection.name() + " dropped on close");
      }
      pending.clear();
    }
  }
}
