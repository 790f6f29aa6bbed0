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
import io.quarkus.test.junit.QuarkusTestProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Before the app starts (in its own profile, so the shared test index keeps its seven items): a
 * folder with two videos of three shots each (models/test/reference/video), a captioned picture,
 * a sound and two pictures with text in them, indexed by the real indexer with the tiny test
 * models and a catalog that reads pictures; then the app serves it.
 * Query videos are limited to 150,000 bytes and 20 s here, so refusals are cheap to provoke.
 */
public class VideoIndex implements QuarkusTestResourceLifecycleManager {

  /** Items in the collection. */
  static final int ITEMS = 6;

  /** Query video byte limit of this profile. */
  static final int MAX_VIDEO_BYTES = 150_000;

  static Path root;

  /** The test profile serving this collection, without the shared test index. */
  public static class Profile implements QuarkusTestProfile {
    @Override
    public List<TestResourceEntry> testResources() {
      return List.of(new TestResourceEntry(VideoIndex.class));
    }

    @Override
    public boolean disableGlobalTestResources() {
      return true;
    }
  }

  static Path folder() {
    return root.resolve("clips");
  }

  @Override
  public Map<String, String> start() {
    try {
      root = Files.createTempDirectory("mmsearch-video-test");
      Path models = TestModels.dir().toAbsolutePath();
      Path catalog = root.resolve("catalog.json");
      Files.writeString(catalog, """
          {"spaces": {
            "clip": {"model": "%s"},
            "clap": {"encoders": {"audio": "%s"}},
            "palette": {"derived": "palette"}
          },
          "ocr": {"model": "pp-ocrv3"}}""".formatted(models.resolve("clip-tiny"), models.resolve("clap-tiny")));
      Path clips = Files.createDirectories(folder());
      for (String v : List.of("walk.mp4", "music.mp4")) {
        Files.copy(TestModels.reference("video/" + v), clips.resolve(v));
      }
      Files.writeString(clips.resolve("walk.txt"), "a walk by the sea");
      Files.copy(TestModels.reference("photo.png"), clips.resolve("photo.png"));
      Files.writeString(clips.resolve("photo.txt"), "a red circle and a blue square");
      Files.copy(TestModels.reference("audio/chord.ogg"), clips.resolve("chord.ogg"));
      // Pictures with text in them (bench/ocr/make_text_pictures.py --fixtures): the catalog reads pictures.
      Files.copy(TestModels.reference("ocr/parking.png"), clips.resolve("sign.png"));
      Files.copy(TestModels.reference("ocr/code.png"), clips.resolve("plate.png"));
      Path index = root.resolve("index");
      try (Spaces spaces = Spaces.load(Catalog.load(catalog), EncoderOptions.DEFAULTS);
          LuceneItemIndex ix = LuceneItemIndex.openForWriting(index, spaces.schema());
          ErrorReport errors = new ErrorReport(null)) {
        new IndexJob(spaces, ix, JobOptions.defaults()).run(List.of(clips), List.of(), errors, Progress.NONE);
        if (errors.count() > 0) {
          throw new IllegalStateException("video test collection failed to index: " + errors.errors());
        }
      }
      return Map.of(
          "mmsearch.catalog", catalog.toString(),
          "mmsearch.index", index.toString(),
          "mmsearch.refresh-interval", "50ms",
          "mmsearch.limits.max-video-bytes", String.valueOf(MAX_VIDEO_BYTES),
          "mmsearch.limits.max-video-seconds", "20");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
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
