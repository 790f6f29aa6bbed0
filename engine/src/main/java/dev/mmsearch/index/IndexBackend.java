package dev.mmsearch.index;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Where an index lives and how to open it: the one seam between mmsearch and its storage engines.
 * Each backend is a package of its own ({@code index.lucene}, {@code index.solr}) implementing this
 * interface; {@code dev.mmsearch.index.backend.IndexBackends#of} picks one from a location string,
 * so the indexer, the API and the benchmarks choose by configuration alone.
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
  ItemReader openForReading(IndexSchema catalog, Duration refreshInterval) throws IOException;

  /**
   * A local folder that belongs to this index, for files kept beside it (fitted predictors), or
   * empty when the index is remote.
   */
  Optional<Path> folder();

  /** The location, as given, for messages. */
  String location();
}
