package dev.mmsearch.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmsearch.catalog.Catalog;
import dev.mmsearch.catalog.Spaces;
import dev.mmsearch.encode.EncoderOptions;
import dev.mmsearch.index.Filter;
import dev.mmsearch.index.Item;
import dev.mmsearch.index.lucene.LuceneItemIndex;
import dev.mmsearch.testing.TestModels;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Collapsing groups before paging: 60 pictures, every item with an index divisible by 3 a copy of
 * the one before it (20 groups of two); a text query pages through a window of 40 five at a time.
 * No page overlaps another, no group shows twice, every page reports the same total, and the total
 * is the number of groups and lone items in the uncollapsed window.
 */
class CollapseTest {

  @TempDir
  Path dir;

  @Test
  void collapsedPagesNeverOverlapAndTheTotalCountsGroups() throws Exception {
    try (Spaces spaces = Spaces.load(Catalog.load(TestModels.dir().resolve("catalog.json")), EncoderOptions.DEFAULTS);
        LuceneItemIndex index = LuceneItemIndex.openForWriting(dir, spaces.schema())) {
      int dim = spaces.schema().require("clip.image").dimension();
      Random random = new Random(28);
      float[] last = null;
      for (int i = 0; i < 60; i++) {
        float[] v = new float[dim];
        double norm = 0;
        for (int d = 0; d < dim; d++) {
          v[d] = (float) ((i % 3 == 0 && last != null ? last[d] * 8 : 0) + random.nextGaussian());
          norm += v[d] * v[d];
        }
        for (int d = 0; d < dim; d++) {
          v[d] /= (float) Math.sqrt(norm);
        }
        last = v;
        index.upsert(new Item("p" + i, "", "h" + i, "", Map.of(), Map.of(), Map.of("clip.image", v)));
      }
      index.commit(Map.of());
      Collapse pairs = id -> {
        int i = Integer.parseInt(id.substring(1));
        return i % 3 == 0 && i > 0 ? "g" + i : i % 3 == 2 ? "g" + (i + 1) : null;
      };
      MultimodalSearcher searcher = new MultimodalSearcher(spaces, index);
      QueryPart query = new QueryPart.Text("a photo", 1);
      SearchResult whole = searcher.search(new SearchRequest(List.of(query), 40, 0, 40, Filter.NONE, Fusion.DEFAULT,
          Double.NEGATIVE_INFINITY, Set.of(), Set.of("clip.image"), null));
      Set<String> groupsAndLoners = new LinkedHashSet<>();
      for (String id : whole.ranking()) {
        groupsAndLoners.add(pairs.groupOf(id) == null ? id : pairs.groupOf(id));
      }
      assertTrue(groupsAndLoners.size() < whole.ranking().size(), "the window holds both members of some group");
      List<String> seen = new ArrayList<>();
      Set<String> groupsSeen = new HashSet<>();
      for (int offset = 0; offset < 40; offset += 5) {
        SearchResult page = searcher.search(new SearchRequest(List.of(query), 5, offset, 40, Filter.NONE, Fusion.DEFAULT,
            Double.NEGATIVE_INFINITY, Set.of(), Set.of("clip.image"), null, pairs));
        assertEquals(groupsAndLoners.size(), page.total(), "every page reports the collapsed total");
        for (SearchHit h : page.hits()) {
          assertTrue(!seen.contains(h.item().id()), h.item().id() + " on two pages");
          seen.add(h.item().id());
          String g = pairs.groupOf(h.item().id());
          assertTrue(g == null || groupsSeen.add(g), "group " + g + " shown twice");
        }
      }
      assertEquals(groupsAndLoners.size(), seen.size(), "the pages together hold every group once and every loner");
      // The best-ranked member stands for its group.
      for (String id : seen) {
        String g = pairs.groupOf(id);
        if (g != null) {
          String first = whole.ranking().stream().filter(x -> g.equals(pairs.groupOf(x))).findFirst().orElseThrow();
          assertEquals(first, id);
        }
      }
    }
  }
}
