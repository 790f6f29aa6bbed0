package dev.mmsearch.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmsearch.encode.EncoderInput;
import dev.mmsearch.encode.EncoderOptions;
import dev.mmsearch.encode.Modality;
import dev.mmsearch.encode.ModelException;
import dev.mmsearch.encode.Role;
import dev.mmsearch.extract.ImageDecoder;
import dev.mmsearch.extract.ImageLimits;
import dev.mmsearch.index.Filter;
import dev.mmsearch.index.Hit;
import dev.mmsearch.index.IndexSchemaException;
import dev.mmsearch.index.Item;
import dev.mmsearch.index.lucene.LuceneItemIndex;
import dev.mmsearch.index.VectorFormat;
import dev.mmsearch.testing.Folders;
import dev.mmsearch.testing.TestModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CatalogTest {

  @TempDir
  Path tmp;

  @Test
  void testCatalogLoadsEverySpace() {
    Catalog catalog = Catalog.load(TestModels.dir().resolve("catalog.json"));
    try (Spaces spaces = Spaces.load(catalog, EncoderOptions.DEFAULTS)) {
      assertEquals(List.of("clip", "dino", "text"), spaces.all().stream().map(Space::name).toList());
      assertEquals(Set.of(Modality.TEXT, Modality.IMAGE), spaces.get("clip").modalities());
      assertEquals(List.of("clip", "text"), spaces.accepting(Modality.TEXT).stream().map(Space::name).toList());
      // Every space with a text encoder also has a field for names, embedded by that encoder.
      assertEquals(Set.of("clip.image", "clip.text", "clip.name", "dino.image", "text.text", "text.name"),
          spaces.schema().fields().keySet());
      assertEquals(spaces.schema().fields().get("clip.text").model(), spaces.schema().fields().get("clip.name").model());
      assertEquals(VectorFormat.INT8, spaces.schema().fields().get("dino.image").format());
      assertEquals("unknown space 'nope' (known: [clip, dino, text])",
          assertThrows(IllegalArgumentException.class, () -> spaces.get("nope")).getMessage());
    }
  }

  private Path writeCatalog(String json) throws Exception {
    Path file = tmp.resolve("catalog.json");
    Files.writeString(file, json);
    return file;
  }

  @Test
  void catalogErrorsNameTheFileAndSpace() throws Exception {
    String models = TestModels.dir().toString().replace("\\", "/");
    assertTrue(assertThrows(ModelException.class, () -> Catalog.load(writeCatalog("{\"spaces\": {}}")))
        .getMessage().endsWith("needs a non-empty \"spaces\" object"));
    String m = assertThrows(ModelException.class, () -> Catalog.load(writeCatalog(
        "{\"spaces\": {\"clip\": {\"model\": \"" + models + "/clip-tiny\", \"index\": {\"format\": \"pq\"}}}}"))).getMessage();
    assertTrue(m.contains("space 'clip': Unknown vector format 'pq'"), m);
    m = assertThrows(ModelException.class, () -> Catalog.load(writeCatalog(
        "{\"spaces\": {\"clip\": {\"modle\": \"x\"}}}"))).getMessage();
    assertTrue(m.contains("unknown key 'modle'"), m);
    m = assertThrows(ModelException.class, () -> Spaces.load(Catalog.load(writeCatalog(
        "{\"spaces\": {\"colours\": {\"derived\": \"histogram\"}}}")), EncoderOptions.DEFAULTS)).getMessage();
    assertTrue(m.contains("unknown derived encoder 'histogram' (known: [palette, signature, soundprint])"), m);
    m = assertThrows(ModelException.class, () -> Catalog.load(writeCatalog(
        "{\"spaces\": {\"colours\": {\"derived\": \"palette\", \"model\": \"" + models + "/clip-tiny\"}}}"))).getMessage();
    assertTrue(m.contains("give one of \"model\""), m);
  }

  /**
   * "ocr" reads pictures: its limits and model are checked when the catalog loads, every space with
   * a text encoder gets a field for the text read ({@code text.ocr}), and the reader loads on first use.
   */
  @Test
  void theOcrKeyDeclaresTheReaderOfTextInPictures() throws Exception {
    String models = TestModels.dir().toString().replace("\\", "/");
    String spaces = "{\"spaces\": {\"text\": {\"model\": \"" + models + "/minilm-tiny\"}, \"dino\": {\"model\": \""
        + models + "/dinov2-tiny\"}}";
    Catalog plain = Catalog.load(writeCatalog(spaces + "}"));
    assertEquals(null, plain.ocr());
    try (Spaces loaded = Spaces.load(plain, EncoderOptions.DEFAULTS)) {
      assertTrue(!loaded.readsPictures() && !loaded.schema().fields().containsKey("text.ocr"));
      assertThrows(IllegalStateException.class, loaded::textReader);
    }
    Catalog reading = Catalog.load(writeCatalog(spaces + ", \"ocr\": {\"minConfidence\": 0.7, \"maxBoxes\": 50}}"));
    assertEquals("pp-ocrv3", reading.ocr().model());
    assertEquals(0.7f, reading.ocr().limits().minConfidence());
    assertEquals(50, reading.ocr().limits().maxBoxes());
    try (Spaces loaded = Spaces.load(reading, EncoderOptions.DEFAULTS)) {
      assertTrue(loaded.readsPictures());
      assertEquals(Modality.OCR, loaded.schema().require("text.ocr").modality());
      assertTrue(!loaded.schema().fields().containsKey("dino.ocr"), "a space without a text encoder reads no text");
      assertEquals("pp-ocrv3", loaded.textReader().identity().name());
      assertTrue(loaded.textReader() == loaded.textReader(), "loaded once");
    }
    for (String bad : List.of("{\"model\": \"tesseract\"}", "{\"maxBoxes\": 0}", "{\"minConfidence\": 2}", "{\"colour\": 1}",
        "\"yes\"")) {
      ModelException e = assertThrows(ModelException.class, () -> Catalog.load(writeCatalog(spaces + ", \"ocr\": " + bad + "}")));
      assertTrue(e.getMessage().contains("\"ocr\""), e.getMessage());
    }
  }

  @Test
  void towersOfDifferentDimensionCannotShareASpace() throws Exception {
    String models = TestModels.dir().toString().replace("\\", "/");
    Catalog c = Catalog.load(writeCatalog("{\"spaces\": {\"mixed\": {\"encoders\": {"
        + "\"text\": \"" + models + "/clip-tiny\", \"image\": \"" + models + "/dinov2-tiny\"}}}}"));
    String m = assertThrows(ModelException.class, () -> Spaces.load(c, EncoderOptions.DEFAULTS)).getMessage();
    assertTrue(m.contains("space 'mixed' mixes"), m);
  }

  /** Items embedded by every space of the test catalog, indexed, reopened, and found again. */
  @Test
  void realEncodersRoundTripThroughTheIndex() throws Exception {
    Catalog catalog = Catalog.load(TestModels.dir().resolve("catalog.json"));
    ImageDecoder decoder = new ImageDecoder(ImageLimits.DEFAULTS);
    Map<String, Map<String, float[]>> vectorsById = new HashMap<>();
    try (Spaces spaces = Spaces.load(catalog, EncoderOptions.DEFAULTS);
        LuceneItemIndex index = LuceneItemIndex.openForWriting(tmp.resolve("index"), spaces.schema())) {
      List<String> images = List.of("photo.png", "tall-alpha.png", "small.png", "photo.webp");
      List<String> captions = List.of("a red circle and a blue square", "a green block over a purple egg", "noise", "the same photo again");
      for (int i = 0; i < images.size(); i++) {
        EncoderInput.Image image = new EncoderInput.Image(decoder.decode(TestModels.reference(images.get(i))));
        EncoderInput.Text caption = new EncoderInput.Text(captions.get(i));
        Map<String, float[]> v = new HashMap<>();
        for (Space s : spaces.all()) {
          if (s.encoder(Modality.IMAGE) != null) {
            v.put(s.name() + ".image", s.encoder(Modality.IMAGE).encode(image, Role.DOCUMENT));
          }
          if (s.encoder(Modality.TEXT) != null) {
            v.put(s.name() + ".text", s.encoder(Modality.TEXT).encode(caption, Role.DOCUMENT));
          }
        }
        vectorsById.put(images.get(i), v);
        index.upsert(new Item(images.get(i), images.get(i), "h" + i, captions.get(i), Map.of(), Map.of(), v));
      }
      index.commit(Map.of());
    }
    try (Spaces spaces = Spaces.load(catalog, EncoderOptions.DEFAULTS);
        LuceneItemIndex index = LuceneItemIndex.openForReading(tmp.resolve("index"), spaces.schema(), Duration.ZERO)) {
      for (Map.Entry<String, Map<String, float[]>> e : vectorsById.entrySet()) {
        for (Map.Entry<String, float[]> f : e.getValue().entrySet()) {
          List<Hit> hits = index.knn(f.getKey(), f.getValue(), 4, Filter.NONE);
          // photo.png and photo.webp are the same picture: either may tie for first in image fields.
          boolean twin = f.getKey().endsWith(".image") && e.getKey().startsWith("photo.");
          assertTrue(twin ? hits.getFirst().id().startsWith("photo.") : hits.getFirst().id().equals(e.getKey()),
              f.getKey() + " nearest to " + e.getKey() + " was " + hits);
          assertEquals(1.0, hits.getFirst().score(), 1e-4);
        }
      }
      // A text query in the clip space reaches the clip image field (cross-modal) with real encoders.
      float[] q = spaces.get("clip").encoder(Modality.TEXT).encode(new EncoderInput.Text("a red circle"), Role.QUERY);
      assertEquals(4, index.knn("clip.image", q, 10, Filter.NONE).size());
    }
  }

  @Test
  void aChangedModelFolderIsRefusedByTheIndex() throws Exception {
    Path models = tmp.resolve("models");
    Folders.copy(TestModels.model("dinov2-tiny"), models.resolve("dinov2-tiny"));
    Path catalogFile = models.resolve("catalog.json");
    Files.writeString(catalogFile, "{\"spaces\": {\"dino\": {\"model\": \"dinov2-tiny\"}}}");
    try (Spaces spaces = Spaces.load(Catalog.load(catalogFile), EncoderOptions.DEFAULTS);
        LuceneItemIndex index = LuceneItemIndex.openForWriting(tmp.resolve("index"), spaces.schema())) {
      index.commit(Map.of());
    }
    // Same names, other preprocessing: other vectors. The index must not take them.
    Path pre = models.resolve("dinov2-tiny/preprocessor_config.json");
    Files.writeString(pre, Files.readString(pre).replace("\"shortest_edge\": 256", "\"shortest_edge\": 240"));
    try (Spaces spaces = Spaces.load(Catalog.load(catalogFile), EncoderOptions.DEFAULTS)) {
      String m = assertThrows(IndexSchemaException.class,
          () -> LuceneItemIndex.openForWriting(tmp.resolve("index"), spaces.schema())).getMessage();
      assertTrue(m.startsWith("field dino.image holds vectors from model dinov2-tiny@"), m);
    }
  }
}
