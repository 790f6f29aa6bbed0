package dev.mmsearch.index;

import java.io.Closeable;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.SortedSet;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * The read half of the storage contract: what search, facets, calibration and the API use — kNN
 * per field with a filter, BM25, closeness to numeric targets, stored items, previews, vectors and
 * counts. Every backend implements it the same way (one contract test, {@code ItemIndexContractTestCase}, runs on each), so callers
 * choose a backend by configuration alone ({@link IndexBackend}).
 *
 * <p>Depend on this interface where code only reads: a searcher then cannot write by mistake, and a
 * test can stand in for the index with a few fixed lists. Reads are thread-safe.
 */
public interface ItemReader extends Closeable {

  /**
   * Fewest HNSW candidates a search explores; more candidates trade latency for recall. 50 keeps
   * recall@10 ≥ 0.95 on 100k real vectors (docs/benchmarks.md), where Lucene's default of k (10)
   * did not. See {@link VectorFieldSpec#candidates}.
   */
  int NUM_CANDIDATES = 50;

  /** Largest {@code k} one field search may ask for; bounds memory per query. */
  int MAX_K = 10_000;

  /** Most targets one {@link #closest} call scores. */
  int MAX_TARGETS = 16;

  /** Closeness under which {@link #closest} drops an item: more than about three scales off on every target. */
  double MIN_CLOSENESS = 0.01;

  /**
   * Commit-data key under which the indexer records the folders it read (JSON array of absolute
   * paths); the API serves original files only from under these roots.
   */
  String ROOTS_COMMIT_KEY = "mmsearch.roots";

  /** @throws IllegalArgumentException unless {@code 1 ≤ k ≤} {@value #MAX_K} */
  static void checkK(int k) {
    if (k < 1 || k > MAX_K) {
      throw new IllegalArgumentException("k must be in 1.." + MAX_K + ", got: " + k);
    }
  }

  /** The argument rules of {@link #closest}, checked alike by every backend before it builds a query. */
  static void checkClosest(List<NumberTarget> targets, int k) {
    checkK(k);
    if (targets.isEmpty() || targets.size() > MAX_TARGETS) {
      throw new IllegalArgumentException("a metadata part needs 1.." + MAX_TARGETS + " targets, got: " + targets.size());
    }
  }

  /** The vector fields this index holds. */
  IndexSchema schema();

  /** The user data of the last commit, without the schema. */
  Map<String, String> commitData();

  /**
   * The numeric metadata keys items were written with ({@link NumberKeys}), or empty when the
   * index was committed before they were recorded.
   */
  default Optional<SortedSet<String>> numberKeys() {
    return NumberKeys.of(commitData());
  }

  /**
   * The {@code k} nearest items to {@code vector} in {@code field}, best first, among items that
   * pass {@code filter}. Scores are the field's similarity (cosine for cosine spaces). An item with
   * moments (a video) is also found through them: it scores as its best moment in the field when
   * that beats its own vector, and its hit names that moment ({@link Hit#span}) where the backend
   * searches moments ({@link #searchesMoments}).
   *
   * @throws IllegalArgumentException for an unknown field, a dimension mismatch or k &lt; 1
   */
  List<Hit> knn(String field, float[] vector, int k, Filter filter);

  /**
   * How many items pass {@code filter} and hold a vector in {@code field} — the most a
   * {@link #knn} on that field can return — when the index can count them without a search; empty
   * when it cannot (the default), and callers then search. Facet counts use it to skip searches that
   * would fill their window anyway.
   */
  default OptionalInt countWithVector(String field, Filter filter) {
    return OptionalInt.empty();
  }

  /** The {@code k} best items for {@code text} by BM25 over item text, among items that pass {@code filter}. */
  List<Hit> bm25(String text, int k, Filter filter);

  /**
   * The {@code k} best items for {@code text} by BM25 over the text read in their pictures
   * ({@link Item#pictureText()}), analysed as item text is, among items that pass {@code filter}.
   */
  List<Hit> pictureText(String text, int k, Filter filter);

  /**
   * The {@code k} best items whose picture text holds {@code text} as a sub-string, letters and
   * digits only and allowing a few misread characters ({@link TextGrams}), scored by BM25 over the
   * character trigrams they share with it; none when {@code text} has fewer than three letters and
   * digits.
   */
  List<Hit> pictureTextSubstring(String text, int k, Filter filter);

  /**
   * The {@code k} items whose numeric metadata lies closest to {@code targets}, best first, among
   * items that pass {@code filter}: score is the mean {@link NumberTarget#closeness} (0–1, a missing
   * value counting 0); items scoring under {@value #MIN_CLOSENESS} are left out, so a small
   * collection does not fill the list with items that match nothing.
   *
   * @throws IllegalArgumentException for no targets or more than {@value #MAX_TARGETS}, or k &lt; 1
   */
  List<Hit> closest(List<NumberTarget> targets, int k, Filter filter);

  /**
   * Whether {@link #knn} finds items through their moments, and {@link #moments} and
   * {@link #momentThumbnail} return them. Where not (a cluster), an item with moments is found by
   * its own vectors only, and its moments' times are still listed with it ({@link Item#moments}).
   */
  default boolean searchesMoments() {
    return false;
  }

  /**
   * The moments of each of {@code ids} that has any, in time order, with their vectors in those of
   * {@code fields} they have (no thumbnails): to rank a hit's moments against a query. Empty where
   * the backend does not search moments.
   */
  default Map<String, List<Moment>> moments(Collection<String> ids, Collection<String> fields) {
    return Map.of();
  }

  /** The preview JPEG of an item's moment (0-based, in time order); empty when it has none. */
  default Optional<byte[]> momentThumbnail(String id, int moment) {
    return Optional.empty();
  }

  /** The stored item, with its thumbnail and without vectors. */
  Optional<Item> get(String id);

  /**
   * The stored items of {@code ids} as a page of results shows them, by id (absent ids are left
   * out): one request where the backend is remote, so a page of hits costs one round trip. Thumbnail
   * bytes need not be read ({@link Item#THUMBNAIL_NOT_READ} stands for them; the page fetches each
   * from {@link #thumbnail}): a page shows only whether an item has one, and reading them would
   * decompress every preview of the page to throw them away.
   */
  default Map<String, Item> getAll(Collection<String> ids) {
    Map<String, Item> out = new LinkedHashMap<>();
    for (String id : ids) {
      get(id).ifPresent(item -> out.put(id, item));
    }
    return out;
  }

  /**
   * Visits the stored items of {@code ids} without thumbnails or vectors (absent ids are left
   * out), one at a time over one view: for facet counts over a whole ranking, where holding the
   * items or their previews would only cost memory.
   */
  void describe(Collection<String> ids, Consumer<Item> visitor);

  /** One numeric metadata value of each item that has it (absent ids and items without the key are left out): for sorting results. */
  Map<String, Double> numbers(Collection<String> ids, String key);

  /** The item's preview JPEG, made at index time; empty for items without one. */
  Optional<byte[]> thumbnail(String id);

  /** One stored vector of an item. */
  Optional<float[]> vector(String id, String field);

  /**
   * The stored vectors in {@code field} of each of {@code ids} that has one, by id: one request
   * where the backend is remote (a calibration reads hundreds).
   */
  default Map<String, float[]> vectors(Collection<String> ids, String field) {
    Map<String, float[]> out = new LinkedHashMap<>();
    for (String id : ids) {
      vector(id, field).ifPresent(v -> out.put(id, v));
    }
    return out;
  }

  /** Content hash and fields of an item, to skip inputs already done. */
  Optional<ItemState> state(String id);

  /**
   * What the index holds for each of {@code ids} that it has (absent ids are left out): one
   * request where the backend is remote, so a bulk job checks a whole batch at once.
   */
  default Map<String, ItemState> states(Collection<String> ids) {
    Map<String, ItemState> out = new LinkedHashMap<>();
    for (String id : ids) {
      state(id).ifPresent(s -> out.put(id, s));
    }
    return out;
  }

  /** Calls {@code visitor} with the id and source of every item (a cluster scrolls, in pages). */
  void forEachItem(BiConsumer<String, String> visitor);

  IndexStats stats();

  /**
   * Whether searches of several ranked lists for one query should be sent at once: true where
   * each search waits on other machines (a cluster), false where it only uses this machine's cores
   * (embedded: in parallel they measured slower on 2 cores under load, docs/benchmarks.md).
   */
  default boolean searchesInParallel() {
    return false;
  }

  /**
   * Why searches see an older version than the latest commit (the newest commit could not be
   * opened, e.g. it holds vectors of another model), or empty when they see the latest. Searches
   * keep being answered from the last good version meanwhile.
   */
  default Optional<String> staleReason() {
    return Optional.empty();
  }
}
