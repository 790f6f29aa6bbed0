package dev.mmsearch.index.lucene;

import static dev.mmsearch.index.ItemIndexContractTestCase.MODEL_A;
import static dev.mmsearch.index.ItemIndexContractTestCase.unit;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmsearch.encode.Modality;
import dev.mmsearch.encode.Similarity;
import dev.mmsearch.index.Filter;
import dev.mmsearch.index.Hit;
import dev.mmsearch.index.IndexSchema;
import dev.mmsearch.index.Item;
import dev.mmsearch.index.Moment;
import dev.mmsearch.index.Span;
import dev.mmsearch.index.VectorFieldSpec;
import dev.mmsearch.index.VectorFormat;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Items with moments (videos) in the embedded index: found through their best moment, one hit per
 * item whatever its moments, filtered and excluded as items, replaced and deleted with their item,
 * and never counted or listed as items themselves.
 */
class MomentIndexTest {

  @TempDir
  Path dir;

  private static IndexSchema schema(VectorFormat format) {
    return IndexSchema.of(List.of(VectorFieldSpec.of("clip", Modality.IMAGE, 8, Similarity.COSINE, MODEL_A, format)));
  }

  private static float[] near(float[] v, Random r, double noise) {
    float[] out = v.clone();
    double n = 0;
    for (int i = 0; i < out.length; i++) {
      out[i] += (float) (r.nextGaussian() * noise);
      n += out[i] * out[i];
    }
    for (int i = 0; i < out.length; i++) {
      out[i] /= (float) Math.sqrt(n);
    }
    return out;
  }

  private static Item video(String id, String color, List<float[]> momentVectors, float[] pooled) {
    List<Moment> moments = new ArrayList<>();
    for (int i = 0; i < momentVectors.size(); i++) {
      moments.add(new Moment(i * 4.0, i * 4.0 + 4, Map.of("clip.image", momentVectors.get(i)), new byte[] {(byte) i}));
    }
    return new Item(id, id + ".mp4", "h-" + id, "", Map.of(), Map.of("color", List.of(color)),
        Map.of("clip.image", pooled), new byte[] {9}, Map.of("video", id + ".mp4"), Map.of(), Map.of(), moments);
  }

  @ParameterizedTest
  @EnumSource(value = VectorFormat.class, names = {"HNSW", "INT8"})
  void aVideoIsFoundThroughItsBestMomentOncePerItem(VectorFormat format) throws Exception {
    Random r = new Random(7);
    float[] target = unit(r, 8);
    try (LuceneItemIndex index = LuceneItemIndex.openForWriting(dir, schema(format))) {
      for (int i = 0; i < 40; i++) {
        index.upsert(new Item("p" + i, "", "", "", Map.of(), Map.of("color", List.of("red")),
            Map.of("clip.image", unit(r, 8)), null, Map.of(), Map.of()));
      }
      // The target is the third moment of v1; its pooled vector is elsewhere.
      index.upsert(video("v1", "blue", List.of(unit(r, 8), unit(r, 8), near(target, r, 0.01), unit(r, 8)), unit(r, 8)));
      // v2 has two moments near the target, less near than v1's.
      index.upsert(video("v2", "red", List.of(near(target, r, 0.3), near(target, r, 0.3)), unit(r, 8)));
      index.commit(Map.of());

      List<Hit> hits = index.knn("clip.image", target, 10, Filter.NONE);
      assertEquals("v1", hits.getFirst().id());
      assertTrue(hits.getFirst().score() > 0.99, "the moment's similarity, not the pooled vector's: " + hits.getFirst());
      assertEquals(new Span(2, 8.0, 12.0), hits.getFirst().span());
      assertEquals(hits.size(), hits.stream().map(Hit::id).distinct().count(), "one hit per item: " + hits);
      assertTrue(hits.stream().anyMatch(h -> h.id().equals("v2")));
      assertTrue(hits.stream().filter(h -> h.id().startsWith("p")).allMatch(h -> h.span() == null));
      assertEquals(Set.of("clip.image"), hits.getFirst().fields());

      // Filters and exclusions apply to items, so to their moments.
      Filter red = new Filter(Map.of("color", Set.of("red")), Set.of(), Map.of(), null);
      assertFalse(index.knn("clip.image", target, 10, red).stream().anyMatch(h -> h.id().equals("v1")));
      assertEquals("v2", index.knn("clip.image", target, 50, red).stream().filter(h -> h.span() != null).findFirst()
          .orElseThrow().id());
      assertFalse(index.knn("clip.image", target, 10, Filter.NONE.excluding("v1")).stream().anyMatch(h -> h.id().equals("v1")));

      // Moments are not items.
      assertEquals(42, index.stats().items());
      List<String> listed = new ArrayList<>();
      index.forEachItem((id, source) -> listed.add(id));
      assertEquals(42, listed.size());
      assertEquals(List.of(new Moment(0, 4), new Moment(4, 8), new Moment(8, 12), new Moment(12, 16)),
          index.get("v1").orElseThrow().moments());
      assertArrayEquals(new byte[] {2}, index.momentThumbnail("v1", 2).orElseThrow());
      assertTrue(index.momentThumbnail("v1", 7).isEmpty());
      Map<String, List<Moment>> withVectors = index.moments(List.of("v1", "p3", "v2"), List.of("clip.image"));
      assertEquals(Set.of("v1", "v2"), withVectors.keySet());
      assertEquals(4, withVectors.get("v1").size());
      assertTrue(withVectors.get("v1").get(2).vectors().get("clip.image")[0] != 0);

      // Re-indexing a changed video replaces its moments; deleting removes them.
      index.upsert(video("v1", "blue", List.of(unit(r, 8)), unit(r, 8)));
      index.commit(Map.of());
      assertEquals(1, index.get("v1").orElseThrow().moments().size());
      assertEquals(1, index.moments(List.of("v1"), List.of("clip.image")).get("v1").size());
      assertTrue(index.knn("clip.image", target, 5, Filter.NONE).stream().noneMatch(h -> h.id().equals("v1") && h.score() > 0.99));
      index.upsert(new Item("v2", "", "", "", Map.of(), Map.of(), Map.of("clip.image", unit(r, 8)), null, Map.of(), Map.of()));
      index.delete("v1");
      index.commit(Map.of());
      assertTrue(index.moments(List.of("v1", "v2"), List.of("clip.image")).isEmpty(), "moments go with their item");
      assertEquals(41, index.stats().items());
      assertNull(index.knn("clip.image", target, 50, Filter.NONE).stream().filter(h -> h.span() != null).findFirst().orElse(null));
      index.forceMerge(1);
      assertEquals(41, index.stats().items());
    }
  }
}
