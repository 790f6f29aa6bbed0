package dev.mmsearch.dup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmsearch.derive.ContentDigest;
import dev.mmsearch.derive.PictureSignature;
import dev.mmsearch.encode.Modality;
import dev.mmsearch.encode.ModelIdentity;
import dev.mmsearch.encode.Similarity;
import dev.mmsearch.index.IndexSchema;
import dev.mmsearch.index.Item;
import dev.mmsearch.index.VectorFieldSpec;
import dev.mmsearch.index.VectorFormat;
import dev.mmsearch.index.lucene.LuceneItemIndex;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The self-join on a small index with known signatures: an original, an exact copy (same digest),
 * near copies a few bits off, a burst shot beyond the near threshold but close in the visual
 * field, and 40 unrelated pictures. Each level groups what it promises and nothing else.
 */
class DuplicateFinderTest {

  @TempDir
  Path dir;

  private static final ModelIdentity SIG = new ModelIdentity("picture-signature", "a".repeat(64));
  private static final ModelIdentity DINO = new ModelIdentity("dino", "b".repeat(64));

  private static PictureSignature flipped(PictureSignature s, int bits, Random r) {
    long p = s.phash();
    long d = s.dhash();
    Set<Integer> flips = new java.util.HashSet<>();
    while (flips.size() < bits) {
      flips.add(r.nextInt(128));
    }
    for (int f : flips) {
      if (f < 64) {
        p ^= 1L << f;
      } else {
        d ^= 1L << (f - 64);
      }
    }
    return new PictureSignature(p, d);
  }

  private static float[] unit(Random r, float[] near, double noise) {
    float[] v = new float[16];
    double norm = 0;
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) ((near == null ? 0 : near[i]) + noise * r.nextGaussian());
      norm += v[i] * v[i];
    }
    for (int i = 0; i < v.length; i++) {
      v[i] /= (float) Math.sqrt(norm);
    }
    return v;
  }

  private static Item item(String id, PictureSignature s, float[] dino, String digest, double width, double sharpness) {
    return new Item(id, id, "h" + id, "", Map.of(), Map.of(ContentDigest.KEY, List.of(digest)),
        Map.of("signature.image", s.vector(), "dino.image", dino), null, Map.of(),
        Map.of("width", width, "height", width, "sharpness", sharpness));
  }

  private LuceneItemIndex index() throws Exception {
    IndexSchema schema = IndexSchema.of(List.of(
        VectorFieldSpec.of("signature", Modality.IMAGE, PictureSignature.BITS, Similarity.COSINE, SIG, VectorFormat.HNSW),
        VectorFieldSpec.of("dino", Modality.IMAGE, 16, Similarity.COSINE, DINO, VectorFormat.HNSW)));
    LuceneItemIndex ix = LuceneItemIndex.openForWriting(dir, schema);
    Random r = new Random(28);
    PictureSignature original = new PictureSignature(r.nextLong(), r.nextLong());
    float[] scene = unit(r, null, 1);
    ix.upsert(item("original", original, scene, "image:1", 1024, 10));
    ix.upsert(item("exact-copy", original, scene, "image:1", 1024, 10));
    ix.upsert(item("small-copy", flipped(original, 10, r), unit(r, scene, 0.02), "image:2", 256, 12));
    ix.upsert(item("jpeg-copy", flipped(original, Thresholds.DEFAULTS.pictureBits(), r), unit(r, scene, 0.02), "image:3", 1024, 6));
    ix.upsert(item("burst", flipped(original, Thresholds.DEFAULTS.pictureBits() + 8, r), unit(r, scene, 0.05), "image:4", 1024, 10));
    for (int i = 0; i < 40; i++) {
      ix.upsert(item(String.format("other-%02d", i), new PictureSignature(r.nextLong(), r.nextLong()), unit(r, null, 1),
          "image:o" + i, 800, 5));
    }
    ix.commit(Map.of());
    return ix;
  }

  private static Set<Set<String>> sets(DuplicateGroups g) {
    return g.groups().stream().map(x -> Set.copyOf(x.members())).collect(Collectors.toSet());
  }

  @Test
  void eachLevelGroupsWhatItPromises() throws Exception {
    try (LuceneItemIndex ix = index()) {
      DuplicateFinder finder = new DuplicateFinder(ix, Thresholds.DEFAULTS.withSimilar("dino.image", 0.95));
      assertEquals(Set.of(Set.of("original", "exact-copy")), sets(finder.find(DuplicateLevel.EXACT, n -> {})));
      DuplicateGroups near = finder.find(DuplicateLevel.NEAR, n -> {});
      assertEquals(Set.of(Set.of("original", "exact-copy", "small-copy", "jpeg-copy")), sets(near));
      assertEquals(Set.of(Set.of("original", "exact-copy", "small-copy", "jpeg-copy", "burst")),
          sets(finder.find(DuplicateLevel.SIMILAR, n -> {})));
      // 1024² beats 256²; of the three at 1024², "exact-copy" and "original" are sharper than "jpeg-copy" and tie: first by id.
      KeepSuggestion keep = near.groups().getFirst().keep();
      assertEquals("exact-copy", keep.id());
      assertEquals("largest: 1024 × 1024 px (next: 256 × 256 px); sharpest: sharpness 10 (next: sharpness 6); then the first by id",
          keep.reason());
      assertEquals(4L, near.summary().get("itemsInGroups"));
    }
  }

  @Test
  void groupsSurviveTheirFile() throws Exception {
    try (LuceneItemIndex ix = index()) {
      DuplicateGroups near = new DuplicateFinder(ix, Thresholds.DEFAULTS).find(DuplicateLevel.NEAR, n -> {});
      near.write(dir.resolve("dup"));
      DuplicateGroups read = DuplicateGroups.read(dir.resolve("dup"), DuplicateLevel.NEAR).orElseThrow();
      assertEquals(near.groups(), read.groups());
      assertEquals(near.groups().getFirst(), read.byMember().get("jpeg-copy"));
      assertTrue(DuplicateGroups.read(dir.resolve("dup"), DuplicateLevel.EXACT).isEmpty());
    }
  }

  @Test
  void anIndexWithoutSignaturesSaysWhatToAdd() throws Exception {
    IndexSchema schema = IndexSchema.of(List.of(VectorFieldSpec.of("dino", Modality.IMAGE, 16, Similarity.COSINE, DINO,
        VectorFormat.HNSW)));
    try (LuceneItemIndex ix = LuceneItemIndex.openForWriting(dir, schema)) {
      ix.commit(Map.of());
      var e = assertThrows(IllegalArgumentException.class,
          () -> new DuplicateFinder(ix, Thresholds.DEFAULTS).find(DuplicateLevel.NEAR, n -> {}));
      assertTrue(e.getMessage().contains("\"signature\": {\"derived\": \"signature\"}"), e.getMessage());
      assertEquals(0, new DuplicateFinder(ix, Thresholds.DEFAULTS).find(DuplicateLevel.EXACT, n -> {}).groups().size());
      assertThrows(IllegalArgumentException.class, () -> DuplicateLevel.fromString("nearly"));
    }
  }

  @Test
  void keepPrefersMorePixelsAndSaysBy() {
    Item big = new Item("b", "", "", "", Map.of(), Map.of(), Map.of(), null, Map.of(), Map.of("width", 2000.0, "height", 1000.0));
    Item small = new Item("a", "", "", "", Map.of(), Map.of(), Map.of(), null, Map.of(), Map.of("width", 500.0, "height", 250.0));
    assertEquals(new KeepSuggestion("b", "largest: 2000 × 1000 px (next: 500 × 250 px)"), KeepSuggestion.choose(List.of(small, big)));
    Map<String, Double> old = new HashMap<>(Map.of("width", 100.0, "height", 100.0, "taken", 1.0e9));
    Item older = new Item("z", "", "", "", Map.of(), Map.of(), Map.of(), null, Map.of(), old);
    Item newer = new Item("y", "", "", "", Map.of(), Map.of(), Map.of(), null, Map.of(),
        Map.of("width", 100.0, "height", 100.0, "taken", 1.5e9));
    assertEquals("z", KeepSuggestion.choose(List.of(newer, older)).id());
    assertTrue(KeepSuggestion.choose(List.of(newer, older)).reason().startsWith("oldest: taken 2001-09-09 01:46:40"));
  }
}
