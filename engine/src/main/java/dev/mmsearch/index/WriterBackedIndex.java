package dev.mmsearch.index;

import java.util.Collection;
import java.util.Map;

/**
 * An {@link ItemIndex} whose writes all go to one {@link ItemWriter}: how each backend joins its
 * reader and its writer without repeating the delegation, and refuses writes the same way when it
 * was opened only for reading.
 */
public interface WriterBackedIndex extends ItemIndex {

  /**
   * The writer every write goes to.
   *
   * @throws IllegalStateException when the index was opened for reading only
   */
  ItemWriter writer();

  @Override
  default void upsert(Item item) {
    writer().upsert(item);
  }

  @Override
  default void upsertAll(Collection<Item> items) {
    writer().upsertAll(items);
  }

  @Override
  default void delete(String id) {
    writer().delete(id);
  }

  @Override
  default void commit(Map<String, String> userData) {
    writer().commit(userData);
  }

  @Override
  default void forceMerge(int maxSegments) {
    writer().forceMerge(maxSegments);
  }
}
