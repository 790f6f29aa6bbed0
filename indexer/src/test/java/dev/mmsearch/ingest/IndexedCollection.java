package dev.mmsearch.ingest;

import dev.mmsearch.media.MediaLimits;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mmsearch.catalog.Catalog;
import dev.mmsearch.catalog.Spaces;
import dev.mmsearch.encode.EncoderOptions;
import dev.mmsearch.index.Filter;
import dev.mmsearch.index.Item;
import dev.mmsearch.index.lucene.LuceneItemIndex;
import dev.mmsearch.media.Media;
import dev.mmsearch.query.Fusion;
import dev.mmsearch.query.MultimodalSearcher;
import dev.mmsearch.query.QueryPart;
import dev.mmsearch.query.SearchHit;
import dev.mmsearch.query.SearchRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * Test fixture for end-to-end search tests: a folder indexed by the real indexer with a catalog,
 * then opened for reading with a searcher, as `mmsearch index` and `serve` would.
 */
record IndexedCollection(Spaces spaces, LuceneItemIndex index, MultimodalSearcher searcher, Media media) implements AutoCloseable {

  /** Indexes {@code folder} into {@code indexDir} with {@code catalog}; fails unless exactly {@code expectedItems} are added. */
  static IndexedCollection of(Path catalog, Path folder, Path indexDir, int expectedItems) throws Exception {
    return of(catalog, folder, indexDir, expectedItems, JobOptions.defaults());
  }

  /** The same with job options of the test's own (without names, say). */
  static IndexedCollection of(Path catalog, Path folder, Path indexDir, int expectedItems, JobOptions options) throws Exception {
    Spaces spaces = Spaces.load(Catalog.load(catalog), EncoderOptions.DEFAULTS);
    try (LuceneItemIndex writer = LuceneItemIndex.openForWriting(indexDir, spaces.schema());
        ErrorReport errors = new ErrorReport(null)) {
      JobSummary s = new IndexJob(spaces, writer, options).run(List.of(folder), List.of(), errors, Progress.NONE);
      assertEquals(expectedItems, s.added(), String.valueOf(errors.errors()));
    }
    LuceneItemIndex index = LuceneItemIndex.openForReading(indexDir, spaces.schema(), Duration.ZERO);
    return new IndexedCollection(spaces, index, new MultimodalSearcher(spaces, index),
        Media.of(spaces, MediaLimits.DEFAULTS, 0));
  }

  /** A part made of a file's bytes, decoded like an upload. */
  QueryPart file(Path file) throws Exception {
    return new QueryPart.Media(media.forFile(file.getFileName().toString()).orElseThrow().decode(Files.readAllBytes(file)), 1);
  }

  /** The ids of the first 10 hits of one part, searching only {@code fields} (all when empty). */
  List<String> ids(QueryPart part, Set<String> fields) {
    SearchRequest request = new SearchRequest(List.of(part), 10, 0, 0, Filter.NONE, Fusion.DEFAULT, Double.NEGATIVE_INFINITY,
        Set.of(), fields);
    return searcher.search(request).hits().stream().map(SearchHit::item).map(Item::id).toList();
  }

  @Override
  public void close() throws Exception {
    index.close();
    spaces.close();
  }
}
