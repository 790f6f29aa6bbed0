package dev.mmsearch.index;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Where an index lives and how to open it: the one seam between mmsearch and its storage engines.
 * {@link #of(String)} picks the backend from a location string, so the indexer, the API and the
 * benchmarks choose by configuration alone:
 *
 * <ul>
 *   <li>a directory: the embedded Lucene index ({@link LuceneItemIndex}, the default);
 *   <li>{@code http(s)://host:port/solr/<collection>}: a SolrCloud collection
 *       ({@code dev.mmsearch.index.solr.SolrItemIndex}); the query may set
 *       {@code shards} and {@code replicas} for when the indexer creates it.
 * </ul>
 */
public interface IndexBackend {

  /**
   * Opens the index for writing, creating it if needed, and reconciles its stored schema with
   * {@code catalog} (two models never mix in one field).
   *
   * @throws IndexSchemaException if the index holds vectors from other models than {@code catalog}
   */
  ItemIndex openForWriting(IndexSchema catalog) throws IOException;

  /**
   * Opens the index for searching; it may not exist yet (searches find nothing until the first
   * commit). New commits become visible within {@code refreshInterval}; {@link Duration#ZERO}
   * looks before every read.
   */
  ItemIndex openForReading(IndexSchema catalog, Duration refreshInterval) throws IOException;

  /**
   * A local folder that belongs to this index, for files kept beside it (fitted predictors), or
   * empty when the index is remote.
   */
  Optional<Path> folder();

  /** The location, as given, for messages. */
  String location();

  /** The backend a location names: a Solr collection URL, else a directory. */
  static IndexBackend of(String location) {
    if (location == null || location.isBlank()) {
      throw new IllegalArgumentException("an index location is needed: a directory or a Solr collection URL");
    }
    if (location.startsWith("http://") || location.startsWith("https://")) {
      return dev.mmsearch.index.solr.SolrBackend.parse(location);
    }
    return new LuceneBackend(Path.of(location));
  }
}
