package dev.mmsearch.dup;

import dev.mmsearch.derive.ContentDigest;
import dev.mmsearch.index.Filter;
import dev.mmsearch.index.Hit;
import dev.mmsearch.index.IndexSchema;
import dev.mmsearch.index.Item;
import dev.mmsearch.index.ItemReader;
import dev.mmsearch.index.VectorFieldSpec;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongConsumer;

/**
 * Groups an index's items at a level by a kNN self-join: each item's stored vector in a field is a
 * query for its {@value #NEIGHBOURS} nearest items there, and every neighbour within the level's
 * threshold joins its group (single linkage, union–find). Work is one kNN search per item and field
 * (not all pairs); memory is a few arrays of one entry per item plus one group's members at a time
 * when suggesting what to keep, whatever the number of pairs.
 *
 * <ul>
 *   <li><b>exact</b>: equal {@value ContentDigest#KEY} keywords (read in chunks of {@value #CHUNK} items);
 *   <li><b>near</b>: exact, plus signatures within {@link Thresholds#pictureBits} or {@link Thresholds#soundBits}
 *       in the fields made by the {@code signature} and {@code soundprint} spaces (found by their model's identity, whatever the space is called);
 *   <li><b>similar</b>: near, plus cosine ≥ {@link Thresholds#similarCosine} in {@link Thresholds#similarField}.
 * </ul>
 *
 * <p>Single linkage chains: a burst of many shots, each close to the next, becomes one group even when
 * its first and last shots are far apart (docs/quality.md says how often this happened in the measurement).
 * Not thread-safe; the reader is only read.
 */
public final class DuplicateFinder {

  /** Neighbours fetched per item and field: enough that a group of this many copies is joined directly, larger ones by chains. */
  public static final int NEIGHBOURS = 24;
  /** Items described at once for the exact level and for suggestions. */
  static final int CHUNK = 512;

  /** Told every neighbour pair the join looks at, within the threshold or not: for calibrating thresholds. */
  @FunctionalInterface
  public interface PairListener {
    /** {@code score}: the field's similarity (cosine: {@code 1 − 2·hamming/bits} for signatures). */
    void pair(String field, String a, String b, float score);

    PairListener NONE = (field, a, b, score) -> {};
  }

  private final ItemReader reader;
  private final Thresholds thresholds;
  private PairListener pairs = PairListener.NONE;

  public DuplicateFinder(ItemReader reader, Thresholds thresholds) {
    this.reader = reader;
    this.thresholds = thresholds;
  }

  /** Tells {@code listener} every neighbour pair looked at (each pair once from each side). */
  public DuplicateFinder listening(PairListener listener) {
    this.pairs = listener;
    return this;
  }

  /** The fields holding picture signatures and sound prints, by the identity of the model that made them. */
  static List<VectorFieldSpec> signatureFields(IndexSchema schema) {
    return schema.fields().values().stream()
        .filter(f -> f.model().name().equals("picture-signature") || f.model().name().equals("sound-print"))
        .sorted(Comparator.comparing(VectorFieldSpec::name)).toList();
  }

  /**
   * Finds the groups of {@code level}.
   *
   * @param progress told the number of items done per pass, for a progress bar (may be a no-op)
   * @throws IllegalArgumentException when the index lacks what the level compares (no signature
   *     field for near, no {@code similarField} for similar)
   */
  public DuplicateGroups find(DuplicateLevel level, LongConsumer progress) {
    long t0 = System.nanoTime();
    IndexSchema schema = reader.schema();
    List<VectorFieldSpec> signatures = signatureFields(schema);
    if (level != DuplicateLevel.EXACT && signatures.isEmpty()) {
      throw new IllegalArgumentException("the index has no signature fields: add \"signature\": {\"derived\": \"signature\"} and "
          + "\"soundprint\": {\"derived\": \"soundprint\"} to the catalog's spaces and index again (fields now: " + schema.fields().keySet() + ")");
    }
    if (level == DuplicateLevel.SIMILAR && !schema.fields().containsKey(thresholds.similarField())) {
      throw new IllegalArgumentException("the index has no field " + thresholds.similarField() + " to compare similar pictures in "
          + "(fields: " + schema.fields().keySet() + ")");
    }
    List<String> ids = new ArrayList<>();
    reader.forEachItem((id, source) -> ids.add(id));
    ids.sort(null);
    Map<String, Integer> index = new HashMap<>(ids.size() * 2);
    for (int i = 0; i < ids.size(); i++) {
      index.put(ids.get(i), i);
    }
    UnionFind sets = new UnionFind(ids.size());
    Map<String, Long> joined = new LinkedHashMap<>();
    joined.put("exact", joinDigests(ids, index, sets, progress));
    if (level != DuplicateLevel.EXACT) {
      for (VectorFieldSpec f : signatures) {
        int bits = f.dimension();
        int most = f.model().name().equals("picture-signature") ? thresholds.pictureBits() : thresholds.soundBits();
        double least = 1 - 2.0 * most / bits - 1e-4;
        joined.put(f.name(), joinField(f.name(), least, ids, index, sets, progress));
      }
    }
    if (level == DuplicateLevel.SIMILAR) {
      joined.put(thresholds.similarField(), joinField(thresholds.similarField(), thresholds.similarCosine() - 1e-6, ids, index,
          sets, progress));
    }
    long t1 = System.nanoTime();
    DuplicateGroups groups = groups(level, ids, sets);
    long t2 = System.nanoTime();
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("level", level.id());
    summary.put("items", ids.size());
    summary.put("groups", groups.groups().size());
    summary.put("itemsInGroups", groups.members());
    summary.put("largestGroup", groups.groups().isEmpty() ? 0 : groups.groups().getFirst().members().size());
    summary.put("pairsWithinThreshold", joined);
    summary.put("thresholds", Map.of("pictureBits", thresholds.pictureBits(), "soundBits", thresholds.soundBits(),
        "similarField", thresholds.similarField(), "similarCosine", thresholds.similarCosine()));
    summary.put("neighbours", NEIGHBOURS);
    summary.put("indexVersion", reader.stats().version());
    summary.put("joinSeconds", (t1 - t0) / 1e9);
    summary.put("suggestSeconds", (t2 - t1) / 1e9);
    return new DuplicateGroups(level, groups.groups(), summary);
  }

  private long joinDigests(List<String> ids, Map<String, Integer> index, UnionFind sets, LongConsumer progress) {
    Map<String, Integer> first = new HashMap<>();
    long[] pairs = {0};
    for (int from = 0; from < ids.size(); from += CHUNK) {
      reader.describe(ids.subList(from, Math.min(ids.size(), from + CHUNK)), item -> {
        List<String> digest = item.metadata().get(ContentDigest.KEY);
        if (digest != null) {
          for (String d : digest) {
            Integer i = index.get(item.id());
            Integer other = first.putIfAbsent(d, i);
            if (other != null) {
              sets.union(other, i);
              pairs[0]++;
            }
          }
        }
      });
      progress.accept(Math.min(ids.size(), from + CHUNK));
    }
    return pairs[0];
  }

  private long joinField(String field, double least, List<String> ids, Map<String, Integer> index, UnionFind sets,
      LongConsumer progress) {
    long joined = 0;
    for (int i = 0; i < ids.size(); i++) {
      Optional<float[]> v = reader.vector(ids.get(i), field);
      if (v.isPresent()) {
        for (Hit h : reader.knn(field, v.get(), NEIGHBOURS, Filter.NONE)) {
          Integer j = index.get(h.id());
          if (j != null && j != i) {
            pairs.pair(field, ids.get(i), h.id(), h.score());
          }
          if (j != null && j != i && h.score() >= least) {
            sets.union(i, j);
            joined++;
          }
        }
      }
      if ((i + 1) % CHUNK == 0 || i == ids.size() - 1) {
        progress.accept(i + 1);
      }
    }
    return joined;
  }

  /** Sets of two or more as groups, largest first, each with its keep suggestion (members described one group at a time). */
  private DuplicateGroups groups(DuplicateLevel level, List<String> ids, UnionFind sets) {
    Map<Integer, List<String>> byRoot = new HashMap<>();
    for (int i = 0; i < ids.size(); i++) {
      if (sets.size(i) > 1) {
        byRoot.computeIfAbsent(sets.find(i), r -> new ArrayList<>()).add(ids.get(i));
      }
    }
    List<List<String>> lists = new ArrayList<>(byRoot.values());
    lists.sort(Comparator.comparingInt((List<String> l) -> -l.size()).thenComparing(List::getFirst));
    List<DuplicateGroups.Group> out = new ArrayList<>(lists.size());
    for (List<String> members : lists) {
      List<Item> described = new ArrayList<>(members.size());
      reader.describe(members, described::add);
      out.add(new DuplicateGroups.Group(out.size() + 1, members, KeepSuggestion.choose(described)));
    }
    return new DuplicateGroups(level, out, Map.of());
  }
}
