package dev.mmsearch.calibrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmsearch.catalog.Spaces;
import dev.mmsearch.encode.EncoderInput;
import dev.mmsearch.encode.Role;
import dev.mmsearch.index.Hit;
import dev.mmsearch.index.Item;
import dev.mmsearch.index.lucene.LuceneItemIndex;
import dev.mmsearch.testing.TestModels;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The calibration an index measures of itself: on items whose pictures are made to lie near their
 * captions' words (related pairs stand out), the text → picture mapping gets a steep slope; a
 * picture query is never paired with itself; the same index measures the same; and the
 * calibration, kept in the commit data, survives later commits and a restart.
 */
class CalibratorTest {

  static Spaces spaces;

  @BeforeAll
  static void load() {
    spaces = TestModels.spaces();
  }

  @AfterAll
  static void close() {
    spaces.close();
  }

  /** 150 one-word captions; each picture vector is its word's query vector plus noise. */
  private static void fill(LuceneItemIndex index) {
    var text = spaces.get("clip").encoder(dev.mmsearch.encode.Modality.TEXT);
    Random r = new Random(7);
    List<Item> items = new ArrayList<>();
    for (int i = 0; i < 150; i++) {
      String word = "w" + Integer.toString(i * 7919, 36);
      float[] caption = text.encode(new EncoderInput.Text(word), Role.DOCUMENT);
      float[] query = text.encode(new EncoderInput.Text(word), Role.QUERY);
      float[] picture = new float[query.length];
      double norm = 0;
      for (int d = 0; d < picture.length; d++) {
        picture[d] = (float) (query[d] + 0.01 * r.nextGaussian());
        norm += picture[d] * picture[d];
      }
      for (int d = 0; d < picture.length; d++) {
        picture[d] /= (float) Math.sqrt(norm);
      }
      items.add(new Item("item-" + i, "", "", word, Map.of(), Map.of(), Map.of("clip.text", caption, "clip.image", picture)));
    }
    index.upsertAll(items);
    index.commit(Map.of());
  }

  @Test
  void relatedPairsThatStandOutGetASteepMappingAndSelfPairsAreNeverMade(@TempDir Path dir) throws Exception {
    try (LuceneItemIndex index = LuceneItemIndex.openForWriting(dir, spaces.schema())) {
      fill(index);
      Calibration c = new Calibrator(spaces, index, Calibrator.SEED).measure();
      assertEquals(150, c.items());
      FieldCalibration textToPicture = c.get("text", "clip.image").orElseThrow();
      assertEquals(150, textToPicture.related(), "every item's caption words against its own picture");
      assertEquals(150 * Calibrator.UNRELATED_PER_QUERY, textToPicture.unrelated());
      assertTrue(textToPicture.slope() > 1, "related pairs stand out: " + textToPicture);
      assertEquals(150, textToPicture.holders(), "every item has a picture");
      // A typical related pair stands far above chance, a typical unrelated one below it.
      assertTrue(textToPicture.evidence(textToPicture.mean() + 8 * textToPicture.sd()) > 3, textToPicture.toString());
      assertTrue(textToPicture.evidence(textToPicture.mean()) < -3, textToPicture.toString());

      FieldCalibration pictureToPicture = c.get("image", "clip.image").orElseThrow();
      assertEquals(0, pictureToPicture.related(), "a picture is never its own related pair");
      assertEquals(Calibration.SAME_MODALITY_SLOPE, pictureToPicture.slope(), 1e-12, "so the fallback slope applies");
      assertTrue(c.get("image", "clip.text").orElseThrow().related() == 150);
      assertTrue(c.get("text", Hit.TEXT).isPresent(), "BM25 is calibrated too");
      assertEquals(c, new Calibrator(spaces, index, Calibrator.SEED).measure(), "the same index measures the same");
    }
  }

  @Test
  void theCalibrationSurvivesLaterCommitsAndARestart(@TempDir Path dir) throws Exception {
    Calibration committed;
    try (LuceneItemIndex index = LuceneItemIndex.openForWriting(dir, spaces.schema())) {
      fill(index);
      committed = Calibrator.commit(spaces, index);
      index.upsert(new Item("late", "", "", "late", Map.of(), Map.of(), Map.of()));
      index.commit(Map.of("other", "data"));
      assertEquals(committed, Calibration.of(index.commitData()));
    }
    try (LuceneItemIndex reader = LuceneItemIndex.openForReading(dir, spaces.schema(), Duration.ofSeconds(1))) {
      assertEquals(committed, Calibration.of(reader.commitData()), "read back after a restart");
    }
  }

  @Test
  void tooSmallAnIndexMeasuresNothingAndEveryListFallsBack(@TempDir Path dir) throws Exception {
    try (LuceneItemIndex index = LuceneItemIndex.openForWriting(dir, spaces.schema())) {
      index.upsert(new Item("one", "", "", "a caption", Map.of(), Map.of(), Map.of()));
      index.commit(Map.of());
      Calibration c = new Calibrator(spaces, index, Calibrator.SEED).measure();
      assertEquals(Map.of(), c.fields());
      // The fallback then standardises a list by its own scores: here 8 hits 0.9, 0.8, ... 0.2,
      // z of the best (0.9 - 0.55) / sqrt(0.0525) = 1.5275, chance at the best of 8, sqrt(2 ln 8) = 2.0393.
      List<Double> scores = List.of(0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2);
      double[] e = c.evidence("text", "clip.text", "text", scores);
      assertEquals((0.9 - 0.55) / Math.sqrt(0.0525) - Math.sqrt(2 * Math.log(8)), e[0], 1e-9);
      assertEquals(Calibration.CROSS_MODAL_SLOPE * ((0.9 - 0.55) / Math.sqrt(0.0525) - Math.sqrt(2 * Math.log(8))),
          c.evidence("text", "clip.image", "image", scores)[0], 1e-9, "a cross-modal list counts half");
    }
  }
}
