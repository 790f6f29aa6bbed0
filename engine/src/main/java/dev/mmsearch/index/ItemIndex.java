package dev.mmsearch.index;

import java.io.Closeable;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The narrow contract between mmsearch and its storage: add, delete, kNN per field with a filter,
 * BM25, get. The embedded Lucene index implements it; a distributed backend can implement it too,
 * and nothing above this interface (encoders, query planning) depends on Lucene.
 *
 * <p>Writes are only allowed on an index opened for writing, and only one such instance exists
 * per index at a time (see {@link LuceneItemIndex}). Reads are thread-safe.
 */
public interface ItemIndex extends Closeable {

  /**
   * Commit-data key under which the indexer records the folders it read (JSON array of absolute
   * paths); the API serves original files only from under these roots.
   */
  String ROOTS_COMMIT_KEY = "mmsearch.roots";

  /** The vector fields this index holds. */
  IndexSchema schema();

  /** Adds or replaces the item with {@code item.id()}. Visible to searches after {@link #commit}. */
  void upsert(Item item);

  /** Deletes an item; deleting an absent id is not an error. */
  void delete(String id);

  /**
   * Makes all changes durable and visible, atomically, recording {@code userData} (e.g. the
   * indexer's progress) alongside the schema. Keys not in {@code userData} keep their last value.
   */
  void commit(Map<String, String> userData);

  /** The user data of the last commit, without the schema. */
  Map<String, String> commitData();

  /**
   * The {@code k} nearest items to {@code vector} in {@code field}, best first, among items that
   * pass {@code filter}. Scores are the field's similarity (cosine for cosine spaces).
   *
   * @throws IllegalArgumentException for an unknown field, a dimension mismatch or k &lt; 1
   */
  List<Hit> knn(String field, float[] vector, int k, Filter filter);

  /** The {@code k} best items for {@code text} by BM25 over item text, among items that pass {@code filter}. */
  List<Hit> bm25(String text, int k, Filter filter);

  /** Most targets one {@link #closest} call scores. */
  int MAX_TARGETS = 16;

  /**
   * The {@code k} items whose numeric metadata lies closest to {@code targets}, best first, among
   * items that pass {@code filter}: score is the mean {@link NumberTarget#closeness} (0–1, a missing
   * value counting 0); items scoring under {@value #MIN_CLOSENESS} are left out, so a small
   * collection does not fill the list with items that match nothing.
   *
   * @throws IllegalArgumentException for no targets or more than {@value #MAX_TARGETS}, or k &lt; 1
   */
  List<Hit> closest(List<NumberTarget> targets, int k, Filter filter);

  /** Closeness under which {@link #closest} drops an item: more than about three scales off on every target. */
  double MIN_CLOSENESS = 0.01;

  /** The stored item, with its thumbnail and without vectors. */
  Optional<Item> get(String id);

  /**
   * Visits the stored items of {@code ids} without thumbnails or vectors (absent ids are left
   * out), one at a time over one view: for facet counts over a whole ranking, where holding the
   * items or their previews would only cost memory.
   */
  void describe(java.util.Collection<String> ids, java.util.function.Consumer<Item> visitor);

  /** One numeric metadata value of each item that has it (absent ids and items without the key are left out): for sorting results. */
  Map<String, Double> numbers(java.util.Collection<String> ids, String key);

  /** The item's preview JPEG, made at index time; empty for items without one. */
  Optional<byte[]> thumbnail(String id);

  /** One stored vector of an item. */
  Optional<float[]> vector(String id, String field);

  /** Content hash and fields of an item, to skip inputs already done. */
  Optional<ItemState> state(String id);

  /** Calls {@code visitor} with the id and source of every item. */
  void forEachItem(java.util.function.BiConsumer<String, String> visitor);

  IndexStats stats();

  /**
   * Why searches see an older version than the latest commit (the newest commit could not be
   * opened, e.g. it holds vectors of another model), or empty when they see the latest. Searches
   * keep being answered from the last good version meanwhile.
   */
  default Optional<String> staleReason() {
    return Optional.empty();
  }
}
