package dev.mmsearch.index.backend;

import dev.mmsearch.index.IndexBackend;
import dev.mmsearch.index.lucene.LuceneBackend;
import dev.mmsearch.index.solr.SolrBackend;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The backend a location names, for the indexer, the API, the bulk job and the benchmarks, which
 * choose by configuration alone:
 *
 * <ul>
 *   <li>{@code http(s)://host:port/solr/<collection>}: a SolrCloud collection ({@link SolrBackend});
 *       the query may set {@code shards} and {@code replicas} for when the indexer creates it;
 *   <li>anything else: a directory holding the embedded Lucene index ({@link LuceneBackend}, the default).
 * </ul>
 *
 * <p>This package sits above the backends, which only know {@code dev.mmsearch.index}, so no
 * package depends on a package that depends on it. Adding a backend is its package plus one line
 * in {@link #BACKENDS}.
 */
public final class IndexBackends {
  private IndexBackends() {}

  /**
   * Each backend's claim on a location, asked in order: the first that recognises it opens it; the
   * embedded index, last, takes any location as a directory.
   */
  private static final List<Function<String, Optional<? extends IndexBackend>>> BACKENDS = List.of(
      SolrBackend::forLocation,
      location -> Optional.of(LuceneBackend.of(location)));

  /**
   * The backend of {@code location}: a Solr collection URL, else a directory.
   *
   * @throws IllegalArgumentException for a blank location or a malformed one of a backend
   */
  public static IndexBackend of(String location) {
    if (location == null || location.isBlank()) {
      throw new IllegalArgumentException("an index location is needed: a directory or a Solr collection URL");
    }
    for (Function<String, Optional<? extends IndexBackend>> backend : BACKENDS) {
      Optional<? extends IndexBackend> b = backend.apply(location);
      if (b.isPresent()) {
        return b.get();
      }
    }
    throw new IllegalStateException("no backend takes " + location);
  }
}
