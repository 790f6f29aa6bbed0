package dev.mmsearch.ingest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmsearch.catalog.Catalog;
import dev.mmsearch.catalog.Spaces;
import dev.mmsearch.derive.DerivedMetadata;
import dev.mmsearch.derive.ocr.TextLine;
import dev.mmsearch.encode.EncoderOptions;
import dev.mmsearch.index.Filter;
import dev.mmsearch.index.Hit;
import dev.mmsearch.index.Item;
import dev.mmsearch.index.lucene.LuceneItemIndex;
import dev.mmsearch.query.Fusion;
import dev.mmsearch.query.PictureTextMatch;
import dev.mmsearch.query.QueryPart;
import dev.mmsearch.query.SearchHit;
import dev.mmsearch.query.SearchRequest;
import dev.mmsearch.testing.TestModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Text inside pictures, end to end with the starter bundle (which reads pictures): a mixed folder
 * of pictures with text, pictures without (some captioned), and uncaptioned sounds is indexed by the
 * real indexer; a word found only inside a picture ranks that picture first, codes match as
 * sub-strings, the hit says which words matched and where, and a second run reads nothing again.
 */
class PictureTextSearchTest {

  @TempDir
  static Path tmp;

  private static IndexedCollection collection;
  private static LuceneItemIndex index;
  private static Path folder;

  /** Pictures with known text (models/test/reference/ocr, made by bench/ocr/make_text_pictures.py --fixtures). */
  private static final List<String> WITH_TEXT = List.of("invoice", "bread", "concert", "platform", "parking", "code", "serial",
      "bicycle_sale");

  @BeforeAll
  static void indexAMixedFolder() throws Exception {
    folder = Files.createDirectories(tmp.resolve("collection"));
    for (String p : WITH_TEXT) {
      Files.copy(TestModels.reference("ocr/" + p + ".png"), folder.resolve(p + ".png"));
    }
    Files.copy(TestModels.reference("ocr/blank.png"), folder.resolve("blank.png"));
    for (String p : List.of("bird", "helicopter", "sea-waves", "flute")) {
      Files.copy(TestModels.reference("bind/" + p + ".png"), folder.resolve(p + ".png"));
    }
    // Captions on some pictures without text, one of them about bread: the picture with the words wins.
    Files.writeString(folder.resolve("helicopter.txt"), "a helicopter in the sky");
    Files.writeString(folder.resolve("flute.txt"), "a wooden flute beside a loaf");
    for (String s : List.of("telephone", "trumpet", "banjo")) {
      Files.copy(TestModels.reference("bind/" + s + ".ogg"), folder.resolve(s + ".ogg"));
    }
    // Without names: the fixtures are named for what they say.
    collection = IndexedCollection.of(TestModels.bundle("catalog.json"), folder, tmp.resolve("index"), WITH_TEXT.size() + 8,
        JobOptions.defaults().withNames(false));
    index = collection.index();
  }

  @AfterAll
  static void close() throws Exception {
    collection.close();
  }

  private static List<SearchHit> search(String text, Set<String> fields) {
    SearchRequest request = new SearchRequest(List.of(new QueryPart.Text(text, 1)), 10, 0, 0, Filter.NONE, Fusion.DEFAULT,
        Double.NEGATIVE_INFINITY, Set.of(), fields);
    return collection.searcher().search(request).hits();
  }

  private static List<String> ids(List<SearchHit> hits) {
    return hits.stream().map(SearchHit::item).map(Item::id).toList();
  }

  @Test
  void aWordFoundOnlyInsideAPictureRanksItFirst() {
    Map<String, String> wanted = Map.of("invoice", "invoice.png", "concert tickets", "concert.png", "fresh bread", "bread.png",
        "parking", "parking.png", "platform", "platform.png", "bicycle sale", "bicycle_sale.png");
    wanted.forEach((query, picture) -> {
      List<SearchHit> hits = search(query, Set.of());
      assertEquals(picture, hits.getFirst().item().id(), query + " → " + ids(hits));
      assertTrue(hits.getFirst().explanation().stream().anyMatch(c -> c.field().endsWith(Hit.OCR) && c.contribution() > 0),
          query + ": the picture's text made its score, " + hits.getFirst().explanation());
    });
  }

  @Test
  void theHitSaysWhichWordsMatchedAndWhere() {
    SearchHit bread = search("bread morning", Set.of()).getFirst();
    PictureTextMatch line = bread.pictureText().getFirst();
    assertEquals("Fresh bread every morning", line.text());
    assertEquals(2, line.matches().size());
    assertArrayEquals(new int[] {6, 11}, line.matches().get(0));
    assertArrayEquals(new int[] {18, 25}, line.matches().get(1));
    // Words that follow each other in the line are also the query as a sub-string: one range.
    PictureTextMatch phrase = search("fresh bread", Set.of()).getFirst().pictureText().getFirst();
    assertEquals(1, phrase.matches().size());
    assertArrayEquals(new int[] {0, 11}, phrase.matches().getFirst());
    // The box is the picture's: the truth box (68,35)-(452,65), give or take the detector's margin.
    float[] box = line.box();
    assertTrue(Math.abs(box[0] - 68) < 12 && Math.abs(box[1] - 35) < 10 && Math.abs(box[4] - 452) < 12
        && Math.abs(box[5] - 65) < 10, java.util.Arrays.toString(box));
    // A code matched as a sub-string is highlighted whole, whatever the query's spacing.
    SearchHit code = search("7XK4B2", Set.of()).getFirst();
    assertEquals("code.png", code.item().id());
    assertEquals(1, code.pictureText().size());
    assertArrayEquals(new int[] {0, 7}, code.pictureText().getFirst().matches().getFirst());
  }

  @Test
  void codesAndPartsOfSerialNumbersMatchAsSubStrings() {
    assertEquals("code.png", search("7XK 4B2", Set.of()).getFirst().item().id());
    assertEquals("code.png", search("xk-4b", Set.of()).getFirst().item().id());
    assertEquals("serial.png", search("4471", Set.of()).getFirst().item().id());
    assertEquals("serial.png", search("4471-ZQ", Set.of()).getFirst().item().id());
  }

  @Test
  void theFieldOcrRestrictsAQueryToTextInPictures() {
    List<SearchHit> hits = search("bread", Set.of(Hit.OCR));
    assertEquals("bread.png", hits.getFirst().item().id());
    for (SearchHit h : hits) {
      assertTrue(h.explanation().stream().allMatch(c -> c.field().endsWith(Hit.OCR)), h.explanation().toString());
    }
    // Without it, the caption about a loaf is a match too.
    assertTrue(ids(search("loaf", Set.of())).contains("flute.png"));
    assertFalse(ids(search("loaf", Set.of(Hit.OCR))).contains("flute.png"));
  }

  @Test
  void linesBoxesAndTheHasTextKeywordAreStored() {
    Item parking = index.get("parking.png").orElseThrow();
    assertEquals(List.of("NO PARKING", "Monday to Friday"), parking.pictureText().lines().stream().map(TextLine::text).toList());
    assertTrue(parking.pictureText().lines().stream().allMatch(l -> l.confidence() > 0.8f));
    assertEquals(List.of("yes"), parking.metadata().get(DerivedMetadata.TEXT_IN_PICTURE));
    Item blank = index.get("blank.png").orElseThrow();
    assertTrue(blank.pictureText().isEmpty());
    assertEquals(List.of("no"), blank.metadata().get(DerivedMetadata.TEXT_IN_PICTURE));
    Item sound = index.get("telephone.ogg").orElseThrow();
    assertNull(sound.pictureText());
    assertNull(sound.metadata().get(DerivedMetadata.TEXT_IN_PICTURE));
    // A filter on it, as the page's "has text" facet sets.
    SearchRequest withText = new SearchRequest(List.of(new QueryPart.Text("a picture", 1)), 50, 0, 0,
        new Filter(Map.of(DerivedMetadata.TEXT_IN_PICTURE, Set.of("yes")), Set.of()), Fusion.DEFAULT,
        Double.NEGATIVE_INFINITY, Set.of(), Set.of());
    assertEquals(Set.copyOf(WITH_TEXT.stream().map(p -> p + ".png").toList()),
        Set.copyOf(ids(collection.searcher().search(withText).hits())));
  }

  @Test
  void aSecondRunReadsNothingAgain() throws Exception {
    try (Spaces spaces = Spaces.load(Catalog.load(TestModels.bundle("catalog.json")), EncoderOptions.DEFAULTS);
        LuceneItemIndex writer = LuceneItemIndex.openForWriting(tmp.resolve("index-again"), spaces.schema());
        ErrorReport errors = new ErrorReport(null)) {
      JobOptions options = JobOptions.defaults().withNames(false);
      JobSummary first = new IndexJob(spaces, writer, options).run(List.of(folder), List.of(), errors, Progress.NONE);
      assertTrue(first.stageTime().get("ocr").toNanos() > 0);
      assertEquals("pp-ocrv3@" + spaces.textReader().identity().sha256().substring(0, 12),
          writer.commitData().get(IndexJob.READER_COMMIT_KEY));
      JobSummary second = new IndexJob(spaces, writer, options).run(List.of(folder), List.of(), errors, Progress.NONE);
      assertEquals(first.added(), second.unchanged(), second.describe());
      assertEquals(Duration.ZERO, second.stageTime().get("ocr"));
      // An index whose pictures another reader read: every picture is read again, nothing else changes.
      Item before = writer.get("parking.png").orElseThrow();
      writer.commit(Map.of(IndexJob.READER_COMMIT_KEY, "pp-ocrv4@000000000000"));
      JobSummary third = new IndexJob(spaces, writer, options).run(List.of(folder), List.of(), errors, Progress.NONE);
      assertTrue(third.stageTime().get("ocr").toNanos() > 0, third.describe());
      assertEquals(13, third.updated(), "the 13 pictures, not the 3 sounds: " + third.describe());
      assertEquals(before, writer.get("parking.png").orElseThrow(), "the same reader reads the same");
      assertEquals(writer.commitData().get(IndexJob.READER_COMMIT_KEY),
          "pp-ocrv3@" + spaces.textReader().identity().sha256().substring(0, 12));
      assertEquals(0, errors.count(), String.valueOf(errors.errors()));
    }
  }
}
