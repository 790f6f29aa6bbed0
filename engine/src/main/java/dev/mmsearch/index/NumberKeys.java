package dev.mmsearch.index;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListSet;

/**
 * The numeric metadata keys written to an index, kept in its commit data under {@link #COMMIT_KEY}
 * (a JSON array), so a reader can tell a misspelt sort key or target ({@code "widht"}) from a key
 * that no item has yet without scanning the index, the same way on every backend (a Solr
 * collection cannot list its dynamic fields across shards in one request).
 *
 * <p>A writer records the keys of the items it upserts ({@link #saw}) and merges them into each
 * commit ({@link #mergeInto}); keys are never removed, so a key every item has lost since stays
 * known (it finds nothing, which is not an error). An index committed before the list existed, or
 * whose items have no numbers yet, has none: {@link #of} is then empty and readers accept any key.
 * Thread-safe.
 */
public final class NumberKeys {

  /** Commit-data key of the list. */
  public static final String COMMIT_KEY = "mmsearch.numberKeys";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Set<String> seen = new ConcurrentSkipListSet<>();

  /** Records the keys of one written item. */
  public void saw(Collection<String> keys) {
    seen.addAll(keys);
  }

  /**
   * Adds the keys seen so far to {@code data} (the commit data about to be written, holding the
   * previous commit's list, if any). No list is started before the first key: an index without
   * numbers accepts any key, as one written before the list existed.
   */
  public void mergeInto(Map<String, String> data) {
    SortedSet<String> all = of(data).orElseGet(TreeSet::new);
    all.addAll(seen);
    if (all.isEmpty()) {
      return;
    }
    try {
      data.put(COMMIT_KEY, JSON.writeValueAsString(all));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The keys recorded in {@code commitData}, or empty when the index predates the list. */
  public static Optional<SortedSet<String>> of(Map<String, String> commitData) {
    String json = commitData.get(COMMIT_KEY);
    if (json == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(new TreeSet<>(JSON.readValue(json, new TypeReference<Set<String>>() {})));
    } catch (JsonProcessingException e) {
      throw new IndexSchemaException("index commit data has an unreadable " + COMMIT_KEY + ": " + e.getOriginalMessage());
    }
  }
}
