package dev.mmsearch.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.mmsearch.encode.Modality;
import dev.mmsearch.encode.ModelIdentity;
import dev.mmsearch.encode.Similarity;
import dev.mmsearch.index.IndexSchema;
import dev.mmsearch.index.Item;
import dev.mmsearch.index.LuceneItemIndex;
import dev.mmsearch.index.VectorFieldSpec;
import dev.mmsearch.index.VectorFormat;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Facet counts over a ranking, on a real index: only the listed items count, values by count, spans exact. */
class FacetsTest {

  @TempDir
  Path dir;

  private static Item item(String id, Map<String, List<String>> meta, Map<String, Double> numbers) {
    return new Item(id, "", "h" + id, "", Map.of(), meta, Map.of(), null, Map.of(), numbers);
  }

  @Test
  void countsKeywordValuesAndNumberSpansOverTheListedItemsOnly() throws Exception {
    IndexSchema schema = IndexSchema.of(List.of(VectorFieldSpec.of("clip", Modality.IMAGE, 4, Similarity.COSINE,
        new ModelIdentity("m", "a".repeat(64)), VectorFormat.HNSW)));
    try (LuceneItemIndex index = LuceneItemIndex.openForWriting(dir, schema)) {
      index.upsert(item("a", Map.of("shop", List.of("north"), "tag", List.of("red", "round", "red")), Map.of("width", 100.0)));
      index.upsert(item("b", Map.of("shop", List.of("south"), "tag", List.of("red")), Map.of("width", 40.0, "height", 7.0)));
      index.upsert(item("c", Map.of("shop", List.of("north")), Map.of("width", 640.0)));
      index.upsert(item("outside", Map.of("shop", List.of("east")), Map.of("width", 9999.0)));
      index.commit(Map.of());

      Facets f = Facets.count(index, List.of("a", "b", "c", "gone"), Facets.DEFAULT_MAX_VALUES);

      assertEquals(3, f.size(), "an id no longer in the index is skipped");
      assertEquals(List.of(new Facets.ValueCount("north", 2), new Facets.ValueCount("south", 1)), f.keywords().get("shop").values());
      // "red" twice in one item counts once; ties in count are ordered by value.
      assertEquals(List.of(new Facets.ValueCount("red", 2), new Facets.ValueCount("round", 1)), f.keywords().get("tag").values());
      assertEquals(new Facets.NumberSpan(40, 640, 3), f.numbers().get("width"));
      assertEquals(new Facets.NumberSpan(7, 7, 1), f.numbers().get("height"));

      Facets cut = Facets.count(index, List.of("a", "b", "c", "outside"), 1);
      assertEquals(List.of(new Facets.ValueCount("north", 2)), cut.keywords().get("shop").values());
      assertEquals(3, cut.keywords().get("shop").distinct(), "distinct says how many values there were before the cut");
      assertThrows(IllegalArgumentException.class, () -> Facets.count(index, List.of(), 0));
      // A value no filter could name is not counted.
      index.upsert(item("long", Map.of("shop", List.of("x".repeat(dev.mmsearch.index.Filter.MAX_VALUE_CHARS + 1))), Map.of()));
      index.commit(Map.of());
      assertEquals(0, Facets.count(index, List.of("long"), 5).keywords().get("shop").distinct());
      assertEquals(0, Facets.count(index, List.of(), 5).size());
    }
  }
}
