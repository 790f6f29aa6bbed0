package dev.mmsearch.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmsearch.index.Item;
import dev.mmsearch.index.lucene.LuceneItemIndex;
import dev.mmsearch.query.QueryPart;
import dev.mmsearch.testing.TestModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The starter bundle's ImageBind-like space end to end: a real folder with uncaptioned sounds (Ogg
 * Vorbis rendered from fluid-soundfont-gm) and one item that groups a picture, a sound and a
 * caption by base name, indexed by the real indexer, searched by text, by a picture of the same
 * thing (Twemoji) and by sound. Only the adapters link words, pixels and sounds here.
 */
class BundleAudioSearchTest {

  @TempDir
  static Path tmp;

  private static IndexedCollection collection;
  private static LuceneItemIndex index;

  /** Sounds alone, with no caption: only their audio vectors can find them. */
  private static final List<String> SOUNDS = List.of("sea-waves", "bird", "helicopter", "telephone", "trumpet", "banjo");

  @BeforeAll
  static void indexTheFolder() throws Exception {
    Path folder = Files.createDirectories(tmp.resolve("collection"));
    for (String s : SOUNDS) {
      Files.copy(bind(s + ".ogg"), folder.resolve(s + ".ogg"));
    }
    // One item of three files: flute.png + flute.ogg + flute.txt.
    Files.copy(bind("flute.png"), folder.resolve("flute.png"));
    Files.copy(bind("flute.ogg"), folder.resolve("flute.ogg"));
    Files.writeString(folder.resolve("flute.txt"), "a wooden flute");
    // Without names: these files are named for what they are, and would answer the queries by their names alone.
    collection = IndexedCollection.of(TestModels.bundle("catalog.json"), folder, tmp.resolve("index"), SOUNDS.size() + 1,
        JobOptions.defaults().withNames(false));
    index = collection.index();
  }

  @AfterAll
  static void close() throws Exception {
    collection.close();
  }

  private static Path bind(String file) {
    return TestModels.reference("bind/" + file);
  }

  private static QueryPart file(String name) throws Exception {
    return collection.file(bind(name));
  }

  private static List<String> ids(QueryPart part, Set<String> fields) {
    return collection.ids(part, fields);
  }

  @Test
  void aFolderItemHoldsItsPictureSoundAndCaption() {
    Item flute = index.get("flute.png").orElseThrow();
    assertEquals(Set.of("image", "audio"), flute.files().keySet());
    assertTrue(flute.files().get("audio").endsWith("flute.ogg"));
    assertEquals("a wooden flute", flute.text());
    assertTrue(index.thumbnail("flute.png").isPresent(), "the picture gives the thumbnail");
    Item waves = index.get("sea-waves.ogg").orElseThrow();
    assertEquals(Set.of("audio"), waves.files().keySet());
    assertTrue(index.thumbnail("sea-waves.ogg").isEmpty(), "a sound has no thumbnail");
    assertEquals(List.of("ogg"), waves.metadata().get("audio_format"));
    assertEquals(16000.0, index.get("sea-waves.ogg").orElseThrow().numbers().get("sample_rate"), "the rate as decoded");
    assertTrue(index.get("sea-waves.ogg").orElseThrow().numbers().get("duration") > 0.5);
    assertEquals(List.of("png"), flute.metadata().get("format"), "an item with a picture and a sound has both");
    assertEquals(List.of("ogg"), flute.metadata().get("audio_format"));
    assertEquals(Set.of("bind.audio"), index.state("sea-waves.ogg").orElseThrow().fields(),
        "an uncaptioned sound has only its audio vector");
    // "ocr": its picture was read (the starter bundle reads pictures; a flute has no text, so no clip.ocr).
    assertEquals(Set.of("clip.text", "clip.image", "dino.image", "bind.text", "bind.image", "bind.audio", "palette.image", "text",
        "ocr"), index.state("flute.png").orElseThrow().fields(), "every modality of the item in every space that accepts it");
  }

  @Test
  void textFindsSoundOnlyItems() {
    for (String[] q : new String[][] {{"sea waves on a beach", "sea-waves.ogg"}, {"a bird singing", "bird.ogg"},
        {"a helicopter", "helicopter.ogg"}, {"a telephone ringing", "telephone.ogg"}}) {
      List<String> hits = ids(new QueryPart.Text(q[0], 1), Set.of("bind.audio"));
      assertTrue(hits.subList(0, 3).contains(q[1]), q[0] + " → " + hits);
    }
  }

  @Test
  void aPictureFindsTheSoundOfTheSameThing() throws Exception {
    // Picture → sound meets only in bge's space, through two adapters, and is weak (docs/quality.md:
    // image→audio R@1 0.10, R@10 0.71 on 21 pairs): judged over the pairs, not one by one.
    int inTopThree = 0;
    double rankSum = 0;
    StringBuilder seen = new StringBuilder();
    for (String[] q : new String[][] {{"sea-waves.png", "sea-waves.ogg"}, {"bird.png", "bird.ogg"},
        {"helicopter.png", "helicopter.ogg"}}) {
      List<String> hits = ids(file(q[0]), Set.of("bind.audio"));
      int rank = hits.indexOf(q[1]) + 1;
      assertTrue(rank > 0, q[0] + " → " + hits);
      inTopThree += rank <= 3 ? 1 : 0;
      rankSum += rank;
      seen.append(q[0]).append(" → ").append(hits).append('\n');
    }
    // Seven sounds: a random ranking puts a sound in the top three 3 times in 7, at mean rank 4.
    assertTrue(inTopThree >= 2, seen.toString());
    assertTrue(rankSum / 3 < 3.5, "mean rank " + rankSum / 3 + "\n" + seen);
  }

  @Test
  void anItemWithPictureSoundAndCaptionIsFoundThroughEachModality() throws Exception {
    // Over all fields, in the top three but not always first: a sound-only item can only appear in
    // the audio list, a missing modality is not held against it (coverage scaling), and min-max
    // scaling makes the best of a list 1.0 however weak, so the best audio match of a word or a
    // picture ties an exact caption or picture match.
    List<String> byCaption = ids(new QueryPart.Text("a wooden flute", 1), Set.of());
    assertTrue(byCaption.subList(0, 3).contains("flute.png"), "by its caption: " + byCaption);
    List<String> byPicture = ids(file("flute.png"), Set.of());
    assertTrue(byPicture.subList(0, 3).contains("flute.png"), "by its picture: " + byPicture);
    assertEquals("flute.png", ids(new QueryPart.Text("a wooden flute", 1), Set.of("text", "bind.text")).getFirst(),
        "by its caption, in the caption fields");
    assertEquals("flute.png", ids(file("flute.png"), Set.of("bind.image", "dino.image")).getFirst(),
        "by its picture, in the picture fields");
    assertEquals("flute.png", ids(file("flute.ogg"), Set.of()).getFirst(), "by its sound");
    assertEquals("flute.png", ids(file("flute.ogg"), Set.of("bind.audio")).getFirst(), "by its sound, in the audio field");
  }
}
