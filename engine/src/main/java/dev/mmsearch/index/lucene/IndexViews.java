package dev.mmsearch.index.lucene;

import dev.mmsearch.index.IndexSchema;
import java.io.IOException;
import java.util.function.Function;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.ReferenceManager;

/**
 * Reference-counted {@link IndexView}s over one index, in the manner of Lucene's
 * {@code SearcherManager}: queries {@link #acquire} and {@link #release}; {@link #maybeRefresh}
 * opens the newer commit, works out its schema, and only then publishes both together. When the
 * schema cannot be worked out ({@link dev.mmsearch.index.IndexSchemaException}: the commit holds vectors of another
 * model), the new reader is closed and the current view stays.
 */
final class IndexViews extends ReferenceManager<IndexView> {

  private final Function<DirectoryReader, IndexSchema> schemaOf;

  IndexViews(DirectoryReader reader, Function<DirectoryReader, IndexSchema> schemaOf) {
    this.schemaOf = schemaOf;
    this.current = view(reader);
  }

  private IndexView view(DirectoryReader reader) {
    IndexSchema schema = schemaOf.apply(reader);
    return new IndexView(new IndexSearcher(reader), schema);
  }

  @Override
  protected void decRef(IndexView view) throws IOException {
    view.searcher().getIndexReader().decRef();
  }

  @Override
  protected IndexView refreshIfNeeded(IndexView old) throws IOException {
    DirectoryReader newer = DirectoryReader.openIfChanged((DirectoryReader) old.searcher().getIndexReader());
    if (newer == null) {
      return null;
    }
    try {
      return view(newer);
    } catch (RuntimeException e) {
      newer.close();
      throw e;
    }
  }

  @Override
  protected boolean tryIncRef(IndexView view) {
    return view.searcher().getIndexReader().tryIncRef();
  }

  @Override
  protected int getRefCount(IndexView view) {
    return view.searcher().getIndexReader().getRefCount();
  }
}
