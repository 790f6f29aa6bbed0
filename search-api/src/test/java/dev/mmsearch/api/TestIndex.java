package dev.mmsearch.api;

import dev.mmsearch.catalog.Catalog;
import dev.mmsearch.catalog.Spaces;
import dev.mmsearch.encode.EncoderOptions;
import dev.mmsearch.index.lucene.LuceneItemIndex;
import dev.mmsearch.ingest.ErrorReport;
import dev.mmsearch.ingest.IndexJob;
import dev.mmsearch.ingest.JobOptions;
import dev.mmsearch.ingest.Progress;
import dev.mmsearch.testing.TestModels;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Before the app starts: indexes a small real collection with the real indexer (a folder of
 * pictures with captions and metadata, one sound alone, one picture with a sound of the same base
 * name, and a manifest with one item whose file lies outside every indexed folder), then points the
 * app at it. The catalog is the test catalog plus a {@code clap} space with only the tiny CLAP's
 * audio tower: its random weights would make text → sound rankings noise, which the bundle's end to
 * end test covers with trained models instead; here sounds find sounds. A derived {@code palette}
 * space indexes every picture's colours.
 */
public class TestIndex implements QuarkusTestResourceLifecycleManager {

  static Path root;

  static Path catalog() {
    return root.resolve("catalog.json");
  }

  /** Items in the test collection. */
  static final int ITEMS = 7;

  /**
   * Items a text query can reach: all of them, the uncaptioned sound ({@code speech.wav}) through
   * its name, "speech" (every folder item's name is embedded in each text space's name field).
   */
  static final int TEXT_REACHABLE = 7;

  static Path index() {
    return root.resolve("index");
  }

  @Override
  public Map<String, String> start() {
    try {
      root = Files.createTempDirectory("mmsearch-api-test");
      Path models = TestModels.dir().toAbsolutePath();
      Files.writeString(catalog(), """
          {"spaces": {
            "clip": {"model": "%s"},
            "dino": {"model": "%s", "index": {"format": "int8"}},
            "text": {"model": "%s"},
            "clap": {"encoders": {"audio": "%s"}},
            "palette": {"derived": "palette"}
          }}""".formatted(models.resolve("clip-tiny"), models.resolve("dinov2-tiny"), models.resolve("minilm-tiny"),
          models.resolve("clap-tiny")));
      Path photos = Files.createDirectories(root.resolve("photos"));
      for (String f : List.of("photo.png", "tall-alpha.png", "small.png", "photo-cmyk.jpg")) {
        Files.copy(TestModels.reference(f), photos.resolve(f));
      }
      Files.writeString(photos.resolve("photo.json"), "{\"caption\": \"a red circle and a blue square\", \"shop\": \"north\"}");
      Files.writeString(photos.resolve("tall-alpha.json"), "{\"caption\": \"a green block over a purple egg\", \"shop\": \"south\"}");
      Files.writeString(photos.resolve("small.txt"), "colourful noise");
      Files.copy(TestModels.reference("audio/speech.wav"), photos.resolve("speech.wav"));
      Files.copy(TestModels.reference("audio/chord.ogg"), photos.resolve("small.ogg"));
      Path sub = Files.createDirectories(photos.resolve("sub dir"));
      Files.copy(TestModels.reference("photo.webp"), sub.resolve("same photo.webp"));
      Path manifests = Files.createDirectories(root.resolve("manifests"));
      Files.copy(TestModels.reference("small.png"), root.resolve("outside.png"));
      Files.writeString(manifests.resolve("items.jsonl"), "{\"id\": \"outsider\", \"image\": \"../outside.png\", \"text\": \"escaped file\"}\n");
      try (Spaces spaces = Spaces.load(Catalog.load(catalog()), EncoderOptions.DEFAULTS);
          LuceneItemIndex ix = LuceneItemIndex.openForWriting(index(), spaces.schema());
          ErrorReport errors = new ErrorReport(null)) {
        new IndexJob(spaces, ix, JobOptions.defaults()).run(List.of(photos), List.of(manifests.resolve("items.jsonl")), errors, Progress.NONE);
        if (errors.count() > 0) {
          throw new IllegalStateException("test collection failed to index: " + errors.errors());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    return Map.of(
        "mmsearch.catalog", catalog().toString(),
        "mmsearch.index", index().toString(),
        "mmsearch.refresh-interval", "50ms",
        "mmsearch.limits.max-image-bytes", "1000000",
        "mmsearch.limits.max-pixels", "4000000",
        "mmsearch.limits.max-audio-bytes", "1000000",
        "mmsearch.limits.max-audio-seconds", "2",
        // No video in this collection: the largest medium sets the JSON parser's string limit, so videos get the same bytes.
        "mmsearch.limits.max-video-bytes", "1000000");
  }

  @Override
  public void stop() {
    try (Stream<Path> files = Files.walk(root)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
