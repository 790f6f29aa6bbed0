package dev.mmsearch.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmsearch.calibrate.Calibration;
import dev.mmsearch.calibrate.FieldCalibration;
import dev.mmsearch.catalog.Catalog;
import dev.mmsearch.catalog.Spaces;
import dev.mmsearch.encode.EncoderOptions;
import dev.mmsearch.index.Filter;
import dev.mmsearch.index.Hit;
import dev.mmsearch.index.IndexSchema;
import dev.mmsearch.index.IndexStats;
import dev.mmsearch.index.Item;
import dev.mmsearch.index.ItemIndex;
import dev.mmsearch.index.ItemState;
import dev.mmsearch.testing.TestModels;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Query planning, fusion and paging over an index whose ranked lists are fixed by the test, so
 * every fused score can be worked out by hand.
 */
class MultimodalSearcherTest {

  static Spaces spaces;
  static Spaces clipAndClapSpaces;

  @BeforeAll
  static void load() throws java.io.IOException {
    spaces = TestModels.spaces();
    java.nio.file.Path catalog = java.nio.file.Files.createTempFile("clip-clap", ".json");
    java.nio.file.Files.writeString(catalog, "{\"spaces\": {\"clip\": {\"model\": \"%s\"}, \"clap\": {\"model\": \"%s\"}}}"
        .formatted(TestModels.dir().resolve("clip-tiny").toAbsolutePath(), TestModels.dir().resolve("clap-tiny").toAbsolutePath()));
    clipAndClapSpaces = Spaces.load(Catalog.load(catalog), EncoderOptions.DEFAULTS);
    java.nio.file.Files.delete(catalog);
  }

  @AfterAll
  static void close() {
    spaces.close();
    clipAndClapSpaces.close();
  }

  /** An index that answers every kNN on a field, and BM25, with a fixed list; records the depths asked for. */
  static final class FixedLists implements ItemIndex {
    final Map<String, List<Hit>> lists = new LinkedHashMap<>();
    final List<Integer> depths = new ArrayList<>();
    private final IndexSchema schema;

    FixedLists(IndexSchema schema) {
      this.schema = schema;
    }

    @Override
    public IndexSchema schema() {
      return schema;
    }

    private List<Hit> list(String field, int k, Filter filter) {
      depths.add(k);
      return lists.getOrDefault(field, List.of()).stream().filter(h -> !filter.excludeIds().contains(h.id())).limit(k).toList();
    }

    @Override
    public List<Hit> knn(String field, float[] vector, int k, Filter filter) {
      return list(field, k, filter);
    }

    @Override
    public List<Hit> bm25(String text, int k, Filter filter) {
      return list(Hit.TEXT, k, filter);
    }

    @Override
    public List<Hit> pictureText(String text, int k, Filter filter) {
      return list(Hit.OCR, k, filter);
    }

    @Override
    public List<Hit> pictureTextSubstring(String text, int k, Filter filter) {
      return list(Hit.OCR + ".substring", k, filter);
    }

    @Override
    public List<Hit> closest(List<dev.mmsearch.index.NumberTarget> targets, int k, Filter filter) {
      return list(MultimodalSearcher.METADATA, k, filter);
    }

    /** Numbers for sorting: an item's "rank" is the digits of its id, when it has any. */
    @Override
    public Map<String, Double> numbers(java.util.Collection<String> ids, String key) {
      Map<String, Double> out = new LinkedHashMap<>();
      ids.stream().filter(id -> id.matches(".*\\d.*")).forEach(id -> out.put(id, Double.parseDouble(id.replaceAll("\\D", ""))));
      return out;
    }

    @Override
    public Optional<Item> get(String id) {
      return Optional.of(new Item(id, "", "", "", Map.of(), Map.of(), Map.of()));
    }

    @Override
    public void describe(java.util.Collection<String> ids, java.util.function.Consumer<Item> visitor) {
      ids.forEach(id -> visitor.accept(get(id).orElseThrow()));
    }

    @Override
    public Optional<byte[]> thumbnail(String id) {
      return Optional.empty();
    }

    @Override
    public Optional<float[]> vector(String id, String field) {
      return Optional.empty();
    }

    @Override
    public Optional<ItemState> state(String id) {
      return Optional.empty();
    }

    @Override
    public void upsert(Item item) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void delete(String id) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void commit(Map<String, String> userData) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void forceMerge(int maxSegments) {
      throw new UnsupportedOperationException();
    }

    /** Commit data: where a test puts a {@link Calibration}. */
    final Map<String, String> commitData = new java.util.HashMap<>();

    @Override
    public Map<String, String> commitData() {
      return commitData;
    }

    @Override
    public void forEachItem(BiConsumer<String, String> visitor) {}

    @Override
    public IndexStats stats() {
      throw new UnsupportedOperationException();
    }

    @Override
    public void close() {}
  }

  /** The clip space's two fields only: a text part makes three lists, clip.text, clip.image and BM25. */
  private static FixedLists clipOnly() {
    return new FixedLists(IndexSchema.of(spaces.get("clip").fields()));
  }

  private static final Set<String> ALL = Set.of("clip.text", "clip.image", Hit.TEXT);
  private static final Set<String> IMAGE = Set.of("clip.image");
  private static final Set<String> SOUND = Set.of("clap.audio");

  /** The clip and clap spaces: a text part makes five lists, clip.text, clip.image, clap.text, clap.audio and BM25. */
  private static FixedLists clipAndClap() {
    List<dev.mmsearch.index.VectorFieldSpec> fields = new ArrayList<>(clipAndClapSpaces.get("clip").fields());
    fields.addAll(clipAndClapSpaces.get("clap").fields());
    return new FixedLists(IndexSchema.of(fields));
  }

  private static Hit hit(String id, double score, Set<String> fields) {
    return new Hit(id, (float) score, fields);
  }

  @Test
  void metadataPartsAreOneMoreRankedListAndSortOrdersTheFusedWindowByANumber() {
    FixedLists index = clipOnly();
    index.lists.put(MultimodalSearcher.METADATA, List.of(hit("a1", 1.0, Set.of()), hit("b3", 0.5, Set.of()), hit("c", 0.2, Set.of())));
    index.lists.put(Hit.TEXT, List.of(hit("b3", 2.0, ALL), hit("d2", 1.0, ALL)));
    QueryPart look = new QueryPart.Metadata(List.of(new dev.mmsearch.index.NumberTarget("brightness", 0.8, 0.1,
        dev.mmsearch.index.NumberTarget.Side.AT_LEAST)), 1);
    MultimodalSearcher searcher = new MultimodalSearcher(spaces, index);
    SearchResult byScore = searcher.search(SearchRequest.of(look));
    assertEquals(List.of("a1", "b3", "c"), byScore.hits().stream().map(h -> h.item().id()).toList());
    assertEquals(MultimodalSearcher.METADATA, byScore.hits().get(0).explanation().get(0).space());

    // Sorted by the number (here the id's digits), descending: c has none and comes last.
    SearchRequest sorted = new SearchRequest(List.of(look, new QueryPart.Text("q", 1)), 10, 0, 0, null, null,
        Double.NEGATIVE_INFINITY, Set.of(), Set.of("text", MultimodalSearcher.METADATA), new SearchRequest.SortBy("n", true));
    assertEquals(List.of("b3", "d2", "a1", "c"), searcher.search(sorted).hits().stream().map(h -> h.item().id()).toList());
    SearchRequest ascending = new SearchRequest(List.of(look), 2, 1, 0, null, null, Double.NEGATIVE_INFINITY, Set.of(), Set.of(),
        new SearchRequest.SortBy("n", false));
    assertEquals(List.of("b3", "c"), searcher.search(ascending).hits().stream().map(h -> h.item().id()).toList(),
        "paging applies after sorting");
  }

  /**
   * A text query's calibration as the index would measure it: captions separate related from
   * unrelated best (slope 2), pictures less (1.5), sounds least (1); 90 items hold each field, so
   * chance, the best of 90 unrelated, is at z = sqrt(2 ln 90) = 3.0000.
   */
  private static Calibration textCalibration() {
    return new Calibration(Map.of(
        Calibration.key("text", "clip.text"), new FieldCalibration(0.4, 0.1, 2, 90, 1000, 200),
        Calibration.key("text", "clap.text"), new FieldCalibration(0.4, 0.1, 2, 90, 1000, 200),
        Calibration.key("text", "clip.image"), new FieldCalibration(0.1, 0.05, 1.5, 90, 1000, 200),
        Calibration.key("text", "clap.audio"), new FieldCalibration(0.02, 0.03, 1, 90, 1000, 200),
        Calibration.key("text", Hit.TEXT), new FieldCalibration(0.2, 0.8, 1, 90, 1000, 200)), 1000);
  }

  private static final double CHANCE = Math.sqrt(2 * Math.log(90));

  /** log(1 + e^x). */
  private static double softplus(double x) {
    return Math.log1p(Math.exp(x));
  }

  @Test
  void aCaptionMatchRanksFirstOverWeaklySimilarSoundsAndPictures() {
    FixedLists index = clipAndClap();
    index.commitData.put(Calibration.COMMIT_KEY, textCalibration().toJson());
    index.lists.put("clip.text", List.of(hit("captioned", 0.95, ALL), hit("other", 0.55, ALL)));
    index.lists.put("clap.text", List.of(hit("captioned", 0.95, ALL), hit("other", 0.55, ALL)));
    index.lists.put("clip.image", List.of(hit("photo", 0.3, IMAGE), hit("captioned", 0.25, ALL), hit("other", 0.12, ALL)));
    index.lists.put("clap.audio", List.of(hit("sound-a", 0.081, SOUND), hit("sound-b", 0.06, SOUND)));
    index.lists.put(Hit.TEXT, List.of(hit("captioned", 1.66, ALL)));
    SearchResult r = new MultimodalSearcher(clipAndClapSpaces, index).search(SearchRequest.of(new QueryPart.Text("apple", 1)));

    // Evidence slope * (z - 3), in nats above chance:
    //   caption (clip.text and clap.text are one piece of evidence)  captioned z 5.5 -> 5.0;  other z 1.5 -> -3.0
    //   picture   photo z 4 -> 1.5;  captioned z 3 -> 0.0;  other z 0.4 -> -3.9
    //   sound     sound-a z 2.03 -> -0.97;  sound-b z 1.33 -> -1.67: the best sound is below chance, so sounds
    //             have no signal, and the query's clear matches are all pictures: they give the sounds nothing
    //   bm25      captioned z 1.83 -> -1.18 (below its caption's dense evidence: counts 0)
    // captioned 5.0 + the best remainder below chance, its picture's softplus(0) = 0.6931;
    // photo 1.5 + softplus(1.5) - 1.5; other softplus(-3.0) (its best group only).
    assertEquals(List.of("captioned", "photo", "other", "sound-a", "sound-b"), ids(r));
    assertEquals(5.0 + softplus(0), r.hits().get(0).score(), 1e-3);
    assertEquals(softplus(1.5), r.hits().get(1).score(), 1e-3, "a picture without a caption: its picture's evidence, unscaled");
    assertEquals(softplus(-3.0), r.hits().get(2).score(), 1e-3, "weak coincidences in two fields do not add up");
    assertEquals(0, r.hits().get(3).score(), 1e-12, "a sound whose only evidence is below chance gains nothing");
    // The caption seen by two spaces is one piece of evidence: the second list is explained but adds 0.
    List<Contribution> explained = r.hits().get(0).explanation();
    assertEquals(2, explained.stream().filter(c -> c.field().endsWith(".text") && c.evidence() > 4.9).count());
    assertEquals(1, explained.stream().filter(c -> c.field().endsWith(".text") && c.contribution() > 4.9).count());
    assertEquals(r.hits().get(0).score(), explained.stream().mapToDouble(Contribution::contribution).sum(), 1e-9);
  }

  @Test
  void aSoundOnlyItemEntersATextQuerysTopTenOnlyOnStrongEvidence() {
    FixedLists index = clipAndClap();
    index.commitData.put(Calibration.COMMIT_KEY, textCalibration().toJson());
    List<Hit> pictures = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      pictures.add(hit("picture-" + i, 0.26 - i * 0.005, IMAGE)); // z 3.2 down to 2.1: the best just above chance
    }
    index.lists.put("clip.image", pictures);
    List<Hit> sounds = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      sounds.add(hit("sound-" + i, 0.104 - i * 0.005, SOUND)); // z 2.8 down to 1.0: the best of many, by chance
    }
    index.lists.put("clap.audio", sounds);
    MultimodalSearcher searcher = new MultimodalSearcher(clipAndClapSpaces, index);
    List<String> top = ids(searcher.search(SearchRequest.of(new QueryPart.Text("apple", 1))));
    // The best sound is below chance (z 2.8 -> -0.2): no signal, and the clear matches are pictures.
    assertEquals(List.of(), top.subList(0, 10).stream().filter(id -> id.startsWith("sound")).toList(),
        "chance-level sounds stay out of the top 10");

    List<Hit> strong = new ArrayList<>(sounds);
    strong.set(0, hit("sound-0", 0.35, SOUND)); // z 11 -> 8 nats above chance: strong evidence
    index.lists.put("clap.audio", strong);
    List<String> withStrong = ids(searcher.search(SearchRequest.of(new QueryPart.Text("apple", 1))));
    assertEquals("sound-0", withStrong.getFirst(), "a sound with strong calibrated evidence ranks first");
  }

  @Test
  void missingModalityIsNotEvidenceAgainstAnItem() {
    FixedLists index = clipOnly();
    index.commitData.put(Calibration.COMMIT_KEY, textCalibration().toJson());
    index.lists.put("clip.text", List.of(hit("captioned", 0.75, ALL), hit("other", 0.5, ALL)));
    index.lists.put("clip.image", List.of(hit("photo", 0.3, Set.of("clip.image")), hit("captioned", 0.3, ALL),
        hit("other", 0.15, ALL)));
    SearchResult r = new MultimodalSearcher(spaces, index).search(SearchRequest.of(new QueryPart.Text("a query", 1)));

    // photo and captioned look alike (clip.image z 4 -> 1.5 each); captioned's caption also matches
    // (z 3.5 -> 1.0): the two agree and add up, 1.0 + 1.5 + the best remainder softplus(1) - 1. photo
    // is not scaled up for lacking a caption, nor pushed down: exactly its picture's evidence.
    assertEquals(List.of("captioned", "photo", "other"), ids(r));
    assertEquals(1.0 + 1.5 + softplus(1.0) - 1.0, r.hits().get(0).score(), 1e-3);
    assertEquals(softplus(1.5), r.hits().get(1).score(), 1e-3);
    assertEquals(softplus(1.5 * (1 - CHANCE)), r.hits().get(2).score(), 1e-3);
    assertEquals(3, r.total());
  }

  @Test
  void reciprocalRankFusionSumsEveryList() {
    FixedLists index = clipOnly();
    index.lists.put("clip.text", List.of(hit("captioned", 0.9, ALL)));
    index.lists.put("clip.image", List.of(hit("photo", 0.8, Set.of("clip.image")), hit("captioned", 0.6, ALL)));
    index.lists.put(Hit.TEXT, List.of(hit("captioned", 5.0, ALL)));
    SearchResult r = new MultimodalSearcher(spaces, index).search(new SearchRequest(List.of(new QueryPart.Text("q", 1)),
        10, 0, Filter.NONE, Fusion.RRF, Double.NEGATIVE_INFINITY));
    // captioned: 1/61 + 1/62 + 1/61 = 0.048918; photo: 1/61 = 0.016393, not scaled for lacking a caption.
    assertEquals(List.of("captioned", "photo"), ids(r));
    assertEquals(2.0 / 61 + 1.0 / 62, r.hits().get(0).score(), 1e-9);
    assertEquals(1.0 / 61, r.hits().get(1).score(), 1e-9);
  }

  @Test
  void negativeWeightPushesMatchesDown() {
    FixedLists index = clipOnly();
    List<Hit> ranked = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      ranked.add(hit("item-" + i, 1.0 - i * 0.1, ALL));
    }
    index.lists.put("clip.text", ranked);
    index.lists.put("clip.image", ranked);
    index.lists.put(Hit.TEXT, ranked);
    MultimodalSearcher searcher = new MultimodalSearcher(spaces, index);
    List<String> plain = ids(searcher.search(SearchRequest.of(new QueryPart.Text("beach", 1))));
    assertEquals("item-0", plain.getFirst());
    // The same lists answer the second part too: with -2 its contributions outweigh the first part's,
    // reversing the order; with +2 the order would stay.
    List<String> minus = ids(searcher.search(SearchRequest.of(new QueryPart.Text("beach", 1), new QueryPart.Text("people", -2))));
    assertEquals("item-9", minus.getFirst());
    assertEquals("item-0", minus.getLast());
    List<String> plus = ids(searcher.search(SearchRequest.of(new QueryPart.Text("beach", 1), new QueryPart.Text("people", 2))));
    assertEquals(plain, plus);
  }

  private static List<String> ids(SearchResult r) {
    return r.hits().stream().map(h -> h.item().id()).toList();
  }

  @Test
  void pagesNeverOverlapAndTotalIsTheSameForEveryPage() {
    FixedLists index = clipOnly();
    List<Hit> a = new ArrayList<>();
    List<Hit> b = new ArrayList<>();
    java.util.Random r = new java.util.Random(dev.mmsearch.testing.TestSeeds.seed("pagesNeverOverlap"));
    for (int i = 0; i < 400; i++) {
      a.add(hit("item-" + i, r.nextDouble(), ALL));
      b.add(hit("item-" + (399 - i), r.nextDouble(), ALL));
    }
    a.sort((x, y) -> Float.compare(y.score(), x.score()));
    b.sort((x, y) -> Float.compare(y.score(), x.score()));
    index.lists.put("clip.text", a);
    index.lists.put("clip.image", b);
    MultimodalSearcher searcher = new MultimodalSearcher(spaces, index);
    for (int window : new int[] {0, 250, SearchRequest.MAX_WINDOW}) {
      int k = 7;
      SearchResult whole = searcher.search(request(window == 0 ? 100 : window, 0, window));
      int expectedTotal = window == 0 ? SearchRequest.DEFAULT_WINDOW : Math.min(window, 400);
      assertEquals(expectedTotal, whole.total());
      List<String> paged = new ArrayList<>();
      Set<Integer> totals = new HashSet<>();
      for (int offset = 0; offset < whole.total(); offset += k) {
        index.depths.clear();
        SearchResult page = searcher.search(request(k, offset, window));
        totals.add(page.total());
        assertTrue(index.depths.stream().allMatch(d -> d == (window == 0 ? SearchRequest.DEFAULT_WINDOW : window)),
            "every list is fetched to the window whatever the page: " + index.depths);
        paged.addAll(ids(page));
      }
      assertEquals(Set.of(expectedTotal), totals, "total does not change with offset");
      assertEquals(ids(whole), paged, "pages concatenate to the ranking: no overlap, no gap");
      assertEquals(paged.size(), new HashSet<>(paged).size());
    }
    SearchResult end = searcher.search(request(7, 100, 0));
    assertEquals(List.of(), end.hits(), "offset == window is an empty last page");
    IllegalArgumentException deeper = assertThrows(IllegalArgumentException.class, () -> searcher.search(request(7, 101, 0)));
    assertEquals("offset must be in 0..100 (the ranking window; ask for a larger \"window\", up to 1000, to page deeper),"
        + " got: 101", deeper.getMessage());
    assertEquals(SearchRequest.MAX_WINDOW, request(SearchRequest.MAX_K, SearchRequest.MAX_WINDOW, SearchRequest.MAX_WINDOW).offset(),
        "the documented maximum offset is reachable");
  }

  private static SearchRequest request(int k, int offset, int window) {
    return new SearchRequest(List.of(new QueryPart.Text("q", 1)), k, offset, window, Filter.NONE, Fusion.SCORE,
        Double.NEGATIVE_INFINITY, Set.of(), Set.of());
  }

  @Test
  void requestLimits() {
    List<QueryPart> many = new ArrayList<>();
    for (int i = 0; i < SearchRequest.MAX_PARTS + 1; i++) {
      many.add(new QueryPart.Text("t" + i, 1));
    }
    assertEquals("query has 17 parts, more than the limit of 16", assertThrows(IllegalArgumentException.class,
        () -> new SearchRequest(many, 10, 0, Filter.NONE, Fusion.SCORE, 0)).getMessage());
    assertThrows(IllegalArgumentException.class, () -> new QueryPart.Text("x".repeat(QueryPart.MAX_TEXT_CHARS + 1), 1));
    assertEquals(SearchRequest.DEFAULT_WINDOW, request(20, 0, 0).window());
    assertEquals(500, request(500, 0, 0).window(), "a page larger than the default window widens it");
    assertThrows(IllegalArgumentException.class, () -> request(10, 0, SearchRequest.MAX_WINDOW + 1));
  }

  /** A medium that counts its decodes, around the real image medium. */
  private record CountingMedium(dev.mmsearch.media.Medium real, java.util.concurrent.atomic.AtomicInteger decodes)
      implements dev.mmsearch.media.Medium {
    @Override
    public dev.mmsearch.encode.Modality modality() {
      return real.modality();
    }

    @Override
    public Map<String, String> servedTypes() {
      return real.servedTypes();
    }

    @Override
    public String expected() {
      return real.expected();
    }

    @Override
    public long maxBytes() {
      return real.maxBytes();
    }

    @Override
    public dev.mmsearch.encode.EncoderInput decode(byte[] bytes) throws dev.mmsearch.extract.DecodeException {
      decodes.incrementAndGet();
      return real.decode(bytes);
    }
  }

  @Test
  void anUploadIsDecodedOnlyWhenItsEmbeddingsAreNotCached() throws Exception {
    FixedLists index = clipOnly();
    index.lists.put("clip.image", List.of(hit("a", 0.9, ALL), hit("b", 0.5, ALL)));
    var decodes = new java.util.concurrent.atomic.AtomicInteger();
    dev.mmsearch.media.Medium images = new CountingMedium(dev.mmsearch.media.Media.of(spaces,
        dev.mmsearch.media.MediaLimits.DEFAULTS, 0).forQueries().of(dev.mmsearch.encode.Modality.IMAGE).orElseThrow(), decodes);
    byte[] photo = java.nio.file.Files.readAllBytes(TestModels.reference("photo.png"));
    MultimodalSearcher cached = new MultimodalSearcher(spaces, index, dev.mmsearch.predict.Predictors.NONE,
        new dev.mmsearch.encode.EmbeddingCache(1 << 20));

    SearchResult first = cached.search(SearchRequest.of(QueryPart.Media.upload(images, photo, 1, null)));
    assertEquals(1, decodes.get());
    SearchResult again = cached.search(SearchRequest.of(QueryPart.Media.upload(images, photo.clone(), 1, null)));
    assertEquals(1, decodes.get(), "the same bytes again: answered from the cache without decoding them");
    assertEquals(first.hits().stream().map(h -> h.item().id()).toList(), again.hits().stream().map(h -> h.item().id()).toList());
    assertEquals(first.hits().getFirst().score(), again.hits().getFirst().score(), 0.0);

    // Without a cache every query decodes; a part that names no image field asks for no pixels at all.
    MultimodalSearcher uncached = new MultimodalSearcher(spaces, index);
    uncached.search(SearchRequest.of(QueryPart.Media.upload(images, photo, 1, null)));
    assertEquals(2, decodes.get());
    uncached.search(new SearchRequest(List.of(QueryPart.Media.upload(images, photo, 1, null), new QueryPart.Text("q", 1)), 10, 0,
        0, null, null, Double.NEGATIVE_INFINITY, Set.of(), Set.of("text"), null));
    assertEquals(2, decodes.get(), "the image's fields deselected: nothing to embed, nothing decoded");

    // Bytes that do not decode are refused when the search needs them, naming the part of a JSON query.
    byte[] broken = java.util.Arrays.copyOf(photo, 100);
    MediaRejectedException refused = assertThrows(MediaRejectedException.class,
        () -> cached.search(SearchRequest.of(QueryPart.Media.upload(images, broken, 1, 2))));
    assertTrue(refused.getMessage().startsWith("part 2: "), refused.getMessage());
    assertEquals("image", refused.medium());
    assertEquals(3, decodes.get());
  }
}
