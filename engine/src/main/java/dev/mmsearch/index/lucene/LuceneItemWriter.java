package dev.mmsearch.index.lucene;

import dev.mmsearch.index.IndexLockedException;
import dev.mmsearch.index.IndexSchema;
import dev.mmsearch.index.Item;
import dev.mmsearch.index.ItemDocument;
import dev.mmsearch.index.ItemWriter;
import dev.mmsearch.index.NumberKeys;
import dev.mmsearch.index.VectorFieldSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.codecs.Codec;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.lucene104.Lucene104Codec;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.LockObtainFailedException;

/**
 * The writes of the embedded index: one Lucene {@link IndexWriter}, holding the directory's
 * {@code write.lock} until closed, so one process writes an index at a time. Every commit carries
 * the {@link IndexSchema} and the numeric keys written ({@link NumberKeys}) beside the caller's
 * commit data; uncommitted changes are dropped on close, so a killed indexer leaves the last commit.
 * After each commit the views searches read ({@link LuceneViews}) move on to it.
 *
 * <p>Thread-safe (Lucene's writer is concurrent).
 */
final class LuceneItemWriter implements ItemWriter {

  private final Path path;
  private final IndexSchema schema;
  private final IndexWriter writer;
  private final NumberKeys numberKeys = new NumberKeys();
  /**
   * Whether the index holds or has been given a moment: until then an upsert skips the moments'
   * delete. Read once at open (the writer's field names are a synchronized copy per call), then set
   * by the first item with moments.
   */
  private volatile boolean momentsSeen;
  /** The views to move on after each commit; null until published (the first commit precedes them). */
  private volatile LuceneViews views;

  /**
   * Opens the writer of {@code directory} for {@code schema}.
   *
   * @throws IndexLockedException if another writer holds the index
   */
  LuceneItemWriter(Path path, Directory directory, IndexSchema schema) throws IOException {
    this.path = path;
    this.schema = schema;
    IndexWriterConfig config = new IndexWriterConfig(new StandardAnalyzer())
        .setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND)
        .setCodec(codec(schema))
        .setCommitOnClose(false)
        .setRAMBufferSizeMB(64);
    try {
      this.writer = new IndexWriter(directory, config);
    } catch (LockObtainFailedException e) {
      throw new IndexLockedException("index " + path + " is already open for writing by another process or instance"
          + " (write.lock is held). mmsearch allows one writer per index: wait for the running indexer to finish,"
          + " or stop it; the search API only reads and never holds the lock.", e);
    }
    this.momentsSeen = writer.getFieldNames().contains(ItemDocument.MOMENT_OF);
  }

  /** Lucene's default codec with each vector field's configured format; readers find formats by name. */
  private static Codec codec(IndexSchema schema) {
    Map<String, KnnVectorsFormat> formats = new ConcurrentHashMap<>();
    return new Lucene104Codec() {
      @Override
      public KnnVectorsFormat getKnnVectorsFormatForField(String field) {
        String itemField = ItemDocument.itemFieldOfMoments(field);
        VectorFieldSpec spec = schema.fields().get(itemField != null ? itemField : field);
        if (spec == null) {
          return super.getKnnVectorsFormatForField(field);
        }
        return formats.computeIfAbsent(field, f -> spec.format().luceneFormat(spec.m(), spec.beamWidth()));
      }
    };
  }

  IndexWriter writer() {
    return writer;
  }

  /** Moves {@code views} on after each commit from now on. */
  void publishTo(LuceneViews views) {
    this.views = views;
  }

  @Override
  public IndexSchema schema() {
    return schema;
  }

  @Override
  public void upsert(Item item) {
    numberKeys.saw(item.numbers().keySet());
    ItemDocument d = ItemDocument.of(item, schema);
    int idBytes = new org.apache.lucene.util.BytesRef(item.id()).length;
    if (idBytes > IndexWriter.MAX_TERM_LENGTH) {
      // Refused before any change: a buffered delete of such a term would fail the whole commit.
      throw new IllegalArgumentException("item id is " + idBytes + " bytes in UTF-8; the embedded index takes at most "
          + IndexWriter.MAX_TERM_LENGTH);
    }
    try {
      // The old moments go first (a delete only reaches documents added before it), then the item
      // and its new moments replace the old item in one block. An index that never held a moment
      // (no video) skips the delete: one buffered term less per item in a bulk load.
      if (!item.moments().isEmpty()) {
        momentsSeen = true;
      }
      if (momentsSeen) {
        writer.deleteDocuments(new Term(ItemDocument.MOMENT_OF, item.id()));
      }
      if (item.moments().isEmpty()) {
        writer.updateDocument(new Term(ItemDocument.ID, item.id()), LuceneDocuments.of(d, schema));
      } else {
        writer.updateDocuments(new Term(ItemDocument.ID, item.id()), LuceneDocuments.block(d, schema));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write item " + item.id() + " to " + path, e);
    }
  }

  @Override
  public void delete(String id) {
    try {
      writer.deleteDocuments(new Term(ItemDocument.ID, id), new Term(ItemDocument.MOMENT_OF, id));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete item " + id + " from " + path, e);
    }
  }

  /** The commit data so far, without the schema: the last commit's, as this writer will next write it. */
  @Override
  public Map<String, String> commitData() {
    return LuceneItemReader.commitData(writer.getLiveCommitData());
  }

  @Override
  public void commit(Map<String, String> userData) {
    Map<String, String> data = commitData();
    data.putAll(userData);
    numberKeys.mergeInto(data);
    data.put(IndexSchema.COMMIT_KEY, schema.toJson());
    try {
      writer.setLiveCommitData(data.entrySet());
      writer.commit();
      if (views != null) {
        views.refresh();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("commit failed for " + path, e);
    }
  }

  /**
   * Merges the index down to at most {@code maxSegments} segments. Every vector query searches each
   * segment's HNSW graph with the full candidate count, so after a bulk load (which leaves many
   * segments) this cuts kNN work per query by about the number of segments merged away
   * (docs/benchmarks.md); the merge itself rebuilds graphs and takes minutes on large indexes.
   * Then commits; searches keep being answered from the previous commit meanwhile.
   */
  @Override
  public void forceMerge(int maxSegments) {
    if (maxSegments < 1) {
      throw new IllegalArgumentException("maxSegments must be at least 1, got: " + maxSegments);
    }
    try {
      writer.forceMerge(maxSegments);
    } catch (IOException e) {
      throw new UncheckedIOException("merge failed for " + path, e);
    }
    commit(Map.of());
  }

  /** Drops uncommitted changes and releases the lock. */
  @Override
  public void close() throws IOException {
    writer.close();
  }
}
