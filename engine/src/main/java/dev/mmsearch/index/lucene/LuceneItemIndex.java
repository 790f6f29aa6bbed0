package dev.mmsearch.index.lucene;

import dev.mmsearch.index.IndexLockedException;
import dev.mmsearch.index.IndexSchema;
import dev.mmsearch.index.IndexSchemaException;
import dev.mmsearch.index.ItemWriter;
import dev.mmsearch.index.WriterBackedIndex;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;

/**
 * The embedded index: one Lucene directory, one document per item ({@link LuceneDocuments}), one
 * {@link KnnFloatVectorField} per space × modality, BM25 over item text, keyword fields for metadata
 * filters. This class owns the lifecycle — the directory, the writer ({@link LuceneItemWriter}) and
 * the views searches read ({@link LuceneViews}) — and inherits the reads ({@link LuceneItemReader}).
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
public final class LuceneItemIndex extends LuceneItemReader implements WriterBackedIndex {

  private final Path path;
  private final Directory directory;
  /** Null when opened for reading. */
  private final LuceneItemWriter writer;

  private LuceneItemIndex(Path path, Directory directory, LuceneViews views, LuceneItemWriter writer, IndexSchema catalog) {
    super(views, catalog);
    this.path = path;
    this.directory = directory;
    this.writer = writer;
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
    Directory directory = wrap.apply(FSDirectory.open(path));
    LuceneItemWriter writer;
    IndexSchema schema;
    try {
      schema = catalog.reconcile(LuceneViews.latestSchema(directory));
      writer = new LuceneItemWriter(path, directory, schema);
    } catch (IOException | RuntimeException e) {
      directory.close();
      throw e;
    }
    try {
      if (!DirectoryReader.indexExists(directory) || !LuceneViews.latestSchema(directory).equals(schema)) {
        writer.commit(Map.of());
      }
      LuceneViews views = LuceneViews.ofWriter(path, directory, writer.writer(), schema);
      writer.publishTo(views);
      return new LuceneItemIndex(path, directory, views, writer, catalog);
    } catch (IOException | RuntimeException e) {
      try {
        writer.close();
      } finally {
        directory.close();
      }
      throw e;
    }
  }

  /**
   * Opens an index for searching. The index may not exist yet (searches return nothing until the
   * indexer's first commit); new commits become visible within {@code refreshInterval}, picked up
   * by a background thread. {@link Duration#ZERO} refreshes before every read instead (tools and
   * tests that need to see a commit at once).
   */
  public static LuceneItemIndex openForReading(Path path, IndexSchema catalog, Duration refreshInterval) throws IOException {
    Files.createDirectories(path);
    Directory directory = FSDirectory.open(path);
    try {
      return new LuceneItemIndex(path, directory, LuceneViews.ofCommits(path, directory, catalog, refreshInterval), null,
          catalog);
    } catch (IOException | RuntimeException e) {
      directory.close();
      throw e;
    }
  }

  public Path path() {
    return path;
  }

  /**
   * Makes the latest commit visible now (reader mode) or the latest changes (writer mode,
   * near-real-time). In reader mode the background thread calls this every refresh interval.
   *
   * @throws IndexSchemaException if the latest commit holds vectors the catalog's models did not make;
   *     the current view stays
   */
  public void refresh() throws IOException {
    views.refresh();
  }

  @Override
  public IndexSchema schema() {
    return writer != null ? writer.schema() : super.schema();
  }

  @Override
  public Map<String, String> commitData() {
    return writer != null ? writer.commitData() : super.commitData();
  }

  @Override
  public ItemWriter writer() {
    if (writer == null) {
      throw new IllegalStateException("index " + path + " is open for reading only; its writer is the indexer");
    }
    return writer;
  }

  @Override
  public void close() throws IOException {
    try {
      views.close();
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
