package dev.mmsearch.api;

import dev.mmsearch.catalog.Catalog;
import dev.mmsearch.catalog.Spaces;
import dev.mmsearch.encode.EmbeddingCache;
import dev.mmsearch.encode.EncoderOptions;
import dev.mmsearch.extract.AudioLimits;
import dev.mmsearch.extract.video.VideoLimits;
import dev.mmsearch.extract.ImageLimits;
import dev.mmsearch.index.IndexBackend;
import dev.mmsearch.index.ItemReader;
import dev.mmsearch.index.backend.IndexBackends;
import dev.mmsearch.media.Media;
import dev.mmsearch.media.MediaLimits;
import dev.mmsearch.models.MissingModelException;
import dev.mmsearch.query.MultimodalSearcher;
import io.quarkus.logging.Log;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The engine this process serves: the catalog's models, loaded once, and the index opened for
 * reading. The indexer is the index's only writer; a background thread of the index picks up new
 * commits within {@code mmsearch.refresh-interval}, without restart.
 */
@Startup
@ApplicationScoped
public class SearchEngine {

  @Inject
  MmsearchConfig config;

  private Spaces spaces;
  private ItemReader index;
  private MultimodalSearcher searcher;
  private EmbeddingCache embeddings = EmbeddingCache.NONE;
  private dev.mmsearch.predict.Predictors predictors;
  private Media media;

  /** Why the engine cannot serve (a model the catalog names is not installed), or null. */
  private String unavailable;

  @PostConstruct
  void open() {
    try {
      spaces = Spaces.load(Catalog.load(config.catalog()), new EncoderOptions(config.onnxThreads(), 1, 32,
          config.onnxSoloThreads()));
    } catch (MissingModelException e) {
      // Stay up, not ready: readiness and every search say which model is missing and how to fetch it.
      unavailable = e.getMessage();
      Log.errorf("not ready: %s", unavailable);
      return;
    }
    IndexBackend backend;
    try {
      backend = IndexBackends.of(config.index());
      index = backend.openForReading(spaces.schema(), config.refreshInterval());
    } catch (IOException e) {
      spaces.close();
      throw new UncheckedIOException("cannot open index " + config.index(), e);
    } catch (RuntimeException e) {
      spaces.close();
      throw e;
    }
    // Predictors are read once, here: after mmsearch train-predictor, restart to use a new one.
    // A remote index has no folder beside it: predictors are then not served (docs/scale-out.md).
    predictors = backend.folder().map(folder -> dev.mmsearch.predict.Predictors.load(folder, index.schema()))
        .orElse(dev.mmsearch.predict.Predictors.NONE);
    embeddings = new EmbeddingCache(config.queryCacheSize().asLongValue());
    searcher = new MultimodalSearcher(spaces, index, predictors, embeddings);
    media = Media.of(spaces, MediaLimits.of(new ImageLimits(config.limits().maxImageBytes(), config.limits().maxPixels()),
        new AudioLimits(config.limits().maxAudioBytes(), config.limits().maxAudioSeconds(), AudioLimits.DEFAULT_KEEP_SECONDS),
        VideoLimits.DEFAULTS.withBytesAndSeconds(config.limits().maxVideoBytes(), config.limits().maxVideoSeconds())
            .withMoments(config.limits().maxVideoMoments(), VideoLimits.DEFAULT_MAX_MOMENT_SECONDS).withFramesPerMoment(2)), 0)
        .forQueries();
    Log.infof("serving %s with spaces %s; predictors %s", config.index(), spaces.all(),
        predictors.all().stream().map(p -> p.from() + " -> " + p.to() + " (" + p.preferred().id() + ")").toList());
  }

  @PreDestroy
  void close() throws IOException {
    if (unavailable != null) {
      return;
    }
    try {
      index.close();
    } finally {
      spaces.close();
    }
  }

  /** Why nothing can be served, when a model the catalog names is missing. */
  public java.util.Optional<String> unavailable() {
    return java.util.Optional.ofNullable(unavailable);
  }

  private void requireAvailable() {
    if (unavailable != null) {
      throw new EngineUnavailableException(unavailable);
    }
  }

  public Spaces spaces() {
    requireAvailable();
    return spaces;
  }

  public ItemReader index() {
    requireAvailable();
    return index;
  }

  /** The query embeddings kept for repeated queries (for the metrics). */
  public EmbeddingCache embeddings() {
    return embeddings;
  }

  public MultimodalSearcher searcher() {
    requireAvailable();
    return searcher;
  }

  /**
   * How query images and sounds are decoded: images at the size the encoders need (never the
   * declared size), sounds only as long as the encoders read, within the configured limits.
   */
  public Media media() {
    requireAvailable();
    return media;
  }
}
