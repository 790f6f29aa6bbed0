package dev.mmsearch.index;

import java.util.Set;

/**
 * What the index holds for an item, without loading it: enough for the indexer to decide whether
 * an input is already done.
 *
 * @param contentHash hash of the inputs the stored data came from
 * @param fields the searchable fields it has (vector fields, and {@value Hit#TEXT} when it has text)
 * @param thumbnail whether a preview is stored
 */
public record ItemState(String contentHash, Set<String> fields, boolean thumbnail) {
  public ItemState {
    fields = Set.copyOf(fields);
  }
}
