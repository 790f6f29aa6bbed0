package dev.mmsearch.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The mixed benchmark's metrics on rankings whose figures are worked out by hand in the comments. */
class MixedMetricsTest {

  private static final double EPS = 1e-9;

  private static double log2(double x) {
    return Math.log(x) / Math.log(2);
  }

  @Test
  void ndcgOfAPerfectRankingIsOne() {
    // Both relevant items first: DCG = 1/log2(2) + 1/log2(3) = the ideal DCG.
    assertEquals(1.0, MixedMetrics.ndcg(List.of("a", "b", "x", "y"), Set.of("a", "b"), 10), EPS);
  }

  @Test
  void ndcgDiscountsByRank() {
    // Relevant {a, b}; ranking x a y b: gains at ranks 2 and 4.
    // DCG = 1/log2(3) + 1/log2(5) = 0.630930 + 0.430677 = 1.061606
    // IDCG (two relevant) = 1/log2(2) + 1/log2(3) = 1 + 0.630930 = 1.630930
    // nDCG = 1.061606 / 1.630930 = 0.650920
    double expected = (1 / log2(3) + 1 / log2(5)) / (1 + 1 / log2(3));
    assertEquals(expected, MixedMetrics.ndcg(List.of("x", "a", "y", "b"), Set.of("a", "b"), 10), EPS);
    assertEquals(0.650920, MixedMetrics.ndcg(List.of("x", "a", "y", "b"), Set.of("a", "b"), 10), 1e-6);
  }

  @Test
  void ndcgCountsOnlyTheFirstKAndCapsTheIdealAtK() {
    // k = 2, relevant {a, b, c}: ranking x a | b ... -> DCG = 1/log2(3); IDCG = 1 + 1/log2(3) (only two ranks).
    assertEquals((1 / log2(3)) / (1 + 1 / log2(3)), MixedMetrics.ndcg(List.of("x", "a", "b"), Set.of("a", "b", "c"), 2), EPS);
    // A relevant item past k adds nothing; none in the first k is 0.
    assertEquals(0.0, MixedMetrics.ndcg(List.of("x", "y", "a"), Set.of("a"), 2), EPS);
    // Twelve relevant items, all in the first ten: perfect, though two are missing (the ideal has only ten ranks).
    List<String> ranking = List.of("r0", "r1", "r2", "r3", "r4", "r5", "r6", "r7", "r8", "r9");
    Set<String> relevant = Set.of("r0", "r1", "r2", "r3", "r4", "r5", "r6", "r7", "r8", "r9", "r10", "r11");
    assertEquals(1.0, MixedMetrics.ndcg(ranking, relevant, 10), EPS);
  }

  @Test
  void ndcgOfAShortRankingAndItsErrors() {
    // Fewer results than k: ranking [a] with relevant {a, b} -> 1 / (1 + 1/log2(3)) = 0.613147
    assertEquals(1 / (1 + 1 / log2(3)), MixedMetrics.ndcg(List.of("a"), Set.of("a", "b"), 10), EPS);
    assertEquals(0.0, MixedMetrics.ndcg(List.of(), Set.of("a"), 10), EPS);
    assertEquals("nDCG needs at least one relevant item, got none",
        assertThrows(IllegalArgumentException.class, () -> MixedMetrics.ndcg(List.of("a"), Set.of(), 10)).getMessage());
    assertEquals("k must be at least 1, got: 0",
        assertThrows(IllegalArgumentException.class, () -> MixedMetrics.ndcg(List.of("a"), Set.of("a"), 0)).getMessage());
  }

  @Test
  void recallIsTheShareOfTargetsInTheFirstK() {
    // Targets {a, b, c}; a and c in the first 3, b at rank 4: 2/3 at k 3, 1 at k 4.
    List<String> ranking = List.of("a", "x", "c", "b");
    assertEquals(2.0 / 3, MixedMetrics.recall(ranking, Set.of("a", "b", "c"), 3), EPS);
    assertEquals(1.0, MixedMetrics.recall(ranking, Set.of("a", "b", "c"), 4), EPS);
    assertEquals(0.0, MixedMetrics.recall(List.of(), Set.of("a"), 10), EPS);
    assertThrows(IllegalArgumentException.class, () -> MixedMetrics.recall(ranking, Set.of(), 10));
  }

  @Test
  void exactAt1LooksAtTheFirstItemOnly() {
    assertEquals(1.0, MixedMetrics.exactAt1(List.of("cap", "x"), "cap"), EPS);
    assertEquals(0.0, MixedMetrics.exactAt1(List.of("x", "cap"), "cap"), EPS);
    assertEquals(0.0, MixedMetrics.exactAt1(List.of(), "cap"), EPS);
  }

  @Test
  void intrusionCountsItemsWithNoneOfTheRelevantMedia() {
    Map<String, Set<String>> media = Map.of(
        "p1", Set.of("image"), "p2", Set.of("image"),
        "s1", Set.of("audio"), "s2", Set.of("audio"), "s3", Set.of("audio"),
        "ps", Set.of("image", "audio"));
    // A picture-only label: s1, s2, s3 intrude, ps (picture and sound) does not: 3 of 6.
    List<String> ranking = List.of("s1", "p1", "ps", "s2", "p2", "s3");
    assertEquals(3.0 / 6, MixedMetrics.intrusion(ranking, media, Set.of("image"), 10), EPS);
    // Cut at k = 4: s1, s2 of s1 p1 ps s2 -> 2/4.
    assertEquals(0.5, MixedMetrics.intrusion(ranking, media, Set.of("image"), 4), EPS);
    // A sound-only label: p1 and p2 intrude, ps does not: 2 of 6.
    assertEquals(2.0 / 6, MixedMetrics.intrusion(ranking, media, Set.of("audio"), 10), EPS);
    // Relevant items with both media: nothing can intrude.
    assertEquals(0.0, MixedMetrics.intrusion(ranking, media, Set.of("image", "audio"), 10), EPS);
    // An item the truth does not know has no media, so it intrudes; an empty ranking has no intruders.
    assertEquals(1.0, MixedMetrics.intrusion(List.of("ghost"), media, Set.of("image"), 10), EPS);
    assertEquals(0.0, MixedMetrics.intrusion(List.of(), media, Set.of("image"), 10), EPS);
  }

  @Test
  void intrusionAppliesOnlyWhereSomeMediumHasNoRelevantItem() {
    Set<String> both = Set.of("image", "audio");
    assertTrue(MixedMetrics.intrusionApplies(Set.of("image"), both));
    assertTrue(MixedMetrics.intrusionApplies(Set.of("audio"), both));
    assertFalse(MixedMetrics.intrusionApplies(both, both));
    assertFalse(MixedMetrics.intrusionApplies(Set.of("image"), Set.of("image")));
  }

  @TempDir
  Path tmp;

  @Test
  void truthFileIsReadWithItemsLabelsAndQueries() throws Exception {
    Files.writeString(tmp.resolve("truth.json"), """
        {"version": 1, "collection": "collection", "picturesOnly": "pictures-only",
         "labels": [{"name": "bird", "query": "bird", "media": ["audio", "image"]}],
         "items": [
           {"id": "twemoji/1f426.png", "label": "bird", "media": ["image", "audio"], "caption": "bird. bird",
            "files": [{"modality": "image", "path": "twemoji/1f426.png", "source": "twemoji", "split": "train"},
                      {"modality": "audio", "path": "twemoji/1f426.wav", "source": "gm", "split": "train"}]},
           {"id": "openmoji/1F99C.png", "label": "bird", "media": ["image"], "caption": null,
            "files": [{"modality": "image", "path": "openmoji/1F99C.png", "source": "openmoji", "split": "heldout"}]},
           {"id": "freedesktop/complete.oga", "label": null, "media": ["audio"], "caption": null,
            "files": [{"modality": "audio", "path": "freedesktop/complete.oga", "source": "freedesktop", "split": "never-trained"}]}],
         "queries": [{"type": "text", "label": "bird", "text": "bird"},
                     {"type": "picture", "label": "bird", "image": "collection/openmoji/1F99C.png", "exclude": "openmoji/1F99C.png"},
                     {"type": "caption", "label": "bird", "text": "bird. bird", "expect": "twemoji/1f426.png"}]}
        """);
    MixedTruth truth = MixedTruth.load(tmp);
    assertEquals(tmp.resolve("collection"), truth.collection());
    assertEquals(3, truth.items().size());
    assertEquals(List.of("twemoji/1f426.png", "openmoji/1F99C.png"), truth.itemsOf("bird").stream().map(MixedTruth.Item::id).toList());
    assertEquals("picture+sound", truth.items().get("twemoji/1f426.png").kind());
    assertTrue(truth.items().get("openmoji/1F99C.png").uncaptionedPicture());
    assertFalse(truth.items().get("freedesktop/complete.oga").uncaptionedPicture());
    assertEquals(Set.of("audio", "image"), truth.media());
    assertEquals("openmoji/1F99C.png", truth.queries().get(1).exclude());
    assertEquals(Map.of("picture+sound, captioned", 1, "picture, uncaptioned", 1, "sound, uncaptioned, no label", 1),
        MixedBenchmark.makeUp(truth).get("items"));
  }
}
