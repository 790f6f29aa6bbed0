package dev.mmsearch.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmsearch.index.Filter;
import dev.mmsearch.index.Item;
import dev.mmsearch.index.Moment;
import dev.mmsearch.query.Contribution;
import dev.mmsearch.query.Fusion;
import dev.mmsearch.query.MomentHit;
import dev.mmsearch.query.QueryPart;
import dev.mmsearch.query.SearchHit;
import dev.mmsearch.query.SearchRequest;
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
 * Videos among pictures and sounds, end to end with the starter bundle: a real folder with two
 * videos cut from the bind pictures and sounds (models/test/reference/video, three 4-second shots
 * each), two pictures and two sounds, indexed by the real indexer; a caption of one shot, the same
 * shot's picture and its sound each find the video and land in that shot.
 *
 * <p>Six items are too few to measure a calibration (the index falls back to each list's own
 * statistics, docs/architecture.md, Scoring), and with so few hits every list's evidence is below
 * chance, so the fusion then follows the single strongest list, cross-modal ones included (a
 * word against the sounds). The caption and the picture are therefore judged in the picture fields;
 * the sound in all fields. docs/quality.md measures all fields on a calibrated collection.
 */
class BundleVideoSearchTest {

  @TempDir
  static Path tmp;

  private static IndexedCollection collection;

  @BeforeAll
  static void indexTheFolder() throws Exception {
    Path folder = Files.createDirectories(tmp.resolve("collection"));
    for (String v : List.of("walk.mp4", "music.mp4")) {
      Files.copy(TestModels.reference("video/" + v), folder.resolve(v));
    }
    Files.copy(TestModels.reference("bind/flute.png"), folder.resolve("wooden-thing.png"));
    Files.copy(TestModels.reference("photo.png"), folder.resolve("shapes.png"));
    Files.copy(TestModels.reference("bind/telephone.ogg"), folder.resolve("ring.ogg"));
    Files.copy(TestModels.reference("bind/sea-waves.ogg"), folder.resolve("surf.ogg"));
    // Without names: "walk" and "music" would otherwise answer some queries by name alone.
    collection = IndexedCollection.of(TestModels.bundle("catalog.json"), folder, tmp.resolve("index"), 6,
        JobOptions.defaults().withNames(false));
  }

  @AfterAll
  static void close() throws Exception {
    collection.close();
  }

  private static List<SearchHit> search(QueryPart part, Set<String> fields) {
    return collection.searcher().search(new SearchRequest(List.of(part), 10, 0, 0, Filter.NONE, Fusion.DEFAULT,
        Double.NEGATIVE_INFINITY, Set.of(), fields)).hits();
  }

  private static SearchHit hit(List<SearchHit> hits, String id) {
    return hits.stream().filter(h -> h.item().id().equals(id)).findFirst()
        .orElseThrow(() -> new AssertionError(id + " not among " + hits.stream().map(h -> h.item().id()).toList()));
  }

  /** The best moment of the hit overlaps the shot [start, end) by at least half the moment. */
  private static void landsIn(SearchHit hit, double start, double end, String what) {
    assertFalse(hit.moments().isEmpty(), what + ": no moments named");
    MomentHit best = hit.moments().getFirst();
    double overlap = Math.min(end, best.span().end()) - Math.max(start, best.span().start());
    assertTrue(overlap >= 0.5 * (best.span().end() - best.span().start()), what + ": best moment " + best + " is not in "
        + start + ".." + end + " (moments " + hit.moments() + ")");
  }

  @Test
  void aVideoIsCutIntoItsShotsAndIndexedInEveryPictureAndSoundSpace() {
    Item walk = collection.index().get("walk.mp4").orElseThrow();
    List<Moment> moments = walk.moments();
    assertEquals(3, moments.size(), "three shots: " + moments);
    for (int i = 0; i < 3; i++) {
      assertEquals(4.0 * i, moments.get(i).start(), 0.6, "shot " + i + ": " + moments);
      assertEquals(4.0 * (i + 1), moments.get(i).end(), 0.6, "shot " + i + ": " + moments);
    }
    assertEquals(Set.of("video"), walk.files().keySet());
    assertEquals(List.of("video"), walk.metadata().get("modality"));
    assertEquals(12.0, walk.numbers().get("duration"), 0.2);
    assertEquals(List.of("mp4"), walk.metadata().get("video_format"));
    assertTrue(collection.index().thumbnail("walk.mp4").isPresent(), "a poster");
    assertTrue(collection.index().momentThumbnail("walk.mp4", 2).isPresent(), "a preview per moment");
    assertEquals(Set.of("clip.image", "dino.image", "bind.image", "bind.audio", "palette.image"),
        collection.index().state("walk.mp4").orElseThrow().fields(), "frames in every picture space, sound in the audio one");
  }

  @Test
  void aCaptionOfOneShotFindsTheVideoInThatShot() {
    Set<String> pictures = Set.of("clip.image", "bind.image");
    List<SearchHit> hits = search(new QueryPart.Text("a helicopter", 1), pictures);
    SearchHit walk = hit(hits.subList(0, 3), "walk.mp4");
    landsIn(walk, 8, 12, "\"a helicopter\"");
    assertTrue(walk.explanation().stream().map(Contribution::span).anyMatch(s -> s != null && s.start() >= 7.5),
        "the explanation names the moment: " + walk.explanation());
    landsIn(hit(search(new QueryPart.Text("a flute", 1), pictures).subList(0, 3), "music.mp4"), 0, 4, "\"a flute\"");
  }

  @Test
  void theShotsPictureAndSoundFindItToo() throws Exception {
    SearchHit byPicture = hit(search(collection.file(TestModels.reference("bind/helicopter.png")),
        Set.of("clip.image", "dino.image", "bind.image")).subList(0, 1), "walk.mp4");
    landsIn(byPicture, 8, 12, "helicopter.png");
    SearchHit bySound = hit(search(collection.file(TestModels.reference("bind/bird.ogg")), Set.of()).subList(0, 1), "walk.mp4");
    landsIn(bySound, 4, 8, "bird.ogg");
  }

  @Test
  void aVideoFindsTheVideo() throws Exception {
    List<SearchHit> hits = search(collection.file(TestModels.reference("video/music.mp4")), Set.of());
    assertEquals("music.mp4", hits.getFirst().item().id(), hits.stream().map(h -> h.item().id()).toList().toString());
  }
}
