package dev.mmsearch.index;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmsearch.encode.Modality;
import dev.mmsearch.encode.ModelIdentity;
import dev.mmsearch.encode.Similarity;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * What every {@link ItemIndex} backend must do alike: each test opens a fresh, empty index from
 * {@link #newBackend}. The embedded index ({@link LuceneItemIndexTest}) and the SolrCloud collection
 * ({@code SolrItemIndexTest}) run the same tests.
 */
public abstract class ItemIndexContractTestCase {

  /** The backend of the running test: a new, empty index. */
  protected IndexBackend backend;

  /** A backend for a new, empty index; {@code name} is unique per test. */
  protected abstract IndexBackend newBackend(String name) throws Exception;

  @BeforeEach
  void openBackend(TestInfo info) throws Exception {
    backend = newBackend(info.getTestMethod().orElseThrow().getName() + "-" + info.getDisplayName());
  }

  public static final ModelIdentity MODEL_A = new ModelIdentity("model-a", "a".repeat(64));
  public static final ModelIdentity MODEL_B = new ModelIdentity("model-b", "b".repeat(64));

  protected static IndexSchema schema(ModelIdentity model, VectorFormat format) {
    return IndexSchema.of(List.of(
        VectorFieldSpec.of("clip", Modality.IMAGE, 8, Similarity.COSINE, model, format),
        VectorFieldSpec.of("clip", Modality.TEXT, 8, Similarity.COSINE, model, format)));
  }

  /** A random unit vector. */
  public static float[] unit(Random r, int dim) {
    float[] v = new float[dim];
    double n = 0;
    for (int i = 0; i < dim; i++) {
      v[i] = (float) r.nextGaussian();
      n += v[i] * v[i];
    }
    for (int i = 0; i < dim; i++) {
      v[i] /= (float) Math.sqrt(n);
    }
    return v;
  }

  protected static Item item(String id, String text, Map<String, List<String>> meta, Map<String, float[]> vectors) {
    return new Item(id, "photos/" + id + ".jpg", "hash-" + id, text, Map.of("title", "Title " + id), meta, vectors);
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.EnumSource(VectorFormat.class)
  void aFilterNothingPassesGivesNoHitsInEveryFormat(VectorFormat format) throws Exception {
    Random r = new Random(11);
    try (ItemIndex index = backend.openForWriting(schema(MODEL_A, format))) {
      for (int i = 0; i < 20; i++) {
        index.upsert(item("item-" + i, "", Map.of("shop", List.of("north")), Map.of("clip.image", unit(r, 8))));
      }
      index.commit(Map.of());
      Filter none = new Filter(Map.of("shop", Set.of("nowhere")), Set.of());
      assertEquals(List.of(), index.knn("clip.image", unit(r, 8), 10, none));
      assertEquals(10, index.knn("clip.image", unit(r, 8), 10, Filter.NONE).size());
      Filter everyone = new Filter(Map.of(), Set.of("item-0", "item-1", "item-2", "item-3", "item-4", "item-5", "item-6",
          "item-7", "item-8", "item-9", "item-10", "item-11", "item-12", "item-13", "item-14", "item-15", "item-16",
          "item-17", "item-18", "item-19"));
      assertEquals(List.of(), index.knn("clip.image", unit(r, 8), 10, everyone));
    }
  }

  /**
   * A video's moments: every backend keeps their times with the item and finds the item by its own
   * vector; one that searches moments also finds it through its best moment and names it, and a
   * re-indexed video's moments replace the old ones. A cluster does not search moments (the
   * documented fallback, docs/scale-out.md): there the item is found by its own vector only.
   */
  @Test
  void anItemWithMomentsKeepsTheirTimesAndIsFoundThroughThem() throws Exception {
    Random r = new Random(13);
    float[] shot = unit(r, 8);
    float[] pooled = unit(r, 8);
    List<Moment> moments = List.of(new Moment(0, 2.5, Map.of("clip.image", unit(r, 8)), new byte[] {1}),
        new Moment(2.5, 6, Map.of("clip.image", shot), new byte[] {2}));
    try (ItemIndex index = backend.openForWriting(schema(MODEL_A, VectorFormat.HNSW))) {
      for (int i = 0; i < 10; i++) {
        index.upsert(item("p" + i, "", Map.of(), Map.of("clip.image", unit(r, 8))));
      }
      index.upsert(new Item("v", "clips/v.mp4", "hv", "", Map.of(), Map.of(), Map.of("clip.image", pooled), new byte[] {3},
          Map.of("video", "clips/v.mp4"), Map.of(), Map.of(), moments));
      index.commit(Map.of());
      assertEquals(List.of(new Moment(0, 2.5), new Moment(2.5, 6)), index.get("v").orElseThrow().moments());
      assertEquals(11, index.stats().items());
      Hit byPooled = index.knn("clip.image", pooled, 3, Filter.NONE).getFirst();
      assertEquals("v", byPooled.id());
      if (index.searchesMoments()) {
        Hit byShot = index.knn("clip.image", shot, 3, Filter.NONE).getFirst();
        assertEquals("v", byShot.id());
        assertEquals(new Span(1, 2.5, 6), byShot.span());
        assertEquals(2, index.moments(List.of("v"), List.of("clip.image")).get("v").size());
        assertTrue(java.util.Arrays.equals(new byte[] {2}, index.momentThumbnail("v", 1).orElseThrow()));
      } else {
        assertTrue(index.moments(List.of("v"), List.of("clip.image")).isEmpty());
        assertEquals(Optional.empty(), index.momentThumbnail("v", 1));
      }
      index.upsert(new Item("v", "clips/v.mp4", "hv2", "", Map.of(), Map.of(), Map.of("clip.image", pooled), null,
          Map.of("video", "clips/v.mp4"), Map.of(), Map.of(), List.of(new Moment(0, 1, Map.of("clip.image", pooled), null))));
      index.commit(Map.of());
      assertEquals(List.of(new Moment(0, 1)), index.get("v").orElseThrow().moments());
      assertEquals(11, index.stats().items());
      if (index.searchesMoments()) {
        assertEquals(1, index.moments(List.of("v"), List.of("clip.image")).get("v").size());
      }
      index.delete("v");
      index.commit(Map.of());
      assertEquals(10, index.stats().items());
      assertTrue(index.moments(List.of("v"), List.of("clip.image")).isEmpty());
    }
  }

  @Test
  void thumbnailsAreStoredAndItemStateTellsWhatIsThere() throws Exception {
    Random r = new Random(12);
    byte[] jpeg = new byte[40_000];
    r.nextBytes(jpeg);
    try (ItemIndex index = backend.openForWriting(schema(MODEL_A, VectorFormat.HNSW))) {
      index.upsert(new Item("a", "photos/a.jpg", "h", "a caption", Map.of(), Map.of(), Map.of("clip.image", unit(r, 8)), jpeg));
      index.upsert(item("b", "", Map.of(), Map.of("clip.image", unit(r, 8))));
      index.commit(Map.of());
    }
    try (ItemReader index = backend.openForReading(schema(MODEL_A, VectorFormat.HNSW), Duration.ZERO)) {
      assertTrue(java.util.Arrays.equals(jpeg, index.thumbnail("a").orElseThrow()));
      assertTrue(index.get("a").orElseThrow().hasThumbnail());
      assertEquals(Optional.empty(), index.thumbnail("b"));
      assertEquals(new ItemState("h", Set.of("clip.image", Hit.TEXT), true), index.state("a").orElseThrow());
      assertEquals(new ItemState("hash-b", Set.of("clip.image"), false), index.state("b").orElseThrow());
      assertEquals(Optional.empty(), index.state("nope"));
      // A page of results knows which items have a preview without carrying the previews' bytes.
      Map<String, Item> page = index.getAll(java.util.List.of("b", "nope", "a"));
      assertEquals(Set.of("a", "b"), page.keySet());
      assertTrue(page.get("a").hasThumbnail());
      assertEquals(0, page.get("a").thumbnail().length, "the preview's bytes are not read for a page");
      assertEquals("a caption", page.get("a").text());
      assertTrue(!page.get("b").hasThumbnail());
    }
  }

  @Test
  void roundTripAcrossReopen() throws Exception {
    Random r = new Random(42);
    List<Item> items = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      items.add(item("item-" + i, i % 2 == 0 ? "red bicycle number " + i : "blue boat number " + i,
          Map.of("colour", List.of(i % 2 == 0 ? "red" : "blue")),
          i % 5 == 0 ? Map.of("clip.image", unit(r, 8)) : Map.of("clip.image", unit(r, 8), "clip.text", unit(r, 8))));
    }
    try (ItemIndex index = backend.openForWriting(schema(MODEL_A, VectorFormat.HNSW))) {
      items.forEach(index::upsert);
      index.commit(Map.of("progress", "done"));
    }
    try (ItemReader index = backend.openForReading(schema(MODEL_A, VectorFormat.HNSW), Duration.ZERO)) {
      assertEquals(Map.of("progress", "done"), index.commitData());
      IndexStats stats = index.stats();
      assertEquals(50, stats.items());
      assertEquals(Map.of("clip.image", 50L, "clip.text", 40L), stats.vectors());
      Item seven = items.get(7);
      Item stored = index.get("item-7").orElseThrow();
      assertEquals(new Item(seven.id(), seven.source(), seven.contentHash(), seven.text(), seven.fields(), seven.metadata(), Map.of()), stored);
      ItemState state = index.state("item-7").orElseThrow();
      assertEquals("hash-item-7", state.contentHash());
      assertEquals(seven.vectors().keySet().stream().collect(java.util.stream.Collectors.toSet()),
          state.fields().stream().filter(f -> !f.equals(Hit.TEXT)).collect(java.util.stream.Collectors.toSet()));
      assertEquals(!seven.text().isBlank(), state.fields().contains(Hit.TEXT));
      assertEquals(false, state.thumbnail());
      assertEquals(Optional.empty(), index.thumbnail("item-7"));
      assertEquals(Optional.empty(), index.get("nope"));
      for (Item it : items) {
        for (Map.Entry<String, float[]> v : it.vectors().entrySet()) {
          // Every stored vector comes back bit for bit, and is its own nearest neighbour.
          assertTrue(java.util.Arrays.equals(v.getValue(), index.vector(it.id(), v.getKey()).orElseThrow()));
          List<Hit> hits = index.knn(v.getKey(), v.getValue(), 3, Filter.NONE);
          assertEquals(it.id(), hits.getFirst().id());
          assertEquals(1.0, hits.getFirst().score(), 1e-5);
          assertEquals(bruteForce(items, v.getKey(), v.getValue(), 3, Set.of()), hits.stream().map(Hit::id).toList());
        }
      }
      assertEquals(Optional.empty(), index.vector("item-0", "clip.text"), "item-0 has no text vector");
    }
  }

  public static List<String> bruteForce(List<Item> items, String field, float[] q, int k, Set<String> allowed) {
    record Scored(String id, double score) {}
    List<Scored> s = new ArrayList<>();
    for (Item it : items) {
      float[] v = it.vectors().get(field);
      if (v != null && (allowed.isEmpty() || allowed.contains(it.id()))) {
        double dot = 0;
        for (int i = 0; i < q.length; i++) {
          dot += q[i] * v[i];
        }
        s.add(new Scored(it.id(), dot));
      }
    }
    s.sort((a, b) -> Double.compare(b.score, a.score));
    return s.stream().limit(k).map(Scored::id).toList();
  }

  @Test
  void filtersRunInsideTheKnnSearch() throws Exception {
    Random r = new Random(7);
    List<Item> items = new ArrayList<>();
    try (ItemIndex index = backend.openForWriting(schema(MODEL_A, VectorFormat.HNSW))) {
      for (int i = 0; i < 300; i++) {
        // Only 1 in 30 items is rare: a post-filter over the top 10 would usually find none.
        Item it = item("i" + i, "", Map.of("kind", List.of(i % 30 == 0 ? "rare" : "common")), Map.of("clip.image", unit(r, 8)));
        items.add(it);
        index.upsert(it);
      }
      index.commit(Map.of());
      float[] q = unit(r, 8);
      List<Hit> hits = index.knn("clip.image", q, 10, new Filter(Map.of("kind", Set.of("rare")), Set.of()));
      assertEquals(10, hits.size());
      Set<String> rare = new java.util.HashSet<>();
      items.stream().filter(it -> it.metadata().get("kind").contains("rare")).forEach(it -> rare.add(it.id()));
      assertEquals(bruteForce(items, "clip.image", q, 10, rare), hits.stream().map(Hit::id).toList());
      List<Hit> excluded = index.knn("clip.image", items.get(3).vectors().get("clip.image"), 5, Filter.NONE.excluding("i3"));
      assertTrue(excluded.stream().noneMatch(h -> h.id().equals("i3")));
    }
  }

  @Test
  void numericRangeFiltersRunInsideTheKnnSearch() throws Exception {
    Random r = new Random(11);
    List<Item> items = new ArrayList<>();
    try (ItemIndex index = backend.openForWriting(schema(MODEL_A, VectorFormat.HNSW))) {
      for (int i = 0; i < 400; i++) {
        Map<String, Double> numbers = i % 50 == 7 ? Map.of() : Map.of("width", (double) i); // some items have no width
        Item it = new Item("n" + i, "", "", "", Map.of(), Map.of(), Map.of("clip.image", unit(r, 8)), null, Map.of(), numbers);
        items.add(it);
        index.upsert(it);
      }
      index.commit(Map.of());
      float[] q = unit(r, 8);
      Filter wide = new Filter(Map.of(), Set.of(), Map.of("width", new Filter.Range(380.0, null)));
      List<Hit> hits = index.knn("clip.image", q, 10, wide);
      Set<String> allowed = new java.util.HashSet<>();
      items.stream().filter(it -> it.numbers().getOrDefault("width", -1.0) >= 380).forEach(it -> allowed.add(it.id()));
      assertEquals(20, allowed.size());
      // Post-filtering the unfiltered top 10 would keep about 10 · 20/400 of them, far fewer than 10.
      long survivors = index.knn("clip.image", q, 10, Filter.NONE).stream().filter(h -> allowed.contains(h.id())).count();
      assertTrue(survivors < 10, "the unfiltered top 10 holds " + survivors + " wide items");
      assertEquals(bruteForce(items, "clip.image", q, 10, allowed), hits.stream().map(Hit::id).toList());
      // A closed range, with a keyword filter beside it; an item without the key never passes.
      Filter between = new Filter(Map.of(), Set.of(), Map.of("width", new Filter.Range(100.0, 104.0)));
      assertEquals(Set.of("n100", "n101", "n102", "n103", "n104"),
          Set.copyOf(index.knn("clip.image", q, 10, between).stream().map(Hit::id).toList()));
      assertEquals(List.of(), index.knn("clip.image", q, 10,
          new Filter(Map.of(), Set.of(), Map.of("width", new Filter.Range(7.0, 7.0)))), "n7 has no width");
      assertEquals(Map.of("width", 3.0), index.get("n3").orElseThrow().numbers(), "numbers are stored and read back");
    }
  }

  @Test
  void closestRanksByDistanceToSoftTargetsWithinTheFilter() throws Exception {
    try (ItemIndex index = backend.openForWriting(schema(MODEL_A, VectorFormat.HNSW))) {
      Random r = new Random(5);
      for (int i = 0; i <= 100; i++) {
        Map<String, Double> numbers = i == 50 ? Map.of() : Map.of("brightness", i / 100.0, "aspect", i % 2 == 0 ? 1.5 : 0.75);
        index.upsert(new Item("b" + i, "", "", "", Map.of(), Map.of("kind", List.of(i % 2 == 0 ? "even" : "odd")),
            Map.of("clip.image", unit(r, 8)), null, Map.of(), numbers));
      }
      index.commit(Map.of());
      NumberTarget nearThird = new NumberTarget("brightness", 0.3, 0.05, NumberTarget.Side.NEAR);
      List<Hit> hits = index.closest(List.of(nearThird), 5, Filter.NONE);
      assertEquals("b30", hits.get(0).id());
      assertEquals(1.0, hits.get(0).score(), 1e-6);
      assertEquals(Set.of("b29", "b31"), Set.of(hits.get(1).id(), hits.get(2).id()));
      assertEquals(Math.exp(-0.5 * 0.2 * 0.2), hits.get(1).score(), 1e-5, "0.01 off at scale 0.05");
      // One-sided: at or above 0.95 scores 0.9 to 1, the brighter the higher (no ties); the mean over
      // two targets; the filter applies inside. b100: brightness 1 - 0.1 e^-1, aspect 1.5: 1 - 0.1 e^-2.
      NumberTarget bright = new NumberTarget("brightness", 0.95, 0.05, NumberTarget.Side.AT_LEAST);
      NumberTarget wide = new NumberTarget("aspect", 1.3, 0.1, NumberTarget.Side.AT_LEAST);
      List<Hit> brightWide = index.closest(List.of(bright, wide), 3, Filter.NONE);
      assertEquals(List.of("b100", "b98", "b96"), brightWide.stream().map(Hit::id).toList());
      assertEquals((1 - 0.1 * Math.exp(-1) + 1 - 0.1 * Math.exp(-2)) / 2, brightWide.get(0).score(), 1e-5);
      assertEquals((1 - 0.1 * Math.exp(-0.2) + 1 - 0.1 * Math.exp(-2)) / 2, brightWide.get(2).score(), 1e-5);
      List<Hit> odd = index.closest(List.of(bright), 3, new Filter(Map.of("kind", Set.of("odd")), Set.of()));
      assertEquals(Set.of("b95", "b97", "b99"), Set.copyOf(odd.stream().map(Hit::id).toList()));
      // Items far from every target are left out instead of filling the list; b50 has no numbers at all.
      List<Hit> exact = index.closest(List.of(new NumberTarget("brightness", 0.5, 0.001, NumberTarget.Side.NEAR)), 10, Filter.NONE);
      assertEquals(List.of(), exact, "b49 and b51 are ten scales away; b50, without the key, scores 0");
      assertEquals(Map.of("b3", 0.03, "b7", 0.07), index.numbers(List.of("b3", "b7", "b50", "missing"), "brightness"));
      assertThrows(IllegalArgumentException.class, () -> index.closest(List.of(), 3, Filter.NONE));
    }
  }

  @Test
  void bm25RanksMatchingTextAndHonoursFilters() throws Exception {
    try (ItemIndex index = backend.openForWriting(schema(MODEL_A, VectorFormat.HNSW))) {
      index.upsert(item("a", "red bicycle against a wall", Map.of("shop", List.of("x")), Map.of()));
      index.upsert(item("b", "a red red red apple", Map.of("shop", List.of("y")), Map.of()));
      index.upsert(item("c", "green field", Map.of("shop", List.of("x")), Map.of()));
      index.commit(Map.of());
      assertEquals(List.of("a"), index.bm25("bicycle", 10, Filter.NONE).stream().map(Hit::id).toList());
      assertEquals(List.of("b", "a"), index.bm25("red", 10, Filter.NONE).stream().map(Hit::id).toList());
      assertEquals(List.of("a"), index.bm25("red", 10, new Filter(Map.of("shop", Set.of("x")), Set.of())).stream().map(Hit::id).toList());
      assertEquals(List.of(), index.bm25("   ", 10, Filter.NONE));
    }
  }

  /** An item whose picture holds {@code lines} (one box each), captioned {@code caption}. */
  protected static Item readItem(String id, String caption, String... lines) {
    List<dev.mmsearch.derive.ocr.TextLine> read = new ArrayList<>();
    for (int i = 0; i < lines.length; i++) {
      read.add(new dev.mmsearch.derive.ocr.TextLine(lines[i], 0.9f, new float[] {10, 20 * i, 200, 20 * i, 200, 20 * i + 16,
          10, 20 * i + 16}));
    }
    return new Item(id, "photos/" + id + ".jpg", "hash-" + id, caption, Map.of(), Map.of(), Map.of(), null, Map.of(),
        Map.of(), Map.of(), List.of(), new dev.mmsearch.derive.ocr.PictureText(read));
  }

  /**
   * Text read in pictures: stored with its lines and boxes, searched by its words apart from
   * captions, by sub-strings whatever the spaces and dashes ("7XK 4B2" in "plate 7XK-4B2",
   * "4471" in "SN-4471-ZQ"), a misread character tolerated, and a picture read without text
   * told apart from one never read.
   */
  @Test
  void pictureTextIsStoredAndSearchedByWordsAndSubStrings() throws Exception {
    try (ItemIndex index = backend.openForWriting(schema(MODEL_A, VectorFormat.HNSW))) {
      index.upsert(readItem("plate", "a parked car", "PARKING", "plate 7XK-4B2"));
      index.upsert(readItem("serial", "", "SN-4471-ZQ", "Made in Norway"));
      index.upsert(readItem("bread", "", "Fresh bread daily"));
      index.upsert(readItem("blank", "bread on a table")); // read, nothing found; its caption says bread
      index.upsert(item("never", "bread", Map.of(), Map.of())); // never read
      index.commit(Map.of());

      Item plate = index.get("plate").orElseThrow();
      assertEquals(List.of("PARKING", "plate 7XK-4B2"), plate.pictureText().lines().stream()
          .map(dev.mmsearch.derive.ocr.TextLine::text).toList());
      assertEquals(20f, plate.pictureText().lines().get(1).box()[1]);
      assertEquals(readItem("plate", "a parked car", "PARKING", "plate 7XK-4B2").pictureText(), plate.pictureText());
      assertTrue(index.get("blank").orElseThrow().pictureText().isEmpty());
      assertEquals(null, index.get("never").orElseThrow().pictureText());
      assertTrue(index.state("blank").orElseThrow().fields().contains(Hit.OCR));
      assertTrue(!index.state("never").orElseThrow().fields().contains(Hit.OCR));

      // Words: the picture's text only, not captions.
      assertEquals(Set.of("bread"), ids(index.pictureText("bread", 10, Filter.NONE)));
      assertEquals(List.of("blank", "never"), ids(index.bm25("bread", 10, Filter.NONE)).stream().sorted().toList());
      assertEquals(Set.of("serial"), ids(index.pictureText("norway", 10, Filter.NONE)));
      // Sub-strings: codes across spaces and dashes, parts of serial numbers, one misread character.
      assertEquals(Set.of("plate"), ids(index.pictureTextSubstring("7XK 4B2", 10, Filter.NONE)));
      assertEquals(Set.of("plate"), ids(index.pictureTextSubstring("7xk4b2", 10, Filter.NONE)));
      assertEquals(Set.of("serial"), ids(index.pictureTextSubstring("4471", 10, Filter.NONE)));
      assertEquals(Set.of("serial"), ids(index.pictureTextSubstring("4471-ZQ", 10, Filter.NONE)));
      assertEquals(Set.of("serial"), ids(index.pictureTextSubstring("SN-4477-ZQ", 10, Filter.NONE)));
      assertEquals(List.of(), index.pictureTextSubstring("ZZZ9", 10, Filter.NONE));
      assertEquals(List.of(), index.pictureTextSubstring("7X", 10, Filter.NONE)); // too short for a sub-string
      assertEquals(List.of(), index.pictureTextSubstring("4471", 10, new Filter(Map.of(), Set.of("serial"))));
      // A stronger match ranks first: the whole code before a part of it elsewhere.
      index.upsert(readItem("other", "", "7XK 9QQ"));
      index.commit(Map.of());
      assertEquals("plate", index.pictureTextSubstring("7XK 4B2", 10, Filter.NONE).getFirst().id());
    }
  }

  @Test
  void upsertReplacesAndDeleteRemoves() throws Exception {
    Random r = new Random(1);
    try (ItemIndex index = backend.openForWriting(schema(MODEL_A, VectorFormat.HNSW))) {
      index.upsert(item("x", "first", Map.of(), Map.of("clip.image", unit(r, 8))));
      index.upsert(item("y", "other", Map.of(), Map.of("clip.image", unit(r, 8))));
      index.commit(Map.of());
      index.upsert(item("x", "second", Map.of(), Map.of("clip.image", unit(r, 8))));
      index.delete("y");
      index.delete("never-there");
      index.commit(Map.of());
      assertEquals(1, index.stats().items());
      assertEquals("second", index.get("x").orElseThrow().text());
      List<String> seen = new ArrayList<>();
      index.forEachItem((id, source) -> seen.add(id + "=" + source));
      assertEquals(List.of("x=photos/x.jpg"), seen);
    }
  }

  @Test
  void anotherModelIsRefusedForAnExistingField() throws Exception {
    Random r = new Random(5);
    try (ItemIndex index = backend.openForWriting(schema(MODEL_A, VectorFormat.HNSW))) {
      index.upsert(item("a", "", Map.of(), Map.of("clip.image", unit(r, 8))));
      index.commit(Map.of());
    }
    IndexSchemaException w = assertThrows(IndexSchemaException.class,
        () -> backend.openForWriting(schema(MODEL_B, VectorFormat.HNSW)));
    assertTrue(w.getMessage().startsWith("field clip.image holds vectors from model model-a@aaaaaaaaaaaa but the catalog gives model-b@bbbbbbbbbbbb for it"),
        w.getMessage());
    assertThrows(IndexSchemaException.class,
        () -> backend.openForReading(schema(MODEL_B, VectorFormat.HNSW), Duration.ZERO));
    IndexSchemaException f = assertThrows(IndexSchemaException.class,
        () -> backend.openForWriting(schema(MODEL_A, VectorFormat.INT8)));
    assertTrue(f.getMessage().contains("is stored as hnsw but the catalog asks for int8"), f.getMessage());
    // The refused opens left the index as it was.
    try (ItemReader index = backend.openForReading(schema(MODEL_A, VectorFormat.HNSW), Duration.ZERO)) {
      assertEquals(1, index.stats().items());
    }
  }

  /** Writes one item with a clip vector, with the two clip fields only. */
  private void oneClipItem(Random r) throws Exception {
    try (ItemIndex index = backend.openForWriting(schema(MODEL_A, VectorFormat.HNSW))) {
      index.upsert(item("a", "", Map.of(), Map.of("clip.image", unit(r, 8))));
      index.commit(Map.of());
    }
  }

  /** The clip image field and a dino image field of another model. */
  private static IndexSchema clipAndDino(VectorFormat dinoFormat) {
    return IndexSchema.of(List.of(
        VectorFieldSpec.of("clip", Modality.IMAGE, 8, Similarity.COSINE, MODEL_A, VectorFormat.HNSW),
        VectorFieldSpec.of("dino", Modality.IMAGE, 4, Similarity.COSINE, MODEL_B, dinoFormat)));
  }

  @Test
  void newSpacesJoinAnExistingIndex() throws Exception {
    Random r = new Random(9);
    oneClipItem(r);
    try (ItemIndex index = backend.openForWriting(clipAndDino(VectorFormat.INT8))) {
      assertEquals(Set.of("clip.image", "clip.text", "dino.image"), index.schema().fields().keySet());
      index.upsert(item("b", "", Map.of(), Map.of("dino.image", unit(r, 4))));
      index.commit(Map.of());
    }
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.EnumSource(VectorFormat.class)
  void realBackboneDimensionsIndexInEveryFormat(VectorFormat format) throws Exception {
    // MobileNetV2's 1792-d features exceed Lucene's default limit of 1024.
    Random r = new Random(13);
    IndexSchema wide = IndexSchema.of(List.of(VectorFieldSpec.of("dino", Modality.IMAGE, 1792, Similarity.COSINE, MODEL_A, format)));
    try (ItemIndex index = backend.openForWriting(wide)) {
      float[] v = unit(r, 1792);
      index.upsert(item("a", "", Map.of(), Map.of("dino.image", v)));
      index.upsert(item("b", "", Map.of(), Map.of("dino.image", unit(r, 1792))));
      index.commit(Map.of());
    }
    try (ItemReader index = backend.openForReading(wide, Duration.ZERO)) {
      assertEquals("a", index.knn("dino.image", index.vector("a", "dino.image").orElseThrow(), 1, Filter.NONE).getFirst().id());
    }
  }

  @Test
  void badRequestsGivePreciseErrors() throws Exception {
    Random r = new Random(11);
    try (ItemIndex index = backend.openForWriting(schema(MODEL_A, VectorFormat.HNSW))) {
      assertEquals("unknown vector field 'dino.image' (index has: [clip.image, clip.text])",
          assertThrows(IllegalArgumentException.class, () -> index.knn("dino.image", unit(r, 8), 5, Filter.NONE)).getMessage());
      assertEquals("vector dimension: 3 differs from field dimension: 8 of clip.image",
          assertThrows(IllegalArgumentException.class, () -> index.knn("clip.image", unit(r, 3), 5, Filter.NONE)).getMessage());
      assertEquals("k must be in 1..10000, got: 0",
          assertThrows(IllegalArgumentException.class, () -> index.knn("clip.image", unit(r, 8), 0, Filter.NONE)).getMessage());
      float[] notUnit = new float[8];
      notUnit[0] = 3;
      assertTrue(assertThrows(IllegalArgumentException.class,
          () -> index.upsert(item("x", "", Map.of(), Map.of("clip.image", notUnit)))).getMessage().contains("takes unit vectors"));
      assertThrows(IllegalArgumentException.class, () -> index.upsert(item("x", "", Map.of(), Map.of("other.image", unit(r, 8)))));
    }
    try (ItemIndex reader = (ItemIndex) backend.openForReading(schema(MODEL_A, VectorFormat.HNSW), Duration.ZERO)) {
      assertThrows(IllegalStateException.class, () -> reader.delete("x"));
    }
  }

  @Test
  void nearFiltersAndOddMetadataKeysWork() throws Exception {
    Random r = new Random(17);
    try (ItemIndex index = backend.openForWriting(schema(MODEL_A, VectorFormat.HNSW))) {
      // Paris, Lyon, New York; keys and values with spaces, colons, quotes, commas and non-Latin script.
      double[][] places = {{48.8566, 2.3522}, {45.764, 4.8357}, {40.7128, -74.006}};
      for (int i = 0; i < places.length; i++) {
        index.upsert(new Item("p" + i, "", "", "", Map.of(), Map.of("shop: \"north\", 北", List.of("a,b", "c}d" + i)),
            Map.of("clip.image", unit(r, 8)), null, Map.of(),
            Map.of(Item.LATITUDE, places[i][0], Item.LONGITUDE, places[i][1], "odd key-1", (double) -i)));
      }
      index.commit(Map.of());
      Filter nearParis = new Filter(Map.of(), Set.of(), Map.of(), new Filter.Near(48.85, 2.35, 500_000));
      assertEquals(Set.of("p0", "p1"), ids(index.knn("clip.image", unit(r, 8), 10, nearParis)));
      assertEquals(Set.of("p2"), ids(index.knn("clip.image", unit(r, 8), 10,
          new Filter(Map.of("shop: \"north\", 北", Set.of("c}d2")), Set.of()))));
      assertEquals(Set.of("p0", "p1", "p2"), ids(index.knn("clip.image", unit(r, 8), 10,
          new Filter(Map.of("shop: \"north\", 北", Set.of("a,b")), Set.of()))));
      assertEquals(Set.of("p1", "p2"), ids(index.knn("clip.image", unit(r, 8), 10,
          new Filter(Map.of(), Set.of(), Map.of("odd key-1", new Filter.Range(-2.5, -0.5))))));
      assertEquals(Set.of("p1"), ids(index.knn("clip.image", unit(r, 8), 10,
          new Filter(Map.of(), Set.of("p0", "p2, p1"), Map.of(), nearParis.near()))));
      List<Hit> closest = index.closest(List.of(new NumberTarget("odd key-1", -2, 0.5, NumberTarget.Side.NEAR)), 1, Filter.NONE);
      assertEquals("p2", closest.getFirst().id());
    }
  }

  @Test
  void batchFormsAnswerLikeSingleCalls() throws Exception {
    Random r = new Random(19);
    try (ItemIndex index = backend.openForWriting(schema(MODEL_A, VectorFormat.HNSW))) {
      List<Item> items = new ArrayList<>();
      for (int i = 0; i < 250; i++) {
        items.add(item("b" + i, i % 3 == 0 ? "" : "caption " + i, Map.of(), Map.of("clip.image", unit(r, 8))));
      }
      index.upsertAll(items);
      index.commit(Map.of("progress", "250"));
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < 260; i += 2) {
        ids.add("b" + i);
      }
      Map<String, ItemState> states = index.states(ids);
      assertEquals(125, states.size(), "b250..b258 are absent");
      states.forEach((id, state) -> assertEquals(index.state(id).orElseThrow(), state));
      Map<String, float[]> vectors = index.vectors(ids, "clip.image");
      assertEquals(states.keySet(), vectors.keySet(), "every present item has a clip.image vector");
      vectors.forEach((id, v) -> assertArrayEquals(index.vector(id, "clip.image").orElseThrow(), v, 1e-6f, id));
      List<String> seen = new ArrayList<>();
      index.forEachItem((id, source) -> seen.add(id));
      assertEquals(250, Set.copyOf(seen).size());
      assertEquals(250, seen.size());
      List<String> described = new ArrayList<>();
      index.describe(List.of("b5", "missing", "b1"), item -> described.add(item.id() + ":" + item.text()));
      assertEquals(List.of("b5:caption 5", "b1:caption 1"), described);
      assertEquals(Map.of("progress", "250"), index.commitData());
    }
  }

  @Test
  void anItemTheIndexRefusesTakesNoOtherWithIt() throws Exception {
    Random r = new Random(23);
    try (ItemIndex index = backend.openForWriting(schema(MODEL_A, VectorFormat.HNSW))) {
      index.upsert(item("a", "first", Map.of(), Map.of("clip.image", unit(r, 8))));
      // A keyword longer than Lucene's term limit (32,766 bytes): refused by either engine, when
      // written (embedded) or when the bulk request is sent (cluster, at the latest on commit).
      Item immense = item("b", "second", Map.of("tag", List.of("x".repeat(40_000))), Map.of("clip.image", unit(r, 8)));
      assertThrows(RuntimeException.class, () -> {
        index.upsert(immense);
        index.commit(Map.of());
      });
      index.upsert(item("c", "third", Map.of(), Map.of("clip.image", unit(r, 8))));
      index.commit(Map.of());
      List<String> ids = new ArrayList<>();
      index.forEachItem((id, source) -> ids.add(id));
      assertEquals(Set.of("a", "c"), Set.copyOf(ids));
    }
  }

  @Test
  void aSpaceTheIndexHasNoVectorsForYetFindsNothing() throws Exception {
    Random r = new Random(29);
    oneClipItem(r);
    // The API's catalog may name a space the indexer has not filled in yet.
    IndexSchema more = clipAndDino(VectorFormat.HNSW);
    try (ItemReader reader = backend.openForReading(more, Duration.ZERO)) {
      assertEquals(List.of(), reader.knn("dino.image", unit(r, 4), 5, Filter.NONE));
      assertEquals(Optional.empty(), reader.vector("a", "dino.image"));
      assertEquals("a", reader.knn("clip.image", unit(r, 8), 5, Filter.NONE).getFirst().id());
      // Then the indexer adds the space; the open reader finds it.
      try (ItemIndex writer = backend.openForWriting(more)) {
        writer.upsert(item("b", "", Map.of(), Map.of("dino.image", unit(r, 4))));
        writer.commit(Map.of());
      }
      Thread.sleep(1100);
      assertEquals("b", reader.knn("dino.image", unit(r, 4), 5, Filter.NONE).getFirst().id());
    }
  }

  static Set<String> ids(List<Hit> hits) {
    return Set.copyOf(hits.stream().map(Hit::id).toList());
  }
}
