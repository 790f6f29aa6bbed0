package dev.mmsearch.index.lucene;

import dev.mmsearch.index.IndexBackend;
import dev.mmsearch.index.IndexSchema;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** The embedded index in one directory: see {@link LuceneItemIndex} for who owns its writer. */
public record LuceneBackend(Path directory) implements IndexBackend {

  /** Any location that is not another backend's is a directory. */
  public static LuceneBackend of(String location) {
    return new LuceneBackend(Path.of(location));
  }

  @Override
  public LuceneItemIndex openForWriting(IndexSchema catalog) throws IOException {
    return LuceneItemIndex.openForWriting(directory, catalog);
  }

  @Override
  public LuceneItemIndex openForReading(IndexSchema catalog, Duration refreshInterval) throws IOException {
    return LuceneItemIndex.openForReading(directory, catalog, refreshInterval);
  }

  @Override
  public Optional<Path> folder() {
    return Optional.of(directory);
  }

  @Override
  public String location() {
    return directory.toString();
  }
}
