package dev.mmsearch.index;

import java.io.Closeable;
import java.util.Collection;
import java.util.Map;

/**
 * The write half of the storage contract: what the indexer, the bulk job and {@code optimize} do to
 * an index. Writes are visible to searches only after {@link #commit}, atomically.
 *
 * <p>Who may write differs by backend and is said there: one process per embedded index; the shard
 * leaders of a cluster, fed by any number of clients.
 */
public interface ItemWriter extends Closeable {

  /** The vector fields this index holds: every vector written must fit its field. */
  IndexSchema schema();

  /** Adds or replaces the item with {@code item.id()}. Visible to searches after {@link #commit}. */
  void upsert(Item item);

  /**
   * Adds or replaces many items: one bulk request where the backend is remote. Same effect as
   * {@link #upsert} on each, in order.
   */
  default void upsertAll(Collection<Item> items) {
    items.forEach(this::upsert);
  }

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
   * Merges the index down to at most {@code maxSegments} segments (per shard in a cluster) and
   * commits: after a bulk load, fewer HNSW graphs per query. Takes minutes on large indexes;
   * searches keep being answered meanwhile.
   */
  void forceMerge(int maxSegments);
}
