package dev.mmsearch.api;

import dev.mmsearch.catalog.Catalog;
import dev.mmsearch.catalog.Spaces;
import dev.mmsearch.dup.DuplicateFinder;
import dev.mmsearch.dup.DuplicateGroups;
import dev.mmsearch.dup.DuplicateLevel;
import dev.mmsearch.dup.Thresholds;
import dev.mmsearch.encode.EncoderOptions;
import dev.mmsearch.extract.ImageDecoder;
import dev.mmsearch.extract.ImageLimits;
import dev.mmsearch.index.lucene.LuceneItemIndex;
import dev.mmsearch.ingest.ErrorReport;
import dev.mmsearch.ingest.IndexJob;
import dev.mmsearch.ingest.JobOptions;
import dev.mmsearch.ingest.Progress;
import dev.mmsearch.testing.Copies;
import dev.mmsearch.testing.TestModels;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Before the app starts (its own profile): a folder of pictures with copies made at test time —
 * photo.png, the same pixels as BMP (exact), and near copies (half size, JPEG 40, 5 % crop, 15 %
 * brighter, less saturated, a logo: transformations docs/quality.md promises) — beside pictures that are no copies (small.png, tall-alpha.png,
 * two burst shots of one scene), one chord as WAV and Ogg and speech; indexed by the real indexer
 * with the tiny CLIP and the signature spaces, then grouped at exact and near by the real finder.
 * No "similar" groups are made (the catalog has no dino field), so that level answers 409.
 */
public class DuplicatesIndex implements QuarkusTestResourceLifecycleManager {

  /** The photo's copies, near or exact, by file name. */
  static final List<String> PHOTO_COPIES = List.of("photo-exact.bmp", "photo-half.png", "photo-q40.jpg", "photo-crop.png",
      "photo-bright.png", "photo-grey.png", "photo-logo.png");

  static Path root;

  public static class Profile implements QuarkusTestProfile {
    @Override
    public List<TestResourceEntry> testResources() {
      return List.of(new TestResourceEntry(DuplicatesIndex.class));
    }

    @Override
    public boolean disableGlobalTestResources() {
      return true;
    }
  }

  @Override
  public Map<String, String> start() {
    try {
      root = Files.createTempDirectory("mmsearch-duplicates-test");
      Path models = TestModels.dir().toAbsolutePath();
      Path catalog = root.resolve("catalog.json");
      Files.writeString(catalog, """
          {"spaces": {
            "clip": {"model": "%s"},
            "signature": {"derived": "signature"},
            "soundprint": {"derived": "soundprint"}
          }}""".formatted(models.resolve("clip-tiny")));
      Path pics = Files.createDirectories(root.resolve("pics"));
      BufferedImage photo = new ImageDecoder(ImageLimits.DEFAULTS).decode(TestModels.reference("photo.png"));
      Files.copy(TestModels.reference("photo.png"), pics.resolve("photo.png"));
      Files.writeString(pics.resolve("photo.txt"), "a red circle and a blue square");
      Files.write(pics.resolve("photo-exact.bmp"), Copies.encoded(photo, "bmp"));
      Files.write(pics.resolve("photo-half.png"), Copies.encoded(Copies.resized(photo, 0.5), "png"));
      Files.write(pics.resolve("photo-q40.jpg"), Copies.jpeg(photo, 0.4f));
      Files.write(pics.resolve("photo-crop.png"), Copies.encoded(Copies.cropped(photo, 0.05), "png"));
      Files.write(pics.resolve("photo-bright.png"), Copies.encoded(Copies.brighter(photo, 1.15), "png"));
      Files.write(pics.resolve("photo-grey.png"), Copies.encoded(Copies.desaturated(photo, 0.6), "png"));
      Files.write(pics.resolve("photo-logo.png"), Copies.encoded(Copies.logo(photo, 0.08), "png"));
      Files.copy(TestModels.reference("small.png"), pics.resolve("small.png"));
      Files.copy(TestModels.reference("tall-alpha.png"), pics.resolve("tall-alpha.png"));
      Files.write(pics.resolve("burst-1.png"), Copies.encoded(Copies.scene(0), "png"));
      Files.write(pics.resolve("burst-2.png"), Copies.encoded(Copies.scene(0.15), "png"));
      Files.copy(TestModels.reference("audio/chord.wav"), pics.resolve("chord.wav"));
      Files.copy(TestModels.reference("audio/chord.ogg"), pics.resolve("chord-copy.ogg"));
      Files.copy(TestModels.reference("audio/speech.wav"), pics.resolve("speech.wav"));
      Path index = root.resolve("index");
      try (Spaces spaces = Spaces.load(Catalog.load(catalog), EncoderOptions.DEFAULTS);
          LuceneItemIndex ix = LuceneItemIndex.openForWriting(index, spaces.schema());
          ErrorReport errors = new ErrorReport(null)) {
        new IndexJob(spaces, ix, JobOptions.defaults()).run(List.of(pics), List.of(), errors, Progress.NONE);
        if (errors.count() > 0) {
          throw new IllegalStateException("duplicates test collection failed to index: " + errors.errors());
        }
      }
      try (LuceneItemIndex reader = LuceneItemIndex.openForReading(index, dev.mmsearch.index.IndexSchema.EMPTY, Duration.ofDays(1))) {
        DuplicateFinder finder = new DuplicateFinder(reader, Thresholds.DEFAULTS);
        for (DuplicateLevel level : List.of(DuplicateLevel.EXACT, DuplicateLevel.NEAR)) {
          finder.find(level, n -> {}).write(DuplicateGroups.folder(index));
        }
      }
      return Map.of(
          "mmsearch.catalog", catalog.toString(),
          "mmsearch.index", index.toString(),
          "mmsearch.refresh-interval", "50ms");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (dev.mmsearch.extract.DecodeException e) {
      throw new IllegalStateException(e);
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
