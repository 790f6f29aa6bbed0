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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.UnaryOperator;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.codecs.Codec;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.lucene104.Lucene104Codec;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.DoubleField;
import org.apache.lucene.index.SortedNumericDocValues;
import org.apache.lucene.util.NumericUtils;
import org.apache.lucene.document.LatLonPoint;
import org.apache.lucene.queries.function.FunctionScoreQuery;
import org.apache.lucene.search.FieldExistsQuery;
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
import org.apache.lucene.search.MatchNoDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.RescoreTopNQuery;
import org.apache.lucene.search.ScoreDoc;
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
 * <h2>Refresh</h2>
 *
 * A reader's searcher and the schema of its commit are one {@link IndexView}, swapped together by
 * an {@link IndexViews} manager, so a query never pairs a searcher with another commit's schema.
 * In reader mode a background thread (one per index, daemon) looks for new commits every refresh
 * interval; queries only acquire and release the current view and never pay for a reopen. A commit
 * that cannot be adopted (vectors of another model) is refused: the last good view keeps serving
 * and {@link #staleReason()} says why.
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
  /** Prefix of numeric metadata points (range filters). */
  static final String NUMBER = "number.";
  /** The item's GPS position, from its {@code latitude} and {@code longitude} numbers (the {@code near} filter). */
  static final String GEO = "_geo";
  /** The thumbnail JPEG (binary doc values: read only when asked for, never with search hits). */
  static final String THUMB = "_thumb";

  private final Path path;
  private final Directory directory;
  private final IndexWriter writer;
  private final IndexSchema catalogSchema;
  private final Analyzer analyzer = new StandardAnalyzer();
  /** The writer's schema (writer mode); in reader mode each view carries its commit's schema. */
  private final IndexSchema writerSchema;
  private final ScheduledExecutorService refresher;
  /** Reader mode with a zero interval (tools, tests): each read first picks up the latest commit. */
  private final boolean refreshOnRead;
  private volatile IndexViews views;
  private final Staleness staleness;
  private final NumberKeys numberKeys = new NumberKeys();

  private LuceneItemIndex(Path path, Directory directory, IndexSchema catalogSchema, boolean write, Duration refreshInterval)
      throws IOException {
    this.path = path;
    this.staleness = new Staleness(LOG, path.toString());
    this.catalogSchema = catalogSchema;
    this.directory = directory;
    IndexWriter w = null;
    IndexSchema ws = null;
    ScheduledExecutorService r = null;
    try {
      if (write) {
        IndexSchema stored = DirectoryReader.indexExists(directory) ? storedSchema(SegmentInfos.readLatestCommit(directory).getUserData()) : IndexSchema.EMPTY;
        ws = catalogSchema.reconcile(stored);
        w = openWriter(ws);
      } else {
        openViewsIfIndexExists();
        if (!refreshInterval.isZero()) {
          r = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread t = new Thread(task, "mmsearch-refresh " + path.getFileName());
            t.setDaemon(true);
            return t;
          });
          long every = Math.max(1, refreshInterval.toMillis());
          r.scheduleWithFixedDelay(this::backgroundRefresh, every, every, TimeUnit.MILLISECONDS);
        }
      }
    } catch (IOException | RuntimeException e) {
      if (w != null) {
        w.rollback();
      }
      directory.close();
      throw e;
    }
    this.writer = w;
    this.writerSchema = ws;
    this.refresher = r;
    this.refreshOnRead = !write && refreshInterval.isZero();
    if (write) {
      try {
        if (!DirectoryReader.indexExists(directory) || !storedSchema(SegmentInfos.readLatestCommit(directory).getUserData()).equals(ws)) {
          commit(Map.of());
        }
        IndexSchema fixed = ws;
        this.views = new IndexViews(DirectoryReader.open(writer), reader -> fixed);
      } catch (IOException | RuntimeException e) {
        close();
        throw e;
      }
    }
  }

  /**
   * Opens (or creates) the index for writing. Only one writer may exist per index.
   *
   * @throws IndexLockedException if another writer holds the index
   * @throws IndexSchemaException if the index holds vectors from other models than {@code catalog}
   */
  public static LuceneItemIndex openForWriting(Path path, IndexSchema catalog) throws IOException {
    return openForWriting(path, catalog, d -> d);
  }

  /**
   * Opens for writing through a {@link Directory} wrapper ({@code wrap} gets the file system
   * directory): how tests inject I/O faults, as Lucene's own tests do.
   */
  public static LuceneItemIndex openForWriting(Path path, IndexSchema catalog, UnaryOperator<Directory> wrap)
      throws IOException {
    Files.createDirectories(path);
    return new LuceneItemIndex(path, wrap.apply(FSDirectory.open(path)), catalog, true, Duration.ZERO);
  }

  /**
   * Opens an index for searching. The index may not exist yet (searches return nothing until the
   * indexer's first commit); new commits become visible within {@code refreshInterval}, picked up
   * by a background thread. {@link Duration#ZERO} refreshes before every read instead (tools and
   * tests that need to see a commit at once).
   */
  public static LuceneItemIndex openForReading(Path path, IndexSchema catalog, Duration refreshInterval) throws IOException {
    Files.createDirectories(path);
    return new LuceneItemIndex(path, FSDirectory.open(path), catalog, false, refreshInterval);
  }

  private IndexWriter openWriter(IndexSchema schema) throws IOException {
    IndexWriterConfig config = new IndexWriterConfig(analyzer)
        .setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND)
        .setCodec(codec(schema))
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
  private static Codec codec(IndexSchema schema) {
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

  private static Map<String, String> userData(DirectoryReader reader) {
    try {
      return reader.getIndexCommit().getUserData();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
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
    if (writerSchema != null) {
      return writerSchema;
    }
    IndexViews v = views;
    if (v == null) {
      return catalogSchema;
    }
    return withView(view -> view.schema(), catalogSchema);
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
    numberKeys.saw(item.numbers().keySet());
    Document doc = new Document();
    doc.add(new StringField(ID, item.id(), Field.Store.YES));
    doc.add(new StoredField(SOURCE, item.source()));
    doc.add(new StringField(HASH, item.contentHash(), Field.Store.YES));
    doc.add(new TextField(TEXT, item.text(), Field.Store.NO));
    item.metadata().forEach((key, values) -> values.forEach(v -> doc.add(new StringField(META + key, v, Field.Store.NO))));
    // Points for range filters, doc values for soft targets (closest) and sorting.
    item.numbers().forEach((key, v) -> doc.add(new DoubleField(NUMBER + key, v, Field.Store.NO)));
    Double latitude = item.numbers().get(Item.LATITUDE);
    Double longitude = item.numbers().get(Item.LONGITUDE);
    if (latitude != null && longitude != null && Math.abs(latitude) <= 90 && Math.abs(longitude) <= 180) {
      doc.add(new LatLonPoint(GEO, latitude, longitude));
    }
    item.vectors().forEach((field, v) -> doc.add(vectorField(field, v)));
    List<String> has = new ArrayList<>(item.vectors().keySet());
    if (!item.text().isBlank()) {
      has.add(Hit.TEXT);
    }
    // Hits are resolved from doc values: far cheaper per hit than decompressing stored fields.
    doc.add(new SortedDocValuesField(ID, new BytesRef(item.id())));
    doc.add(new BinaryDocValuesField(HAS, new BytesRef(String.join(" ", has))));
    if (item.hasThumbnail()) {
      doc.add(new BinaryDocValuesField(THUMB, new BytesRef(item.thumbnail())));
    }
    doc.add(new StoredField(STORED, StoredDoc.json(item)));
    try {
      writer().updateDocument(new Term(ID, item.id()), doc);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write item " + item.id() + " to " + path, e);
    }
  }

  private KnnFloatVectorField vectorField(String field, float[] v) {
    VectorFieldSpec spec = writerSchema.require(field);
    spec.checkVector(v);
    return new KnnFloatVectorField(field, v, luceneSimilarity(spec.similarity()));
  }

  private static VectorSimilarityFunction luceneSimilarity(Similarity s) {
    return switch (s) {
      case COSINE -> VectorSimilarityFunction.DOT_PRODUCT;
      case DOT_PRODUCT -> VectorSimilarityFunction.MAXIMUM_INNER_PRODUCT;
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
    numberKeys.mergeInto(data);
    data.put(IndexSchema.COMMIT_KEY, writerSchema.toJson());
    try {
      w.setLiveCommitData(data.entrySet());
      w.commit();
      if (views != null) {
        views.maybeRefreshBlocking();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("commit failed for " + path, e);
    }
  }

  /**
   * Merges the index down to at most {@code maxSegments} segments and commits. Every vector query
   * searches each segment's HNSW graph with the full candidate count, so after a bulk load (which
   * leaves many segments) this cuts kNN work per query by about the number of segments merged away
   * (docs/benchmarks.md); the merge itself rebuilds graphs and takes minutes on large indexes.
   * Writer only; searches keep being answered from the previous commit meanwhile.
   */
  @Override
  public void forceMerge(int maxSegments) {
    if (maxSegments < 1) {
      throw new IllegalArgumentException("maxSegments must be at least 1, got: " + maxSegments);
    }
    try {
      writer().forceMerge(maxSegments);
    } catch (IOException e) {
      throw new UncheckedIOException("merge failed for " + path, e);
    }
    commit(Map.of());
  }

  /** Segments of the last commit searches see (the writer's view for a writer). */
  public int segments() {
    return withView(v -> v.searcher().getIndexReader().leaves().size(), 0);
  }

  @Override
  public Map<String, String> commitData() {
    if (writer != null) {
      return commitData(writer.getLiveCommitData());
    }
    return withView(v -> commitData(((DirectoryReader) v.searcher().getIndexReader()).getIndexCommit().getUserData().entrySet()),
        Map.of());
  }

  // ------------------------------------------------------------------ reads

  /** Opens the views once the index exists; checks the committed schema against the catalog. */
  private synchronized void openViewsIfIndexExists() throws IOException {
    if (views != null || !DirectoryReader.indexExists(directory)) {
      return;
    }
    DirectoryReader reader = DirectoryReader.open(directory);
    try {
      views = new IndexViews(reader, r -> catalogSchema.reconcile(storedSchema(userData(r))));
    } catch (RuntimeException e) {
      reader.close();
      throw e;
    }
  }

  /** One refresh round of the background thread: never throws, records why it could not refresh. */
  private void backgroundRefresh() {
    try {
      refresh();
      staleness.fresh();
    } catch (IndexSchemaException e) {
      staleness.stale("the latest commit of " + path + " cannot be served: " + e.getMessage()
          + " Searches are answered from the last compatible commit.", Level.ERROR);
    } catch (IOException | RuntimeException e) {
      staleness.stale("cannot refresh " + path + ": " + e, Level.WARNING);
    }
  }

  @Override
  public Optional<String> staleReason() {
    return staleness.reason();
  }

  /**
   * Makes the latest commit visible now (reader mode) or the latest changes (writer mode,
   * near-real-time). In reader mode the background thread calls this every refresh interval.
   *
   * @throws IndexSchemaException if the latest commit holds vectors the catalog's models did not make;
   *     the current view stays
   */
  public void refresh() throws IOException {
    if (views == null) {
      openViewsIfIndexExists();
    } else {
      views.maybeRefreshBlocking();
    }
  }

  private interface ViewFn<T> {
    T apply(IndexView view) throws IOException;
  }

  private <T> T withView(ViewFn<T> fn, T whenEmpty) {
    if (refreshOnRead) {
      backgroundRefresh();
    }
    IndexViews vs = views;
    if (vs == null) {
      return whenEmpty;
    }
    try {
      IndexView v = vs.acquire();
      try {
        return fn.apply(v);
      } finally {
        vs.release(v);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("search failed on " + path, e);
    }
  }

  @Override
  public List<Hit> knn(String field, float[] vector, int k, Filter filter) {
    ItemIndex.checkK(k);
    List<Hit> found = withView(view -> {
      VectorFieldSpec spec = view.schema().require(field);
      spec.checkDimension(vector);
      IndexSearcher s = view.searcher();
      int candidates = spec.candidates(k);
      Query q = new KnnFloatVectorQuery(field, vector, candidates, filterQuery(filter));
      if (spec.format().quantized()) {
        // Run the graph search once, here: Lucene's rescorer fails on an empty first pass (a filter
        // nothing passes), so an empty one ends the search instead.
        q = s.rewrite(q);
        if (q instanceof MatchNoDocsQuery) {
          return List.<Hit>of();
        }
        q = RescoreTopNQuery.createFullPrecisionRescorerQuery(q, vector, field, k);
      }
      TopDocs top = s.search(q, k);
      return hits(s, top, score -> spec.similarityFromScore((float) score));
    }, null);
    if (found == null) {
      // No commit yet: nothing to find, but the request is still checked against the catalog.
      catalogSchema.require(field).checkDimension(vector);
      return List.of();
    }
    return found;
  }

  @Override
  public java.util.OptionalInt countWithVector(String field, Filter filter) {
    Query f = filterQuery(filter);
    Query q = f == null ? new FieldExistsQuery(field)
        : new BooleanQuery.Builder().add(new FieldExistsQuery(field), Occur.FILTER).add(f, Occur.FILTER).build();
    return withView(view -> java.util.OptionalInt.of(view.searcher().count(q)), java.util.OptionalInt.of(0));
  }

  @Override
  public List<Hit> bm25(String text, int k, Filter filter) {
    ItemIndex.checkK(k);
    BooleanQuery.Builder terms = new BooleanQuery.Builder();
    int n = 0;
    for (String term : TextTerms.of(text)) {
      terms.add(new TermQuery(new Term(TEXT, term)), Occur.SHOULD);
      n++;
    }
    if (n == 0) {
      return List.of();
    }
    Query f = filterQuery(filter);
    Query q = f == null ? terms.build() : new BooleanQuery.Builder().add(terms.build(), Occur.MUST).add(f, Occur.FILTER).build();
    return withView(view -> hits(view.searcher(), view.searcher().search(q, k), score -> score), List.of());
  }

  @Override
  public List<Hit> closest(List<NumberTarget> targets, int k, Filter filter) {
    ItemIndex.checkK(k);
    if (targets.isEmpty() || targets.size() > MAX_TARGETS) {
      throw new IllegalArgumentException("a metadata part needs 1.." + MAX_TARGETS + " targets, got: " + targets.size());
    }
    BooleanQuery.Builder any = new BooleanQuery.Builder();
    targets.stream().map(t -> NUMBER + t.key()).distinct().forEach(f -> any.add(new FieldExistsQuery(f), Occur.SHOULD));
    Query f = filterQuery(filter);
    Query candidates = f == null ? any.build() : new BooleanQuery.Builder().add(any.build(), Occur.MUST).add(f, Occur.FILTER).build();
    Query q = new FunctionScoreQuery(candidates, new TargetCloseness(targets, NUMBER));
    return withView(view -> {
      List<Hit> hits = hits(view.searcher(), view.searcher().search(q, k), score -> score);
      return hits.stream().filter(h -> h.score() >= MIN_CLOSENESS).toList();
    }, List.of());
  }

  /**
   * Resolves top docs to ids and field sets through doc values: in doc order, one iterator per
   * segment (doc values iterators only move forward), and each distinct field set parsed once.
   */
  private static List<Hit> hits(IndexSearcher s, TopDocs top, java.util.function.DoubleUnaryOperator score) throws IOException {
    ScoreDoc[] docs = top.scoreDocs;
    Integer[] order = new Integer[docs.length];
    for (int i = 0; i < docs.length; i++) {
      order[i] = i;
    }
    java.util.Arrays.sort(order, java.util.Comparator.comparingInt(i -> docs[i].doc));
    Hit[] out = new Hit[docs.length];
    Map<String, Set<String>> fieldSets = new HashMap<>();
    List<LeafReaderContext> leaves = s.getIndexReader().leaves();
    LeafReaderContext leaf = null;
    SortedDocValues ids = null;
    BinaryDocValues has = null;
    for (int i : order) {
      ScoreDoc sd = docs[i];
      if (leaf == null || sd.doc >= leaf.docBase + leaf.reader().maxDoc()) {
        leaf = leaves.get(ReaderUtil.subIndex(sd.doc, leaves));
        ids = DocValues.getSorted(leaf.reader(), ID);
        has = DocValues.getBinary(leaf.reader(), HAS);
      }
      int local = sd.doc - leaf.docBase;
      if (!ids.advanceExact(local)) {
        throw new IllegalStateException("document without id doc values in " + leaf);
      }
      String id = ids.lookupOrd(ids.ordValue()).utf8ToString();
      String fields = has.advanceExact(local) ? has.binaryValue().utf8ToString() : "";
      Set<String> set = fieldSets.computeIfAbsent(fields, f -> f.isEmpty() ? Set.of() : Set.of(f.split(" ")));
      out[i] = new Hit(id, (float) score.applyAsDouble(sd.score), set);
    }
    return java.util.Arrays.asList(out);
  }

  private static Query filterQuery(Filter filter) {
    if (filter == null || filter.isEmpty()) {
      return null;
    }
    BooleanQuery.Builder b = new BooleanQuery.Builder();
    filter.anyOf().forEach((key, values) ->
        b.add(new TermInSetQuery(META + key, values.stream().map(BytesRef::new).toList()), Occur.FILTER));
    filter.ranges().forEach((key, range) ->
        b.add(DoubleField.newRangeQuery(NUMBER + key, range.lower(), range.upper()), Occur.FILTER));
    if (filter.near() != null) {
      Filter.Near near = filter.near();
      b.add(LatLonPoint.newDistanceQuery(GEO, near.latitude(), near.longitude(), near.radiusMetres()), Occur.FILTER);
    }
    if (filter.anyOf().isEmpty() && filter.ranges().isEmpty() && filter.near() == null) {
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
    return withView(view -> {
      IndexSearcher s = view.searcher();
      Optional<DocRef> ref = find(s, id);
      if (ref.isEmpty()) {
        return Optional.<Item>empty();
      }
      return Optional.of(stored(id, s.storedFields().document(ref.get().doc()), binary(ref.get(), THUMB)));
    }, Optional.empty());
  }

  /** An item as stored (without vectors), with the given thumbnail bytes or none. */
  private static Item stored(String id, Document d, byte[] thumbnail) {
    return StoredDoc.item(id, d.get(SOURCE), d.get(HASH), d.get(STORED), thumbnail);
  }

  @Override
  public void describe(java.util.Collection<String> ids, java.util.function.Consumer<Item> visitor) {
    withView(view -> {
      IndexSearcher s = view.searcher();
      for (String id : ids) {
        Optional<DocRef> ref = find(s, id);
        if (ref.isPresent()) {
          visitor.accept(stored(id, s.storedFields().document(ref.get().doc()), null));
        }
      }
      return null;
    }, null);
  }

  @Override
  public Map<String, Double> numbers(java.util.Collection<String> ids, String key) {
    return withView(view -> {
      IndexSearcher s = view.searcher();
      Map<String, Double> out = new HashMap<>();
      for (String id : ids) {
        Optional<DocRef> ref = find(s, id);
        if (ref.isPresent()) {
          SortedNumericDocValues values = DocValues.getSortedNumeric(ref.get().leaf().reader(), NUMBER + key);
          if (values.advanceExact(ref.get().localDoc())) {
            out.put(id, NumericUtils.sortableLongToDouble(values.nextValue()));
          }
        }
      }
      return out;
    }, Map.of());
  }

  @Override
  public Optional<byte[]> thumbnail(String id) {
    return withView(view -> {
      Optional<DocRef> ref = find(view.searcher(), id);
      return ref.map(r -> binaryOrNull(r, THUMB));
    }, Optional.empty());
  }

  /** A binary doc value of a document, or null. */
  private static byte[] binary(DocRef ref, String field) throws IOException {
    BinaryDocValues values = DocValues.getBinary(ref.leaf().reader(), field);
    if (!values.advanceExact(ref.localDoc())) {
      return null;
    }
    BytesRef b = values.binaryValue();
    return java.util.Arrays.copyOfRange(b.bytes, b.offset, b.offset + b.length);
  }

  private static byte[] binaryOrNull(DocRef ref, String field) {
    try {
      return binary(ref, field);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public Optional<float[]> vector(String id, String field) {
    return withView(view -> {
      view.schema().require(field);
      IndexSearcher s = view.searcher();
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
  public Optional<ItemState> state(String id) {
    return withView(view -> {
      IndexSearcher s = view.searcher();
      Optional<DocRef> ref = find(s, id);
      if (ref.isEmpty()) {
        return Optional.<ItemState>empty();
      }
      String hash = s.storedFields().document(ref.get().doc(), Set.of(HASH)).get(HASH);
      LeafReader leaf = ref.get().leaf().reader();
      BinaryDocValues has = DocValues.getBinary(leaf, HAS);
      String fields = has.advanceExact(ref.get().localDoc()) ? has.binaryValue().utf8ToString() : "";
      boolean thumb = DocValues.getBinary(leaf, THUMB).advanceExact(ref.get().localDoc());
      return Optional.of(new ItemState(hash, fields.isEmpty() ? Set.of() : Set.of(fields.split(" ")), thumb));
    }, Optional.empty());
  }

  @Override
  public void forEachItem(BiConsumer<String, String> visitor) {
    withView(view -> {
      IndexSearcher s = view.searcher();
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
    return withView(view -> {
      IndexSchema current = view.schema();
      IndexSearcher s = view.searcher();
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
    }, new IndexStats(0, new HashMap<>(), 0, schema()));
  }

  @Override
  public void close() throws IOException {
    if (refresher != null) {
      refresher.shutdownNow();
      try {
        refresher.awaitTermination(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    try {
      if (views != null) {
        views.close();
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
