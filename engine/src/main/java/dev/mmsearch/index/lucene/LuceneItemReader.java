package dev.mmsearch.index.lucene;

import static dev.mmsearch.index.ItemDocument.HASH;
import static dev.mmsearch.index.ItemDocument.HAS;
import static dev.mmsearch.index.ItemDocument.ID;
import static dev.mmsearch.index.ItemDocument.NUMBER;
import static dev.mmsearch.index.ItemDocument.SOURCE;
import static dev.mmsearch.index.ItemDocument.THUMB;

import dev.mmsearch.index.Filter;
import dev.mmsearch.index.Hit;
import dev.mmsearch.index.IndexSchema;
import dev.mmsearch.index.IndexStats;
import dev.mmsearch.index.Item;
import dev.mmsearch.index.ItemDocument;
import dev.mmsearch.index.ItemReader;
import dev.mmsearch.index.ItemState;
import dev.mmsearch.index.NumberTarget;
import dev.mmsearch.index.VectorFieldSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.DoubleUnaryOperator;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.BinaryDocValues;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.KnnVectorValues;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.SortedDocValues;
import org.apache.lucene.index.SortedNumericDocValues;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MatchNoDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.RescoreTopNQuery;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.NumericUtils;

/**
 * The reads of the embedded index, each over one point-in-time view ({@link LuceneViews}): searches
 * resolve hits through doc values, stored items come from the one stored JSON value, previews and
 * vectors are read only when asked for. Before the first commit every read finds nothing.
 *
 * <p>Thread-safe.
 */
public class LuceneItemReader implements ItemReader {

  final LuceneViews views;
  private final IndexSchema catalog;

  LuceneItemReader(LuceneViews views, IndexSchema catalog) {
    this.views = views;
    this.catalog = catalog;
  }

  @Override
  public IndexSchema schema() {
    return views.open() ? views.withView(IndexView::schema, catalog) : catalog;
  }

  @Override
  public Map<String, String> commitData() {
    return views.withView(v -> commitData(((DirectoryReader) v.searcher().getIndexReader()).getIndexCommit()
        .getUserData().entrySet()), Map.of());
  }

  /** Commit data without the schema. */
  static Map<String, String> commitData(Iterable<Map.Entry<String, String>> live) {
    Map<String, String> data = new TreeMap<>();
    if (live != null) {
      live.forEach(e -> data.put(e.getKey(), e.getValue()));
    }
    data.remove(IndexSchema.COMMIT_KEY);
    return data;
  }

  @Override
  public Optional<String> staleReason() {
    return views.staleReason();
  }

  /** Segments of the view searches see. */
  public int segments() {
    return views.withView(v -> v.searcher().getIndexReader().leaves().size(), 0);
  }

  // ------------------------------------------------------------------ searches

  @Override
  public List<Hit> knn(String field, float[] vector, int k, Filter filter) {
    ItemReader.checkK(k);
    List<Hit> found = views.withView(view -> {
      VectorFieldSpec spec = view.schema().require(field);
      spec.checkDimension(vector);
      IndexSearcher s = view.searcher();
      Query q = LuceneQueries.knn(field, vector, spec.candidates(k), filter);
      if (spec.format().quantized()) {
        // Run the graph search once, here: Lucene's rescorer fails on an empty first pass (a filter
        // nothing passes), so an empty one ends the search instead.
        q = s.rewrite(q);
        if (q instanceof MatchNoDocsQuery) {
          return List.<Hit>of();
        }
        q = RescoreTopNQuery.createFullPrecisionRescorerQuery(q, vector, field, k);
      }
      List<Hit> items = hits(s, s.search(q, k), score -> spec.similarityFromScore((float) score));
      String momentField = ItemDocument.momentField(field);
      if (!hasField(s, momentField)) {
        return items;
      }
      Query mq = LuceneQueries.momentKnn(field, vector, spec.candidates(k), filter);
      if (spec.format().quantized()) {
        mq = s.rewrite(mq);
        if (mq instanceof MatchNoDocsQuery) {
          return items;
        }
        mq = RescoreTopNQuery.createFullPrecisionRescorerQuery(mq, vector, momentField, k);
      }
      return withMoments(items, momentHits(s, s.search(mq, k), score -> spec.similarityFromScore((float) score)), k);
    }, null);
    if (found == null) {
      // No commit yet: nothing to find, but the request is still checked against the catalog.
      catalog.require(field).checkDimension(vector);
      return List.of();
    }
    return found;
  }

  @Override
  public OptionalInt countWithVector(String field, Filter filter) {
    Query q = LuceneQueries.withVector(field, filter);
    return views.withView(view -> OptionalInt.of(view.searcher().count(q)), OptionalInt.of(0));
  }

  @Override
  public List<Hit> bm25(String text, int k, Filter filter) {
    ItemReader.checkK(k);
    return scored(LuceneQueries.bm25(text, filter), k);
  }

  @Override
  public List<Hit> pictureText(String text, int k, Filter filter) {
    ItemReader.checkK(k);
    return scored(LuceneQueries.bm25(ItemDocument.OCR, text, filter), k);
  }

  @Override
  public List<Hit> pictureTextSubstring(String text, int k, Filter filter) {
    ItemReader.checkK(k);
    return scored(LuceneQueries.substring(text, filter), k);
  }

  /** The {@code k} best items of {@code q} with their scores; none for a null query. */
  private List<Hit> scored(Query q, int k) {
    if (q == null) {
      return List.of();
    }
    return views.withView(view -> hits(view.searcher(), view.searcher().search(q, k), score -> score), List.of());
  }

  @Override
  public List<Hit> closest(List<NumberTarget> targets, int k, Filter filter) {
    ItemReader.checkClosest(targets, k);
    Query q = LuceneQueries.closest(targets, filter);
    return views.withView(view -> {
      List<Hit> hits = hits(view.searcher(), view.searcher().search(q, k), score -> score);
      return hits.stream().filter(h -> h.score() >= MIN_CLOSENESS).toList();
    }, List.of());
  }

  /**
   * Resolves top docs to ids and field sets through doc values: in doc order, one iterator per
   * segment (doc values iterators only move forward), and each distinct field set parsed once.
   */
  private static List<Hit> hits(IndexSearcher s, TopDocs top, DoubleUnaryOperator score) throws IOException {
    ScoreDoc[] docs = top.scoreDocs;
    Integer[] order = new Integer[docs.length];
    for (int i = 0; i < docs.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, Comparator.comparingInt(i -> docs[i].doc));
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
      out[i] = new Hit(id, (float) score.applyAsDouble(sd.score), fieldSets.computeIfAbsent(fields, ItemDocument::fieldSet));
    }
    return Arrays.asList(out);
  }

  /** Whether any segment of the view has {@code field}: moment fields exist only once a video was indexed. */
  private static boolean hasField(IndexSearcher s, String field) {
    for (LeafReaderContext leaf : s.getIndexReader().leaves()) {
      if (leaf.reader().getFieldInfos().fieldInfo(field) != null) {
        return true;
      }
    }
    return false;
  }

  /**
   * An item list and its best moments per item in the same field, as one list: an item found
   * through a moment scores as its best moment when that beats the item's own vector (a video's
   * pooled one), and names the moment either way.
   */
  static List<Hit> withMoments(List<Hit> items, List<Hit> moments, int k) {
    if (moments.isEmpty()) {
      return items;
    }
    Map<String, Hit> byId = new LinkedHashMap<>();
    items.forEach(h -> byId.put(h.id(), h));
    for (Hit m : moments) {
      byId.merge(m.id(), m, (item, moment) -> new Hit(item.id(), Math.max(item.score(), moment.score()), item.fields(),
          moment.span()));
    }
    return byId.values().stream().sorted(Comparator.comparingDouble((Hit h) -> -h.score()).thenComparing(Hit::id))
        .limit(k).toList();
  }

  /** Resolves moment documents to their items' hits, naming the moment. */
  private static List<Hit> momentHits(IndexSearcher s, TopDocs top, DoubleUnaryOperator score) throws IOException {
    List<LeafReaderContext> leaves = s.getIndexReader().leaves();
    List<Hit> out = new java.util.ArrayList<>(top.scoreDocs.length);
    Map<String, Set<String>> fieldSets = new HashMap<>();
    for (ScoreDoc sd : top.scoreDocs) {
      LeafReaderContext leaf = leaves.get(ReaderUtil.subIndex(sd.doc, leaves));
      int local = sd.doc - leaf.docBase;
      org.apache.lucene.util.BitSet items = LuceneQueries.ITEMS.getBitSet(leaf);
      if (items == null || local >= leaf.reader().maxDoc() - 1) {
        throw new IllegalStateException("a moment without its item in " + leaf);
      }
      int parent = items.nextSetBit(local + 1);
      SortedDocValues ids = DocValues.getSorted(leaf.reader(), ID);
      BinaryDocValues has = DocValues.getBinary(leaf.reader(), HAS);
      if (!ids.advanceExact(parent)) {
        throw new IllegalStateException("an item without id doc values in " + leaf);
      }
      String id = ids.lookupOrd(ids.ordValue()).utf8ToString();
      String fields = has.advanceExact(parent) ? has.binaryValue().utf8ToString() : "";
      out.add(new Hit(id, (float) score.applyAsDouble(sd.score), fieldSets.computeIfAbsent(fields, ItemDocument::fieldSet),
          span(leaf.reader(), local)));
    }
    return out;
  }

  /** The span of a moment's document. */
  private static dev.mmsearch.index.Span span(LeafReader r, int doc) throws IOException {
    return new dev.mmsearch.index.Span((int) numeric(r, ItemDocument.MOMENT, doc),
        Double.longBitsToDouble(numeric(r, ItemDocument.MOMENT_START, doc)),
        Double.longBitsToDouble(numeric(r, ItemDocument.MOMENT_END, doc)));
  }

  private static long numeric(LeafReader r, String field, int doc) throws IOException {
    org.apache.lucene.index.NumericDocValues v = DocValues.getNumeric(r, field);
    if (!v.advanceExact(doc)) {
      throw new IllegalStateException("a moment without " + field + " in " + r);
    }
    return v.longValue();
  }

  @Override
  public boolean searchesMoments() {
    return true;
  }

  @Override
  public Map<String, List<dev.mmsearch.index.Moment>> moments(Collection<String> ids, Collection<String> fields) {
    return views.withView(view -> {
      IndexSearcher s = view.searcher();
      List<LeafReaderContext> leaves = s.getIndexReader().leaves();
      Map<String, List<dev.mmsearch.index.Moment>> out = new LinkedHashMap<>();
      for (String id : ids) {
        TopDocs top = s.search(LuceneQueries.momentsOf(id), dev.mmsearch.index.ItemReader.MAX_K);
        if (top.scoreDocs.length == 0) {
          continue;
        }
        TreeMap<Integer, dev.mmsearch.index.Moment> moments = new TreeMap<>();
        for (ScoreDoc sd : top.scoreDocs) {
          LeafReaderContext leaf = leaves.get(ReaderUtil.subIndex(sd.doc, leaves));
          int local = sd.doc - leaf.docBase;
          dev.mmsearch.index.Span span = span(leaf.reader(), local);
          Map<String, float[]> vectors = new HashMap<>();
          for (String field : fields) {
            FloatVectorValues values = leaf.reader().getFloatVectorValues(ItemDocument.momentField(field));
            if (values != null) {
              KnnVectorValues.DocIndexIterator it = values.iterator();
              if (it.advance(local) == local) {
                vectors.put(field, values.vectorValue(it.index()).clone());
              }
            }
          }
          moments.put(span.moment(), new dev.mmsearch.index.Moment(span.start(), span.end(), vectors, null));
        }
        out.put(id, List.copyOf(moments.values()));
      }
      return out;
    }, Map.of());
  }

  @Override
  public Optional<byte[]> momentThumbnail(String id, int moment) {
    return views.withView(view -> {
      IndexSearcher s = view.searcher();
      List<LeafReaderContext> leaves = s.getIndexReader().leaves();
      for (ScoreDoc sd : s.search(LuceneQueries.momentsOf(id), dev.mmsearch.index.ItemReader.MAX_K).scoreDocs) {
        LeafReaderContext leaf = leaves.get(ReaderUtil.subIndex(sd.doc, leaves));
        DocRef ref = new DocRef(leaf, sd.doc);
        if (numeric(leaf.reader(), ItemDocument.MOMENT, ref.localDoc()) == moment) {
          return Optional.ofNullable(binary(ref, THUMB));
        }
      }
      return Optional.<byte[]>empty();
    }, Optional.empty());
  }

  // ------------------------------------------------------------------ stored items

  /** An item's live document: the segment holding it and its global doc id. */
  private record DocRef(LeafReaderContext leaf, int doc) {
    int localDoc() {
      return doc - leaf.docBase;
    }
  }

  private static Optional<DocRef> find(IndexSearcher s, String id) throws IOException {
    TopDocs top = s.search(LuceneQueries.byId(id), 1);
    if (top.scoreDocs.length == 0) {
      return Optional.empty();
    }
    int doc = top.scoreDocs[0].doc;
    List<LeafReaderContext> leaves = s.getIndexReader().leaves();
    return Optional.of(new DocRef(leaves.get(ReaderUtil.subIndex(doc, leaves)), doc));
  }

  @Override
  public Optional<Item> get(String id) {
    return views.withView(view -> {
      IndexSearcher s = view.searcher();
      Optional<DocRef> ref = find(s, id);
      if (ref.isEmpty()) {
        return Optional.<Item>empty();
      }
      return Optional.of(LuceneDocuments.item(id, s.storedFields().document(ref.get().doc()), binary(ref.get(), THUMB)));
    }, Optional.empty());
  }

  /** Over one view; a thumbnail's presence is read from its doc value's position, never its compressed bytes. */
  @Override
  public Map<String, Item> getAll(Collection<String> ids) {
    return views.withView(view -> {
      IndexSearcher s = view.searcher();
      Map<String, Item> out = new LinkedHashMap<>();
      for (String id : ids) {
        Optional<DocRef> ref = find(s, id);
        if (ref.isPresent()) {
          boolean thumb = DocValues.getBinary(ref.get().leaf().reader(), THUMB).advanceExact(ref.get().localDoc());
          out.put(id, LuceneDocuments.item(id, s.storedFields().document(ref.get().doc()),
              thumb ? Item.THUMBNAIL_NOT_READ : null));
        }
      }
      return out;
    }, Map.of());
  }

  @Override
  public void describe(Collection<String> ids, Consumer<Item> visitor) {
    views.withView(view -> {
      IndexSearcher s = view.searcher();
      for (String id : ids) {
        Optional<DocRef> ref = find(s, id);
        if (ref.isPresent()) {
          visitor.accept(LuceneDocuments.item(id, s.storedFields().document(ref.get().doc()), null));
        }
      }
      return null;
    }, null);
  }

  @Override
  public Map<String, Double> numbers(Collection<String> ids, String key) {
    return views.withView(view -> {
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
    return views.withView(view -> find(view.searcher(), id).map(r -> binaryOrNull(r, THUMB)), Optional.empty());
  }

  /** A binary doc value of a document, or null. */
  private static byte[] binary(DocRef ref, String field) throws IOException {
    BinaryDocValues values = DocValues.getBinary(ref.leaf().reader(), field);
    if (!values.advanceExact(ref.localDoc())) {
      return null;
    }
    BytesRef b = values.binaryValue();
    return Arrays.copyOfRange(b.bytes, b.offset, b.offset + b.length);
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
    return views.withView(view -> {
      view.schema().require(field);
      Optional<DocRef> ref = find(view.searcher(), id);
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
    return views.withView(view -> {
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
      return Optional.of(new ItemState(hash, ItemDocument.fieldSet(fields), thumb));
    }, Optional.empty());
  }

  @Override
  public void forEachItem(BiConsumer<String, String> visitor) {
    views.withView(view -> {
      for (LeafReaderContext ctx : view.searcher().getIndexReader().leaves()) {
        LeafReader r = ctx.reader();
        Bits live = r.getLiveDocs();
        StoredFields stored = r.storedFields();
        for (int d = 0; d < r.maxDoc(); d++) {
          if (live == null || live.get(d)) {
            Document doc = stored.document(d, Set.of(ID, SOURCE));
            if (doc.get(ID) != null) { // not a moment
              visitor.accept(doc.get(ID), doc.get(SOURCE));
            }
          }
        }
      }
      return null;
    }, null);
  }

  @Override
  public IndexStats stats() {
    return views.withView(view -> {
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
      // Items only: moments have documents of their own.
      int items = s.getIndexReader().numDocs() - s.count(new org.apache.lucene.search.FieldExistsQuery(ItemDocument.MOMENT_OF));
      return new IndexStats(items, counts, ((DirectoryReader) s.getIndexReader()).getVersion(), current);
    }, new IndexStats(0, new HashMap<>(), 0, schema()));
  }

  /** Closes the views; an owner that holds more (a writer, the directory) closes those too. */
  @Override
  public void close() throws IOException {
    views.close();
  }
}
