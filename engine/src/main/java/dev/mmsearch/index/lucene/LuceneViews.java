package dev.mmsearch.index.lucene;

import dev.mmsearch.index.IndexSchema;
import dev.mmsearch.index.Refresher;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.store.Directory;

/**
 * The point-in-time {@link IndexView}s searches read, and how they move on to newer commits.
 *
 * <p>Over committed data (a reader process) a background {@link Refresher} looks for new commits
 * every refresh interval, or every read when the interval is zero (tools and tests that need to see
 * a commit at once); a commit that cannot be adopted (vectors of another model) is refused, the last
 * good view keeps serving and {@link #staleReason()} says why. Over a writer the views are the
 * writer's near-real-time ones, moved on after each commit.
 *
 * <p>Thread-safe: queries only acquire and release the current view and never pay for a reopen.
 */
final class LuceneViews implements Closeable {

  private static final System.Logger LOG = System.getLogger(LuceneViews.class.getName());

  private final Path path;
  private final Directory directory;
  private final IndexSchema catalog;
  /** Null until the index has a first commit (reader mode). */
  private volatile IndexViews views;
  private final boolean refreshOnRead;
  private final Refresher refresher;

  private LuceneViews(Path path, Directory directory, IndexSchema catalog, boolean refreshOnRead) {
    this.path = path;
    this.directory = directory;
    this.catalog = catalog;
    this.refreshOnRead = refreshOnRead;
    this.refresher = new Refresher(LOG, path.toString(), this::refresh,
        e -> "the latest commit of " + path + " cannot be served: " + e.getMessage()
            + " Searches are answered from the last compatible commit.",
        e -> "cannot refresh " + path + ": " + e);
  }

  /**
   * Views of the commits in {@code directory}, which may hold none yet; each checked against
   * {@code catalog}. New commits become visible within {@code refreshInterval}.
   */
  static LuceneViews ofCommits(Path path, Directory directory, IndexSchema catalog, Duration refreshInterval)
      throws IOException {
    LuceneViews v = new LuceneViews(path, directory, catalog, refreshInterval.isZero());
    v.openIfIndexExists();
    if (!refreshInterval.isZero()) {
      v.refresher.start(path.getFileName().toString(), refreshInterval);
    }
    return v;
  }

  /** The near-real-time views of {@code writer}, whose schema is {@code schema}. */
  static LuceneViews ofWriter(Path path, Directory directory, IndexWriter writer, IndexSchema schema) throws IOException {
    LuceneViews v = new LuceneViews(path, directory, schema, false);
    v.views = new IndexViews(DirectoryReader.open(writer), reader -> schema);
    return v;
  }

  /** The schema stored with a commit. */
  static IndexSchema storedSchema(Map<String, String> userData) {
    return IndexSchema.fromJson(userData.get(IndexSchema.COMMIT_KEY));
  }

  /** The schema stored with the latest commit in {@code directory}, or the empty one before the first. */
  static IndexSchema latestSchema(Directory directory) throws IOException {
    return DirectoryReader.indexExists(directory)
        ? storedSchema(SegmentInfos.readLatestCommit(directory).getUserData()) : IndexSchema.EMPTY;
  }

  /** Opens the views once the index exists; checks the committed schema against the catalog. */
  private synchronized void openIfIndexExists() throws IOException {
    if (views != null || !DirectoryReader.indexExists(directory)) {
      return;
    }
    DirectoryReader reader = DirectoryReader.open(directory);
    try {
      views = new IndexViews(reader, r -> catalog.reconcile(storedSchema(userData(r))));
    } catch (RuntimeException e) {
      reader.close();
      throw e;
    }
  }

  private static Map<String, String> userData(DirectoryReader reader) {
    try {
      return reader.getIndexCommit().getUserData();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Makes the latest commit visible now (reader mode) or the latest changes (writer mode).
   *
   * @throws dev.mmsearch.index.IndexSchemaException if the latest commit holds vectors the catalog's
   *     models did not make; the current view stays
   */
  void refresh() throws IOException {
    if (views == null) {
      openIfIndexExists();
    } else {
      views.maybeRefreshBlocking();
    }
  }

  Optional<String> staleReason() {
    return refresher.staleReason();
  }

  /** What a read does with a view. */
  interface ViewFn<T> {
    T apply(IndexView view) throws IOException;
  }

  /** {@code fn} over the current view, or {@code whenEmpty} before the first commit. */
  <T> T withView(ViewFn<T> fn, T whenEmpty) {
    if (refreshOnRead) {
      refresher.refreshNow();
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

  /** Whether there is a view yet: false before the first commit. */
  boolean open() {
    return views != null;
  }

  /** Stops refreshing and releases the views (the directory is its owner's to close). */
  @Override
  public void close() throws IOException {
    refresher.close();
    if (views != null) {
      views.close();
    }
  }
}
