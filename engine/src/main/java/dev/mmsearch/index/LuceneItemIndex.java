package dev.mmsearch.index;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mmsearch.encode.Similarity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.codecs.Codec;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.lucene104.Lucene104Codec;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.BinaryDocValuesField;
import org.apache.lucene.document.SortedDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.BinaryDocValues;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.KnnVectorValues;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.index.SortedDocValues;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.RescoreTopNQuery;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.LockObtainFailedException;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.BytesRef;

/**
 * The embedded index: one Lucene directory, one document per item, one {@link KnnFloatVectorField}
 * per space × modality, BM25 over item text, keyword fields for metadata filters.
 *
 * <h2>Who owns the writer</h2>
 *
 * An index is opened either {@linkplain #openForWriting for writing} — by exactly one process, the
 * indexer, which holds Lucene's {@code write.lock} until it closes — or {@linkplain #openForReading
 * for reading}, by any number of processes (the search API). A second writer fails at once with
 * {@link IndexLockedException}. Readers see each new commit within their refresh interval, without
 * restart; uncommitted changes are never visible to them, so a killed indexer leaves the last
 * commit intact.
 *
 * <p>Every commit carries the {@link IndexSchema}; opening reconciles it with the catalog and
 * refuses vectors from another model ({@link IndexSchemaException}).
 *
 * <p>Thread-safe. Writes from several threads are allowed (Lucene's writer is concurrent), but the
 * writer instance itself is single.
 */
public final class LuceneItemIndex implements ItemIndex {

  private static final System.Logger LOG = System.getLogger(LuceneItemIndex.class.getName());
  private static final ObjectMapper JSON = new ObjectMapper();

  static final String ID = "id";
  static final String SOURCE = "source";
  static final String HASH = "hash";
  static final String TEXT = "text";
  static final String STORED = "_stored";
  /** Space-separated names of the searchable fields an item has (doc values; see {@link Hit#fields()}). */
  static final String HAS = "_has";
  static final String META = "meta.";

  /**
   * Fewest HNSW candidates a search explores; more candidates trade latency for recall. 50 keeps
   * recall@10 ≥ 0.95 on 100k clustered vectors (docs/benchmarks.md), where Lucene's default of k
   * (10) did not.
   */
  public static final int NUM_CANDIDATES = 50;

  /** Largest {@code k} one field search may ask for; bounds memory per query. */
  public static final int MAX_K = 10_000;

  private final Path path;
  private final Directory directory;
  private final IndexWriter writer;
  private final IndexSchema catalogSchema;
  private final Analyzer analyzer = new StandardAnalyzer();
  private final long refreshIntervalNanos;
  private final AtomicLong lastRefresh = new AtomicLong(System.nanoTime());
  private volatile IndexSchema schema;
  private volatile SearcherManager searchers;
  private volatile String schemaError;

  private LuceneItemIndex(Path path, IndexSchema catalogSchema, boolean write, Duration refreshInterval) throws IOException {
    this.path = path;
    this.catalogSchema = catalogSchema;
    this.refreshIntervalNanos = refreshInterval.toNanos();
    Files.createDirectories(path);
    this.directory = FSDirectory.open(path);
    try {
      if (write) {
        IndexSchema stored = DirectoryReader.indexExists(directory) ? storedSchema(SegmentInfos.readLatestCommit(directory).getUserData()) : IndexSchema.EMPTY;
        this.schema = catalogSchema.reconcile(stored);
        this.writer = openWriter();
        if (!DirectoryReader.indexExists(directory) || !stored.equals(schema)) {
          commit(commitData(writer.getLiveCommitData()));
        }
        this.searchers = new SearcherManager(writer, null);
      } else {
        this.writer = null;
        this.schema = catalogSchema;
        openSearchersIfIndexExists();
      }
    } catch (IOException | RuntimeException e) {
      close();
      throw e;
    }
  }

  /**
   * Opens (or creates) the index for writing. Only one writer may exist per index.
   *
   * @throws IndexLockedException if another writer holds the index
   * @throws IndexSchemaException if the index holds vectors from other models than {@code catalog}
   */
  public static LuceneItemIndex openForWriting(Path path, IndexSchema catalog) throws IOException {
    return new LuceneItemIndex(path, catalog, true, Duration.ZERO);
  }

  /**
   * Opens an index for searching. The index may not exist yet (searches return nothing until the
   * indexer's first commit); new commits become visible within {@code refreshInterval}.
   */
  public static LuceneItemIndex openForReading(Path path, IndexSchema catalog, Duration refreshInterval) throws IOException {
    return new LuceneItemIndex(path, catalog, false, refreshInterval);
  }

  private IndexWriter openWriter() throws IOException {
    IndexWriterConfig config = new IndexWriterConfig(analyzer)
        .setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND)
        .setCodec(codec())
        .setCommitOnClose(false)
        .setRAMBufferSizeMB(64);
    try {
      return new IndexWriter(directory, config);
    } catch (LockObtainFailedException e) {
      throw new IndexLockedException("index " + path + " is already open for writing by another process or instance"
          + " (write.lock is held). mmsearch allows one writer per index: wait for the running indexer to finish,"
          + " or stop it; the search API only reads and never holds the lock.", e);
    }
  }

  /** Lucene's default codec with each vector field's configured format; readers find formats by name. */
  private Codec codec() {
    Map<String, KnnVectorsFormat> formats = new ConcurrentHashMap<>();
    return new Lucene104Codec() {
      @Override
      public KnnVectorsFormat getKnnVectorsFormatForField(String field) {
        VectorFieldSpec spec = schema.fields().get(field);
        if (spec == null) {
          return super.getKnnVectorsFormatForField(field);
        }
        return formats.computeIfAbsent(field, f -> spec.format().luceneFormat(spec.m(), spec.beamWidth()));
      }
    };
  }

  private static IndexSchema storedSchema(Map<String, String> userData) {
    return IndexSchema.fromJson(userData.get(IndexSchema.COMMIT_KEY));
  }

  private static Map<String, String> commitData(Iterable<Map.Entry<String, String>> live) {
    Map<String, String> data = new TreeMap<>();
    if (live != null) {
      live.forEach(e -> data.put(e.getKey(), e.getValue()));
    }
    data.remove(IndexSchema.COMMIT_KEY);
    return data;
  }

  public Path path() {
    return path;
  }

  @Override
  public IndexSchema schema() {
    return schema;
  }

  // ------------------------------------------------------------------ writes

  private IndexWriter writer() {
    if (writer == null) {
      throw new IllegalStateException("index " + path + " is open for reading only; its writer is the indexer");
    }
    return writer;
  }

  @Override
  public void upsert(Item item) {
    Document doc = new Document();
    doc.add(new StringField(ID, item.id(), Field.Store.YES));
    doc.add(new StoredField(SOURCE, item.source()));
    doc.add(new StringField(HASH, item.contentHash(), Field.Store.YES));
    doc.add(new TextField(TEXT, item.text(), Field.Store.NO));
    item.metadata().forEach((key, values) -> values.forEach(v -> doc.add(new StringField(META + key, v, Field.Store.NO))));
    item.vectors().forEach((field, v) -> doc.add(vectorField(field, v)));
    List<String> has = new ArrayList<>(item.vectors().keySet());
    if (!item.text().isBlank()) {
      has.add(Hit.TEXT);
    }
    // Hits are resolved from doc values: far cheaper per hit than decompressing stored fields.
    doc.add(new SortedDocValuesField(ID, new BytesRef(item.id())));
    doc.add(new BinaryDocValuesField(HAS, new BytesRef(String.join(" ", has))));
    try {
      doc.add(new StoredField(STORED, JSON.writeValueAsString(new StoredDoc(item.text(), item.fields(), item.metadata()))));
      writer().updateDocument(new Term(ID, item.id()), doc);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write item " + item.id() + " to " + path, e);
    }
  }

  /** Display data kept in one stored field; vectors live in the vector fields. */
  private record StoredDoc(String text, Map<String, String> fields, Map<String, List<String>> metadata) {}

  private KnnFloatVectorField vectorField(String field, float[] v) {
    VectorFieldSpec spec = requireField(field);
    checkDimension(spec, v);
    if (spec.similarity() == Similarity.COSINE) {
      double norm = 0;
      for (float x : v) {
        norm += x * x;
      }
      if (Math.abs(Math.sqrt(norm) - 1.0) > 1e-3) {
        throw new IllegalArgumentException("field " + field + " is a cosine field and takes unit vectors, got norm: " + Math.sqrt(norm));
      }
    }
    return new KnnFloatVectorField(field, v, luceneSimilarity(spec.similarity()));
  }

  private static VectorSimilarityFunction luceneSimilarity(Similarity s) {
    return switch (s) {
      case COSINE -> VectorSimilarityFunction.DOT_PRODUCT;
      case DOT_PRODUCT -> VectorSimilarityFunction.MAXIMUM_INNER_PRODUCT;
    };
  }

  /** Lucene's kNN scores are rescaled to be positive; callers get the similarity back. */
  private static float similarityFromScore(Similarity s, float score) {
    return switch (s) {
      case COSINE -> 2f * score - 1f;
      case DOT_PRODUCT -> score < 1f ? 1f - 1f / score : score - 1f;
    };
  }

  @Override
  public void delete(String id) {
    try {
      writer().deleteDocuments(new Term(ID, id));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete item " + id + " from " + path, e);
    }
  }

  @Override
  public void commit(Map<String, String> userData) {
    IndexWriter w = writer();
    Map<String, String> data = commitData(w.getLiveCommitData());
    data.putAll(userData);
    data.put(IndexSchema.COMMIT_KEY, schema.toJson());
    try {
      w.setLiveCommitData(data.entrySet());
      w.commit();
      if (searchers != null) {
        searchers.maybeRefreshBlocking();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("commit failed for " + path, e);
    }
  }

  @Override
  public Map<String, String> commitData() {
    try {
      if (writer != null) {
        return commitData(writer.getLiveCommitData());
      }
      SearcherManager sm = searcherManager();
      if (sm == null) {
        return Map.of();
      }
      IndexSearcher s = sm.acquire();
      try {
        return commitData(((DirectoryReader) s.getIndexReader()).getIndexCommit().getUserData().entrySet());
      } finally {
        sm.release(s);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // ------------------------------------------------------------------ reads

  /** Opens the searcher once the index exists; checks the committed schema against the catalog. */
  private synchronized void openSearchersIfIndexExists() throws IOException {
    if (searchers != null || !DirectoryReader.indexExists(directory)) {
      return;
    }
    SearcherManager sm = new SearcherManager(directory, null);
    IndexSearcher s = sm.acquire();
    try {
      adoptSchema(((DirectoryReader) s.getIndexReader()).getIndexCommit().getUserData());
    } catch (IndexSchemaException e) {
      sm.release(s);
      sm.close();
      throw e;
    }
    sm.release(s);
    sm.addListener(new org.apache.lucene.search.ReferenceManager.RefreshListener() {
      @Override
      public void beforeRefresh() {}

      @Override
      public void afterRefresh(boolean didRefresh) throws IOException {
        if (didRefresh) {
          IndexSearcher fresh = sm.acquire();
          try {
            adoptSchema(((DirectoryReader) fresh.getIndexReader()).getIndexCommit().getUserData());
            schemaError = null;
          } catch (IndexSchemaException e) {
            schemaError = e.getMessage();
            LOG.log(Level.ERROR, "index " + path + " changed to an incompatible schema; searches fail until fixed: " + e.getMessage());
          } finally {
            sm.release(fresh);
          }
        }
      }
    });
    searchers = sm;
  }

  private void adoptSchema(Map<String, String> userData) {
    schema = catalogSchema.reconcile(storedSchema(userData));
  }

  /** Picks up new commits (reader mode) at most once per refresh interval. */
  private SearcherManager searcherManager() throws IOException {
    if (writer == null) {
      long now = System.nanoTime();
      long last = lastRefresh.get();
      if (now - last >= refreshIntervalNanos && lastRefresh.compareAndSet(last, now)) {
        refresh();
      }
    }
    if (schemaError != null) {
      throw new IndexSchemaException(schemaError);
    }
    return searchers;
  }

  /** Makes the latest commit visible now (reader mode) or the latest changes (writer mode, near-real-time). */
  public void refresh() throws IOException {
    if (searchers == null) {
      openSearchersIfIndexExists();
    } else {
      searchers.maybeRefresh();
    }
  }

  private interface SearchFn<T> {
    T apply(IndexSearcher searcher) throws IOException;
  }

  private <T> T withSearcher(SearchFn<T> fn, T whenEmpty) {
    try {
      SearcherManager sm = searcherManager();
      if (sm == null) {
        return whenEmpty;
      }
      IndexSearcher s = sm.acquire();
      try {
        return fn.apply(s);
      } finally {
        sm.release(s);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("search failed on " + path, e);
    }
  }

  private VectorFieldSpec requireField(String field) {
    VectorFieldSpec spec = schema.fields().get(field);
    if (spec == null) {
      throw new IllegalArgumentException("unknown vector field '" + field + "' (index has: " + schema.fields().keySet() + ")");
    }
    return spec;
  }

  private static void checkDimension(VectorFieldSpec spec, float[] v) {
    if (v.length != spec.dimension()) {
      throw new IllegalArgumentException(
          "vector dimension: " + v.length + " differs from field dimension: " + spec.dimension() + " of " + spec.name());
    }
  }

  private static void checkK(int k) {
    if (k < 1 || k > MAX_K) {
      throw new IllegalArgumentException("k must be in 1.." + MAX_K + ", got: " + k);
    }
  }

  @Override
  public List<Hit> knn(String field, float[] vector, int k, Filter filter) {
    VectorFieldSpec spec = requireField(field);
    checkDimension(spec, vector);
    checkK(k);
    return withSearcher(s -> {
      // Explore at least NUM_CANDIDATES graph candidates (like efSearch / num_candidates) even for small k.
      int candidates = Math.min(MAX_K, Math.max(NUM_CANDIDATES, spec.format().quantized() ? k * spec.oversample() : k));
      Query q = new KnnFloatVectorQuery(field, vector, candidates, filterQuery(filter));
      if (spec.format().quantized()) {
        q = RescoreTopNQuery.createFullPrecisionRescorerQuery(q, vector, field, k);
      }
      TopDocs top = s.search(q, k);
      return hits(s, top, score -> similarityFromScore(spec.similarity(), (float) score));
    }, List.of());
  }

  @Override
  public List<Hit> bm25(String text, int k, Filter filter) {
    checkK(k);
    BooleanQuery.Builder terms = new BooleanQuery.Builder();
    int n = 0;
    for (String term : analyze(text)) {
      terms.add(new TermQuery(new Term(TEXT, term)), Occur.SHOULD);
      n++;
    }
    if (n == 0) {
      return List.of();
    }
    Query f = filterQuery(filter);
    Query q = f == null ? terms.build() : new BooleanQuery.Builder().add(terms.build(), Occur.MUST).add(f, Occur.FILTER).build();
    return withSearcher(s -> {
      return hits(s, s.search(q, k), score -> score);
    }, List.of());
  }

  /** Resolves top docs to ids and field sets through doc values, leaf by leaf. */
  private static List<Hit> hits(IndexSearcher s, TopDocs top, java.util.function.DoubleUnaryOperator score) throws IOException {
    List<Hit> hits = new ArrayList<>(top.scoreDocs.length);
    List<LeafReaderContext> leaves = s.getIndexReader().leaves();
    for (ScoreDoc sd : top.scoreDocs) {
      LeafReaderContext leaf = leaves.get(ReaderUtil.subIndex(sd.doc, leaves));
      int local = sd.doc - leaf.docBase;
      SortedDocValues ids = DocValues.getSorted(leaf.reader(), ID);
      BinaryDocValues has = DocValues.getBinary(leaf.reader(), HAS);
      if (!ids.advanceExact(local)) {
        throw new IllegalStateException("document without id doc values in " + leaf);
      }
      String id = ids.lookupOrd(ids.ordValue()).utf8ToString();
      String fields = has.advanceExact(local) ? has.binaryValue().utf8ToString() : "";
      hits.add(new Hit(id, (float) score.applyAsDouble(sd.score), fields.isEmpty() ? Set.of() : Set.of(fields.split(" "))));
    }
    return hits;
  }

  private List<String> analyze(String text) {
    Set<String> terms = new LinkedHashSet<>();
    try (TokenStream ts = analyzer.tokenStream(TEXT, text)) {
      CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
      ts.reset();
      while (ts.incrementToken()) {
        terms.add(term.toString());
      }
      ts.end();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new ArrayList<>(terms);
  }

  private static Query filterQuery(Filter filter) {
    if (filter == null || filter.isEmpty()) {
      return null;
    }
    BooleanQuery.Builder b = new BooleanQuery.Builder();
    filter.anyOf().forEach((key, values) ->
        b.add(new TermInSetQuery(META + key, values.stream().map(BytesRef::new).toList()), Occur.FILTER));
    if (filter.anyOf().isEmpty()) {
      b.add(new MatchAllDocsQuery(), Occur.FILTER);
    }
    if (!filter.excludeIds().isEmpty()) {
      b.add(new TermInSetQuery(ID, filter.excludeIds().stream().map(BytesRef::new).toList()), Occur.MUST_NOT);
    }
    return b.build();
  }

  /** An item's live document: the segment holding it and its global doc id. */
  private record DocRef(LeafReaderContext leaf, int doc) {
    int localDoc() {
      return doc - leaf.docBase;
    }
  }

  private static Optional<DocRef> find(IndexSearcher s, String id) throws IOException {
    TopDocs top = s.search(new TermQuery(new Term(ID, id)), 1);
    if (top.scoreDocs.length == 0) {
      return Optional.empty();
    }
    int doc = top.scoreDocs[0].doc;
    List<LeafReaderContext> leaves = s.getIndexReader().leaves();
    return Optional.of(new DocRef(leaves.get(ReaderUtil.subIndex(doc, leaves)), doc));
  }

  @Override
  public Optional<Item> get(String id) {
    return withSearcher(s -> {
      Optional<DocRef> ref = find(s, id);
      if (ref.isEmpty()) {
        return Optional.<Item>empty();
      }
      Document d = s.storedFields().document(ref.get().doc());
      StoredDoc stored = JSON.readValue(d.get(STORED), StoredDoc.class);
      return Optional.of(new Item(id, d.get(SOURCE), d.get(HASH), stored.text(), stored.fields(), stored.metadata(), Map.of()));
    }, Optional.empty());
  }

  @Override
  public Optional<float[]> vector(String id, String field) {
    requireField(field);
    return withSearcher(s -> {
      Optional<DocRef> ref = find(s, id);
      if (ref.isEmpty()) {
        return Optional.<float[]>empty();
      }
      FloatVectorValues values = ref.get().leaf().reader().getFloatVectorValues(field);
      if (values == null) {
        return Optional.<float[]>empty();
      }
      KnnVectorValues.DocIndexIterator it = values.iterator();
      int local = ref.get().localDoc();
      if (it.advance(local) != local) {
        return Optional.<float[]>empty();
      }
      return Optional.of(values.vectorValue(it.index()).clone());
    }, Optional.empty());
  }

  @Override
  public Optional<String> contentHash(String id) {
    return withSearcher(s -> {
      Optional<DocRef> ref = find(s, id);
      if (ref.isEmpty()) {
        return Optional.<String>empty();
      }
      return Optional.of(s.storedFields().document(ref.get().doc(), Set.of(HASH)).get(HASH));
    }, Optional.empty());
  }

  @Override
  public void forEachItem(BiConsumer<String, String> visitor) {
    withSearcher(s -> {
      for (LeafReaderContext ctx : s.getIndexReader().leaves()) {
        LeafReader r = ctx.reader();
        Bits live = r.getLiveDocs();
        StoredFields stored = r.storedFields();
        for (int d = 0; d < r.maxDoc(); d++) {
          if (live == null || live.get(d)) {
            Document doc = stored.document(d, Set.of(ID, SOURCE));
            visitor.accept(doc.get(ID), doc.get(SOURCE));
          }
        }
      }
      return null;
    }, null);
  }

  @Override
  public IndexStats stats() {
    IndexSchema current = schema;
    return withSearcher(s -> {
      Map<String, Long> counts = new LinkedHashMap<>();
      for (String field : current.fields().keySet()) {
        long n = 0;
        for (LeafReaderContext ctx : s.getIndexReader().leaves()) {
          FloatVectorValues values = ctx.reader().getFloatVectorValues(field);
          if (values == null) {
            continue;
          }
          Bits live = ctx.reader().getLiveDocs();
          KnnVectorValues.DocIndexIterator it = values.iterator();
          for (int d = it.nextDoc(); d != KnnVectorValues.DocIndexIterator.NO_MORE_DOCS; d = it.nextDoc()) {
            if (live == null || live.get(d)) {
              n++;
            }
          }
        }
        counts.put(field, n);
      }
      return new IndexStats(s.getIndexReader().numDocs(), counts, ((DirectoryReader) s.getIndexReader()).getVersion(), current);
    }, new IndexStats(0, new HashMap<>(), 0, current));
  }

  @Override
  public void close() throws IOException {
    try {
      if (searchers != null) {
        searchers.close();
      }
    } finally {
      try {
        if (writer != null) {
          writer.close();
        }
      } finally {
        directory.close();
      }
    }
  }
}
