package dev.mmsearch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mmsearch.catalog.Catalog;
import dev.mmsearch.catalog.Spaces;
import dev.mmsearch.derive.LookWords;
import dev.mmsearch.derive.Palette;
import dev.mmsearch.encode.EncoderOptions;
import dev.mmsearch.index.Filter;
import dev.mmsearch.index.IndexSchema;
import dev.mmsearch.index.lucene.LuceneItemIndex;
import dev.mmsearch.index.VectorFieldSpec;
import dev.mmsearch.ingest.ErrorReport;
import dev.mmsearch.ingest.IndexJob;
import dev.mmsearch.ingest.JobOptions;
import dev.mmsearch.ingest.Progress;
import dev.mmsearch.predict.Predictor;
import dev.mmsearch.predict.Predictors;
import dev.mmsearch.predict.Route;
import dev.mmsearch.query.Contribution;
import dev.mmsearch.query.Fusion;
import dev.mmsearch.query.MultimodalSearcher;
import dev.mmsearch.query.QueryPart;
import dev.mmsearch.query.SearchRequest;
import dev.mmsearch.testing.TestModels;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The predicted-embedding route end to end: index, train a predictor from the index, search through it. */
class TrainPredictorCommandTest {

  @TempDir
  static Path tmp;

  static Path catalog;
  static Path indexDir;

  @BeforeAll
  static void indexPictures() throws Exception {
    Path pictures = Files.createDirectories(tmp.resolve("pictures"));
    Random r = new Random(9);
    for (int i = 0; i < 90; i++) {
      int w = 60 + r.nextInt(100);
      int h = 60 + r.nextInt(100);
      BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
      Graphics2D g = img.createGraphics();
      g.setColor(Color.getHSBColor(r.nextFloat(), r.nextFloat(), 0.3f + 0.7f * r.nextFloat()));
      g.fillRect(0, 0, w, h);
      g.setColor(Color.getHSBColor(r.nextFloat(), 1, 1));
      g.fillOval(r.nextInt(w / 2), r.nextInt(h / 2), w / 2, h / 2);
      g.dispose();
      ImageIO.write(img, "png", pictures.resolve(String.format("p%02d.png", i)).toFile());
    }
    catalog = Files.writeString(tmp.resolve("catalog.json"), "{\"spaces\": {\"palette\": {\"derived\": \"palette\"}, \"clip\": {\"model\": \""
        + TestModels.dir().resolve("clip-tiny").toString().replace("\\", "/") + "\"}}}");
    indexDir = tmp.resolve("index");
    try (Spaces spaces = Spaces.load(Catalog.load(catalog), EncoderOptions.DEFAULTS);
        LuceneItemIndex writer = LuceneItemIndex.openForWriting(indexDir, spaces.schema());
        ErrorReport errors = new ErrorReport(null)) {
      assertEquals(90, new IndexJob(spaces, writer, JobOptions.defaults()).run(List.of(pictures), List.of(), errors, Progress.NONE).added());
    }
  }

  private static String run(String... args) {
    StringWriter log = new StringWriter();
    CommandLine cl = Main.commandLine();
    cl.setOut(new PrintWriter(log, true));
    cl.setErr(new PrintWriter(log, true));
    int code = cl.execute(args);
    assertEquals(0, code, log.toString());
    return log.toString();
  }

  @Test
  void trainsMeasuresEveryRouteAndStoresThePredictorInTheIndex() throws Exception {
    String log = run("train-predictor", "--catalog", catalog.toString(), "--index", indexDir.toString(), "--from", "palette.image",
        "--to", "clip.image", "--epochs", "5");
    assertTrue(log.contains("held-out overlap@10"), log);
    Path folder = indexDir.resolve("predictors").resolve("palette.image-to-clip.image");
    JsonNode json = new ObjectMapper().readTree(folder.resolve("predictor.json").toFile());
    assertEquals("palette.image", json.get("from").asText());
    JsonNode overlap = json.get("report").get("overlap");
    String best = "direct";
    for (String route : List.of("direct", "predicted", "both")) {
      double v = overlap.get(route).asDouble();
      assertTrue(v >= 0 && v <= 1, route + " " + v);
      if (v > overlap.get(best).asDouble() + 1e-9) {
        best = route;
      }
    }
    assertEquals(best, json.get("preferred").asText(), "the preferred route is the one measured best");
    assertTrue(json.get("report").get("heldoutItems").asInt() > 5, json.toString());

    run("train-predictor", "--catalog", catalog.toString(), "--index", indexDir.toString(), "--from", "metadata", "--to", "clip.image",
        "--epochs", "5");
    assertTrue(Files.isRegularFile(indexDir.resolve("predictors").resolve("metadata-to-clip.image").resolve("adapter.safetensors")));
  }

  @Test
  void evalHasAPaletteTask() {
    String log = run("eval", "--catalog", catalog.toString(), "--space", "palette", "--dir", tmp.resolve("pictures").toString(),
        "--palette-within", "20");
    assertTrue(log.contains("palette→palette") && log.contains("P@10") && log.contains("90 pictures"), log);
  }

  @Test
  void searchesTakeTheRouteTheyAskForOrThePreferredOne() throws Exception {
    run("train-predictor", "--catalog", catalog.toString(), "--index", indexDir.toString(), "--from", "palette.image", "--to",
        "clip.image", "--epochs", "3");
    run("train-predictor", "--catalog", catalog.toString(), "--index", indexDir.toString(), "--from", "metadata", "--to", "clip.image",
        "--epochs", "3");
    try (Spaces spaces = Spaces.load(Catalog.load(catalog), EncoderOptions.DEFAULTS);
        LuceneItemIndex index = LuceneItemIndex.openForReading(indexDir, spaces.schema(), Duration.ZERO)) {
      Predictors predictors = Predictors.load(indexDir, index.schema());
      assertEquals(2, predictors.all().size());
      MultimodalSearcher searcher = new MultimodalSearcher(spaces, index, predictors);
      Palette red = Palette.of(List.of("#ff0000"), null);
      assertEquals(Set.of("palette.image"), fields(searcher, new QueryPart.Colours(red, 1, Route.DIRECT)));
      assertEquals(Set.of("clip.image"), fields(searcher, new QueryPart.Colours(red, 1, Route.PREDICTED)));
      assertEquals(Set.of("palette.image", "clip.image"), fields(searcher, new QueryPart.Colours(red, 1, Route.BOTH)));
      Route preferred = predictors.from("palette.image").getFirst().preferred();
      assertEquals(fields(searcher, new QueryPart.Colours(red, 1, preferred)), fields(searcher, new QueryPart.Colours(red, 1)));
      assertEquals(Set.of("clip.image"), fields(searcher, new QueryPart.Metadata(LookWords.targets("bright"), 1, Route.PREDICTED)));
      assertEquals(Set.of("metadata", "clip.image"), fields(searcher, new QueryPart.Metadata(LookWords.targets("dark"), 1, Route.BOTH)));

      // Without predictors, asking for the predicted route is a client error naming the command.
      MultimodalSearcher plain = new MultimodalSearcher(spaces, index);
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> fields(plain, new QueryPart.Colours(red, 1, Route.PREDICTED)));
      assertTrue(e.getMessage().contains("train-predictor"), e.getMessage());
      assertEquals(Set.of("palette.image"), fields(plain, new QueryPart.Colours(red, 1)));

      // A predictor trained for another model of its target field is left out, not used.
      VectorFieldSpec clip = index.schema().fields().get("clip.image");
      VectorFieldSpec other = new VectorFieldSpec(clip.space(), clip.modality(), clip.dimension(), clip.similarity(),
          new dev.mmsearch.encode.ModelIdentity("another-model", "0".repeat(64)), clip.format(), clip.m(), clip.beamWidth(), clip.oversample());
      Map<String, VectorFieldSpec> fields = new java.util.HashMap<>(index.schema().fields());
      fields.put("clip.image", other);
      assertEquals(List.of(), Predictors.load(indexDir, new IndexSchema(fields)).all());
    }
  }

  private static Set<String> fields(MultimodalSearcher searcher, QueryPart part) {
    SearchRequest request = new SearchRequest(List.of(part), 10, 0, 0, Filter.NONE, Fusion.DEFAULT, Double.NEGATIVE_INFINITY, Set.of(),
        Set.of());
    return searcher.search(request).hits().stream().flatMap(h -> h.explanation().stream()).map(Contribution::field)
        .collect(Collectors.toSet());
  }
}
