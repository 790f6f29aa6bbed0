package dev.mmsearch.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mmsearch.catalog.Catalog;
import dev.mmsearch.catalog.Spaces;
import dev.mmsearch.encode.EncoderOptions;
import dev.mmsearch.index.Filter;
import dev.mmsearch.index.Hit;
import dev.mmsearch.index.IndexingProgress;
import dev.mmsearch.index.Item;
import dev.mmsearch.index.lucene.LuceneItemIndex;
import dev.mmsearch.testing.BadImages;
import dev.mmsearch.testing.TestModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IndexJobTest {

  static Spaces spaces;

  @TempDir
  Path tmp;

  @BeforeAll
  static void load() {
    spaces = TestModels.spaces();
  }

  @AfterAll
  static void close() {
    spaces.close();
  }

  private JobSummary run(Path index, List<Path> dirs, List<Path> manifests, ErrorReport errors) throws Exception {
    return run(spaces, index, dirs, manifests, errors, Set.of(), true);
  }

  private static JobSummary run(Spaces spaces, Path index, List<Path> dirs, List<Path> manifests, ErrorReport errors,
      Set<String> only, boolean names) throws Exception {
    JobOptions o = JobOptions.defaults();
    JobOptions options = new JobOptions(8, 2, 16, Duration.ofMinutes(1), only, o.limits(), null).withNames(names);
    try (LuceneItemIndex ix = LuceneItemIndex.openForWriting(index, spaces.schema())) {
      return new IndexJob(spaces, ix, options).run(dirs, manifests, errors, Progress.NONE);
    }
  }

  /** A run of some spaces, without names: the tests of space subsets count the fields of captions and pictures. */
  private JobSummary runSpaces(Path index, List<Path> dirs, Set<String> only) throws Exception {
    try (ErrorReport errors = new ErrorReport(null)) {
      return run(spaces, index, dirs, List.of(), errors, only, false);
    }
  }

  private JobSummary run(Path index, List<Path> dirs, List<Path> manifests) throws Exception {
    try (ErrorReport errors = new ErrorReport(null)) {
      return run(index, dirs, manifests, errors);
    }
  }

  /** Every item with its vectors, for comparing two indexes. */
  static Map<String, Map<String, float[]>> dump(Path index) throws Exception {
    Map<String, Map<String, float[]>> all = new TreeMap<>();
    try (Spaces s = TestModels.spaces();
        LuceneItemIndex ix = LuceneItemIndex.openForReading(index, s.schema(), Duration.ZERO)) {
      List<String> ids = new ArrayList<>();
      ix.forEachItem((id, source) -> ids.add(id));
      for (String id : ids) {
        Map<String, float[]> v = new TreeMap<>();
        for (String field : ix.schema().fields().keySet()) {
          ix.vector(id, field).ifPresent(x -> v.put(field, x));
        }
        // A video's moments too, as "moment <i> <field>": lost, doubled or stale moments show.
        List<dev.mmsearch.index.Moment> moments = ix.moments(List.of(id), ix.schema().fields().keySet()).getOrDefault(id, List.of());
        for (int i = 0; i < moments.size(); i++) {
          int m = i;
          moments.get(i).vectors().forEach((field, x) -> v.put("moment " + m + " " + field, x));
        }
        all.put(id, v);
      }
    }
    return all;
  }

  @Test
  void directoryAndManifestEndToEnd() throws Exception {
    Path photos = Collections.pictures(tmp.resolve("photos"), 12, 1);
    Files.writeString(photos.resolve("img-001.json"), "{\"caption\": \"an orange blob\", \"tags\": [\"blob\", \"orange\"], \"shop\": \"north\"}");
    Path manifest = tmp.resolve("m/items.jsonl");
    Files.createDirectories(manifest.getParent());
    Files.copy(TestModels.reference("photo.png"), manifest.getParent().resolve("photo.png"));
    Files.writeString(manifest, String.join("\n",
        "{\"id\": \"m-1\", \"image\": \"photo.png\", \"text\": \"a red circle and a blue square\", \"shop\": \"south\"}",
        "{\"id\": \"m-2\", \"text\": \"only words here\", \"shop\": [\"south\", \"east\"]}",
        "{\"id\": \"m-3\", \"image\": \"photo.png\"",
        "[1, 2]",
        "{\"image\": \"photo.png\"}",
        "{\"id\": \"m-4\", \"image\": \"missing.png\"}",
        ""));
    Path index = tmp.resolve("index");
    try (ErrorReport errors = new ErrorReport(tmp.resolve("errors.jsonl"))) {
      JobSummary s = run(index, List.of(photos), List.of(manifest), errors);
      assertEquals(12 + 3, s.listed());
      assertEquals(14, s.added());
      assertEquals(4, s.failed());
    }
    List<String> lines = Files.readAllLines(tmp.resolve("errors.jsonl"));
    List<String> reasons = new ArrayList<>();
    for (String line : lines) {
      JsonNode e = new ObjectMapper().readTree(line);
      reasons.add(e.get("source").asText().replace(tmp.toString(), "") + " " + e.get("stage").asText() + " " + e.get("reason").asText());
    }
    assertEquals(List.of(
        "/m/items.jsonl:3 read BAD_MANIFEST_LINE",
        "/m/items.jsonl:4 read BAD_MANIFEST_LINE",
        "/m/items.jsonl:5 read BAD_MANIFEST_LINE",
        "/m/missing.png read NOT_FOUND"), reasons.stream().sorted().toList());

    try (LuceneItemIndex ix = LuceneItemIndex.openForReading(index, spaces.schema(), Duration.ZERO)) {
      assertEquals(14, ix.stats().items());
      Item tagged = ix.get("img-001.png").orElseThrow();
      assertEquals("an orange blob. blob. orange", tagged.text());
      assertEquals(List.of("north"), tagged.metadata().get("shop"));
      // A folder item's name ("img 001") is embedded by each text encoder into its own field.
      assertEquals(Set.of("clip.image", "clip.text", "clip.name", "dino.image", "text.text", "text.name"),
          dump(index).get("img-001.png").keySet());
      assertEquals(Set.of("clip.image", "dino.image", "clip.name", "text.name"), dump(index).get("img-003.png").keySet(),
          "no caption: image vectors and the name");
      assertEquals(Set.of("clip.text", "text.text"), dump(index).get("m-2").keySet(), "text-only manifest item, no name given");
      List<Hit> south = ix.bm25("words", 5, new Filter(Map.of("shop", Set.of("east")), Set.of()));
      assertEquals("m-2", south.getFirst().id());
      assertTrue(ix.commitData().get("mmsearch.roots").contains(photos.toAbsolutePath().toString()));
    }
  }

  /**
   * A server opened beside a running job (as {@code mmsearch demo} starts one) reads how far the job
   * got from its commits: running from a first commit made before any item, finished counts that
   * only grow and never pass the items the job had finished with, and done with every item at the end.
   */
  @Test
  void aReaderBesideTheJobSeesHowFarItGot() throws Exception {
    Path photos = Collections.pictures(tmp.resolve("photos"), 12, 5);
    Files.write(photos.resolve("corrupt.png"), BadImages.all().get("corrupt.png"));
    Path index = tmp.resolve("index");
    JobOptions o = JobOptions.defaults();
    // Batches of 2 and a commit after each: the reader sees the job part way.
    JobOptions options = new JobOptions(2, 2, 2, Duration.ofMinutes(1), Set.of(), o.limits(), null);
    List<IndexingProgress> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
    java.util.concurrent.atomic.AtomicInteger steps = new java.util.concurrent.atomic.AtomicInteger();
    List<String> wrong = new java.util.concurrent.CopyOnWriteArrayList<>();
    try (LuceneItemIndex reader = LuceneItemIndex.openForReading(index, spaces.schema(), Duration.ZERO);
        LuceneItemIndex ix = LuceneItemIndex.openForWriting(index, spaces.schema());
        ErrorReport errors = new ErrorReport(null)) {
      Progress watch = new Progress() {
        @Override
        public void start(long total) {
          // Before any item: the job's first commit already says it is running, with nothing finished.
          observe(0);
        }

        @Override
        public void step(int failed) {
          observe(steps.incrementAndGet());
        }

        private synchronized void observe(int finishedSoFar) {
          try {
            reader.refresh();
          } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
          IndexingProgress p = IndexingProgress.of(reader.commitData()).orElse(null);
          // The job counts a step just before it reaches this hook: one in flight on each decode thread
          // and the writer may be in a commit this hook has not been told of yet.
          if (p == null || !p.running() || p.listed() != 13 || p.finished() > finishedSoFar + 3) {
            wrong.add(finishedSoFar + " finished, the reader saw " + p);
          }
          seen.add(p);
        }

        @Override
        public void close() {}
      };
      JobSummary s = new IndexJob(spaces, ix, options).run(List.of(photos), List.of(), errors, watch);
      assertEquals(List.of(12, 1), List.of(s.added(), s.failed()));
      assertEquals(List.of(), wrong);
      for (int i = 1; i < seen.size(); i++) {
        assertTrue(seen.get(i).finished() >= seen.get(i - 1).finished(), "finished only grows: " + seen);
      }
      assertEquals(0, seen.getFirst().finished());
      assertTrue(seen.stream().anyMatch(p -> p.finished() > 0 && p.finished() < 13), "a commit part way: " + seen);
      reader.refresh();
      IndexingProgress last = IndexingProgress.of(reader.commitData()).orElseThrow();
      assertEquals(List.of(false, 13L, 13L, 1L), List.of(last.running(), last.listed(), last.finished(), last.failed()));
      assertEquals(seen.getFirst().started(), last.started());
      assertTrue(!last.committed().isBefore(last.started()));
    }
  }

  @Test
  void reRunsSkipUnchangedReembedChangedAndDeleteVanished() throws Exception {
    Path photos = Collections.pictures(tmp.resolve("photos"), 10, 2);
    Path index = tmp.resolve("index");
    assertEquals(10, run(index, List.of(photos), List.of()).added());

    JobSummary again = run(index, List.of(photos), List.of());
    assertEquals(List.of(0, 0, 10, 0, 0), List.of(again.added(), again.updated(), again.unchanged(), again.deleted(), again.failed()));

    Map<String, Map<String, float[]>> before = dump(index);
    Files.copy(photos.resolve("img-005.png"), photos.resolve("img-004.png"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    Files.writeString(photos.resolve("img-002.txt"), "a new caption");
    Files.delete(photos.resolve("img-007.png"));
    JobSummary changed = run(index, List.of(photos), List.of());
    assertEquals(List.of(0, 2, 7, 1, 0), List.of(changed.added(), changed.updated(), changed.unchanged(), changed.deleted(), changed.failed()));

    Map<String, Map<String, float[]>> after = dump(index);
    assertEquals(9, after.size());
    assertTrue(!after.containsKey("img-007.png"));
    assertTrue(java.util.Arrays.equals(before.get("img-005.png").get("dino.image"), after.get("img-004.png").get("dino.image")),
        "img-004 now shows img-005's picture");
    assertTrue(java.util.Arrays.equals(before.get("img-003.png").get("clip.image"), after.get("img-003.png").get("clip.image")));
  }

  @Test
  void badFilesAreReportedAndTheRestIndexed() throws Exception {
    Path photos = Collections.pictures(tmp.resolve("photos"), 6, 3);
    for (Map.Entry<String, byte[]> bad : BadImages.all().entrySet()) {
      Files.write(photos.resolve(bad.getKey()), bad.getValue());
    }
    Files.writeString(photos.resolve("img-001.json"), "{\"caption\": ");
    Path index = tmp.resolve("index");
    try (ErrorReport errors = new ErrorReport(tmp.resolve("errors.jsonl"))) {
      JobSummary s = run(index, List.of(photos), List.of(), errors);
      assertEquals(5, s.added(), "6 good pictures, one with a broken sidecar");
      Map<String, String> byFile = new TreeMap<>();
      errors.errors().forEach(e -> byFile.put(Path.of(e.source()).getFileName().toString(), e.stage() + "/" + e.reason()));
      assertEquals(Map.of(
          "bomb-40000x40000.png", "decode/TOO_MANY_PIXELS",
          "corrupt.png", "decode/CORRUPT",
          "img-001.png", "read/BAD_SIDECAR",
          "not-an-image.png", "decode/UNSUPPORTED_FORMAT",
          "truncated.jpg", "decode/TRUNCATED",
          "truncated.png", "decode/TRUNCATED",
          "zero-bytes.png", "decode/EMPTY"), byFile);
    }
    assertEquals(5, dump(index).size());
  }

  @Test
  void aSubsetOfSpacesUpdatesOnlyItsFieldsAndKeepsTheOthers() throws Exception {
    Path photos = Collections.pictures(tmp.resolve("photos"), 6, 4);
    Path index = tmp.resolve("index");
    assertEquals(6, runSpaces(index, List.of(photos), Set.of("clip")).added());
    Map<String, Map<String, float[]>> clipOnly = dump(index);
    assertEquals(Set.of("clip.image", "clip.text"), clipOnly.get("img-000.png").keySet());

    JobSummary dino = runSpaces(index, List.of(photos), Set.of("dino"));
    assertEquals(6, dino.updated(), "every item lacked dino.image");
    Map<String, Map<String, float[]>> both = dump(index);
    assertEquals(Set.of("clip.image", "clip.text", "dino.image"), both.get("img-000.png").keySet());
    assertEquals(Set.of("clip.image", "dino.image"), both.get("img-001.png").keySet());
    for (String id : clipOnly.keySet()) {
      for (String field : clipOnly.get(id).keySet()) {
        assertTrue(java.util.Arrays.equals(clipOnly.get(id).get(field), both.get(id).get(field)), id + " " + field + " kept");
      }
    }
    assertEquals(6, runSpaces(index, List.of(photos), Set.of("dino")).unchanged(), "done for dino: nothing to do");
    try (LuceneItemIndex ix = LuceneItemIndex.openForReading(index, spaces.schema(), Duration.ZERO)) {
      assertTrue(ix.thumbnail("img-000.png").isPresent(), "the thumbnail is kept too");
    }

    // Changed content: the recomputed space only; the other space's vectors described the old
    // content and are dropped until a run computes them again.
    Files.writeString(photos.resolve("img-000.txt"), "a changed caption");
    assertEquals(1, runSpaces(index, List.of(photos), Set.of("dino")).updated());
    assertEquals(Set.of("dino.image"), dump(index).get("img-000.png").keySet());
    JobSummary full = runSpaces(index, List.of(photos), Set.of());
    // text.text was never computed: the three captioned items get it (and img-000 its clip fields
    // back); the three without a caption have every field they can have.
    assertEquals(List.of(3, 3), List.of(full.updated(), full.unchanged()));
    assertEquals(Set.of("clip.image", "clip.text", "dino.image", "text.text"), dump(index).get("img-000.png").keySet());
  }

  @Test
  void aFieldNewToTheIndexIsAddedWithoutRecomputingTheOthers() throws Exception {
    Path photos = Collections.pictures(tmp.resolve("photos"), 6, 4);
    Path index = tmp.resolve("index");
    try (ErrorReport errors = new ErrorReport(null)) {
      assertEquals(6, run(spaces, index, List.of(photos), List.of(), errors, Set.of(), false).added());
    }
    Map<String, Map<String, float[]>> before = dump(index);
    assertTrue(before.get("img-000.png").keySet().stream().noneMatch(f -> f.endsWith(".name")));
    JobSummary withNames;
    try (ErrorReport errors = new ErrorReport(null)) {
      withNames = run(spaces, index, List.of(photos), List.of(), errors, Set.of(), true);
    }
    assertEquals(6, withNames.updated(), "every item gains its name fields");
    Map<String, Map<String, float[]>> after = dump(index);
    for (String id : before.keySet()) {
      assertTrue(after.get(id).keySet().containsAll(Set.of("clip.name", "text.name")), id + ": " + after.get(id).keySet());
      for (String field : before.get(id).keySet()) {
        assertTrue(java.util.Arrays.equals(before.get(id).get(field), after.get(id).get(field)), id + " " + field + " kept as it was");
      }
    }
    try (ErrorReport errors = new ErrorReport(null)) {
      assertEquals(6, run(spaces, index, List.of(photos), List.of(), errors, Set.of(), true).unchanged(), "then nothing to do");
    }
  }

  @Test
  void derivedPictureMetadataSurvivesARunThatDoesNotDecodeThePicture() throws Exception {
    Path photos = Collections.pictures(tmp.resolve("photos"), 6, 4);
    Path index = tmp.resolve("index");
    assertEquals(6, runSpaces(index, List.of(photos), Set.of("clip")).added());
    Map<String, Double> before;
    try (LuceneItemIndex ix = LuceneItemIndex.openForReading(index, spaces.schema(), Duration.ZERO)) {
      before = ix.get("img-000.png").orElseThrow().numbers();
    }
    assertTrue(before.containsKey("width") && before.containsKey("sharpness"), before.toString());
    // Only the text space: captioned items gain text.text, their pictures are not decoded again.
    assertEquals(3, runSpaces(index, List.of(photos), Set.of("text")).updated());
    try (LuceneItemIndex ix = LuceneItemIndex.openForReading(index, spaces.schema(), Duration.ZERO)) {
      assertTrue(ix.state("img-000.png").orElseThrow().fields().contains("text.text"));
      assertEquals(before, ix.get("img-000.png").orElseThrow().numbers(), "kept from the index");
      assertEquals(List.of("png"), ix.get("img-000.png").orElseThrow().metadata().get("format"), "keywords too");
    }
  }

  @Test
  void anInputThatBreaksTheEncoderCostsOnlyItself() throws Exception {
    // A CLIP vision tower read without resizing: it only takes 224 x 224 pictures, so any other
    // size fails inside ONNX Runtime, in the same batch as good ones.
    Path model = Files.createDirectories(tmp.resolve("strict-model"));
    Files.writeString(model.resolve("mmsearch-model.json"), "{\"family\": \"image-features\", \"image\": {\"onnx\": \""
        + TestModels.model("clip-tiny").resolve("onnx/vision_model.onnx").toAbsolutePath().toString().replace("\\", "/")
        + "\", \"output\": \"image_embeds\", \"pooling\": \"none\"}}");
    Files.writeString(model.resolve("preprocessor_config.json"), "{\"do_resize\": false, \"do_center_crop\": false, "
        + "\"do_normalize\": false}");
    Path catalog = tmp.resolve("catalog.json");
    Files.writeString(catalog, "{\"spaces\": {\"strict\": {\"model\": \"" + model.toString().replace("\\", "/") + "\"}}}");
    Path photos = Files.createDirectories(tmp.resolve("photos"));
    for (int i = 0; i < 5; i++) {
      java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(224, 224, java.awt.image.BufferedImage.TYPE_INT_RGB);
      img.setRGB(i, i, 0xFF0000);
      javax.imageio.ImageIO.write(img, "png", photos.resolve("good-" + i + ".png").toFile());
    }
    javax.imageio.ImageIO.write(new java.awt.image.BufferedImage(64, 48, java.awt.image.BufferedImage.TYPE_INT_RGB), "png",
        photos.resolve("wrong-size.png").toFile());
    try (Spaces strict = Spaces.load(Catalog.load(catalog), EncoderOptions.DEFAULTS); ErrorReport errors = new ErrorReport(null)) {
      JobSummary s = run(strict, tmp.resolve("index"), List.of(photos), List.of(), errors, Set.of(), true);
      assertEquals(5, s.added(), "the batch failed, was retried item by item, and only the bad item was lost");
      assertEquals(1, s.failed());
      assertEquals("encode/ENCODER_FAILED", errors.errors().getFirst().stage() + "/" + errors.errors().getFirst().reason());
      assertTrue(errors.errors().getFirst().source().endsWith("wrong-size.png"), errors.errors().toString());
    }
  }

  @Test
  void anItemTheIndexRefusesDoesNotStopTheJob() throws Exception {
    Path manifest = tmp.resolve("m/items.jsonl");
    Files.createDirectories(manifest.getParent());
    // Lucene refuses terms over 32766 bytes: this id cannot be indexed.
    Files.writeString(manifest, String.join("\n", "{\"id\": \"ok-1\", \"text\": \"a caption\"}",
        "{\"id\": \"" + "x".repeat(40_000) + "\", \"text\": \"too long an id\"}",
        "{\"id\": \"ok-2\", \"text\": \"another caption\"}"));
    try (ErrorReport errors = new ErrorReport(null)) {
      JobSummary s = run(tmp.resolve("index"), List.of(), List.of(manifest), errors);
      assertEquals(List.of(2, 1), List.of(s.added(), s.failed()));
      assertEquals("write/REJECTED", errors.errors().getFirst().stage() + "/" + errors.errors().getFirst().reason());
    }
    assertEquals(Set.of("ok-1", "ok-2"), dump(tmp.resolve("index")).keySet());
  }
}
