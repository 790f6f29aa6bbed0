package dev.mmsearch.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmsearch.catalog.Catalog;
import dev.mmsearch.catalog.Spaces;
import dev.mmsearch.encode.EncoderOptions;
import dev.mmsearch.encode.Modality;
import dev.mmsearch.encode.ModelIdentity;
import dev.mmsearch.encode.Similarity;
import dev.mmsearch.index.Filter;
import dev.mmsearch.index.IndexSchema;
import dev.mmsearch.index.Item;
import dev.mmsearch.index.lucene.LuceneItemIndex;
import dev.mmsearch.index.VectorFieldSpec;
import dev.mmsearch.index.VectorFormat;
import dev.mmsearch.testing.TestModels;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Facet counts on a real index: over listed items (values by count, spans exact), and for a search,
 * the number of results each value gives once it is the filter.
 */
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

  /**
   * 60 pictures, every fifth a jpeg, three from the "north" shop; a text query ranks a window of 10.
   * The window holds few jpegs, but the filter "format: jpeg" runs inside the kNN search and finds
   * 10: the facet says 10, and every value's count is the total its filter gives, with and without
   * a cutoff, next to another filter and to an excluded item.
   */
  @Test
  void aValuesCountIsTheTotalItsFilterGives() throws Exception {
    try (Spaces spaces = Spaces.load(Catalog.load(TestModels.dir().resolve("catalog.json")), EncoderOptions.DEFAULTS);
        LuceneItemIndex index = LuceneItemIndex.openForWriting(dir, spaces.schema())) {
      int dim = spaces.schema().require("clip.image").dimension();
      Random random = new Random(24);
      for (int i = 0; i < 60; i++) {
        float[] v = new float[dim];
        double norm = 0;
        for (int d = 0; d < dim; d++) {
          v[d] = (float) random.nextGaussian();
          norm += v[d] * v[d];
        }
        for (int d = 0; d < dim; d++) {
          v[d] /= (float) Math.sqrt(norm);
        }
        Map<String, List<String>> meta = new HashMap<>();
        meta.put("format", List.of(i % 5 == 0 ? "jpeg" : "png"));
        if (i % 20 == 7) {
          meta.put("shop", List.of("north"));
        }
        index.upsert(new Item("p" + i, "", "h" + i, i % 3 == 0 ? "a photo of thing " + i : "", Map.of(), meta,
            Map.of("clip.image", v), null, Map.of(), Map.of("width", (double) i)));
      }
      index.commit(Map.of());
      Filter jpeg = new Filter(Map.of("format", Set.of("jpeg")), Set.of());
      assertEquals(java.util.OptionalInt.of(12), index.countWithVector("clip.image", jpeg), "the index counts without a search");
      assertEquals(java.util.OptionalInt.of(0), index.countWithVector("clip.text", jpeg));
      assertEquals(java.util.OptionalInt.of(11), index.countWithVector("clip.image", jpeg.excluding("p0")));
      MultimodalSearcher searcher = new MultimodalSearcher(spaces, index);
      for (double minScore : new double[] {Double.NEGATIVE_INFINITY, 0.1}) {
        for (Filter filter : List.of(Filter.NONE, new Filter(Map.of(), Set.of("p0"), Map.of("width", new Filter.Range(5.0, null))))) {
          SearchRequest request = new SearchRequest(List.of(new QueryPart.Text("a photo", 1)), 5, 0, 10, filter, Fusion.DEFAULT,
              minScore, Set.of(), Set.of());
          SearchResult result = searcher.search(request);
          Facets inRanking = Facets.count(index, result.ranking(), 12);
          Facets facets = Facets.count(index, result, 12);
          assertEquals(inRanking.size(), facets.size());
          assertEquals(inRanking.numbers(), facets.numbers(), "spans stay the ranking's");
          for (var keyword : facets.keywords().entrySet()) {
            for (Facets.ValueCount value : keyword.getValue().values()) {
              Map<String, Set<String>> anyOf = new HashMap<>(filter.anyOf());
              anyOf.put(keyword.getKey(), Set.of(value.value()));
              SearchResult ticked = searcher.search(new SearchRequest(request.parts(), 5, 0, 10,
                  new Filter(anyOf, filter.excludeIds(), filter.ranges()), Fusion.DEFAULT, minScore, Set.of(), Set.of()));
              assertEquals(ticked.total(), value.count(), keyword.getKey() + ": " + value.value() + " with minScore " + minScore
                  + " and " + filter);
            }
          }
          if (minScore == Double.NEGATIVE_INFINITY) {
            int jpegsInWindow = inRanking.keywords().get("format").values().stream()
                .filter(v -> v.value().equals("jpeg")).mapToInt(Facets.ValueCount::count).sum();
            assertTrue(jpegsInWindow < 10, "the window holds few jpegs: " + jpegsInWindow);
            assertTrue(facets.keywords().get("format").values().contains(new Facets.ValueCount("jpeg", 10)), facets.toString());
            assertTrue(facets.keywords().get("format").values().contains(new Facets.ValueCount("png", 10)), facets.toString());
          }
        }
      }
    }
  }
}
