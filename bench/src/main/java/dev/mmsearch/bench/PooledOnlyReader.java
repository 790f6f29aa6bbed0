package dev.mmsearch.bench;

import dev.mmsearch.index.Filter;
import dev.mmsearch.index.Hit;
import dev.mmsearch.index.IndexSchema;
import dev.mmsearch.index.IndexStats;
import dev.mmsearch.index.Item;
import dev.mmsearch.index.ItemReader;
import dev.mmsearch.index.ItemState;
import dev.mmsearch.index.NumberTarget;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * The video benchmark's baseline: the same index read as if videos had no moments. A kNN list
 * scores every item by its own (pooled) vector only, exactly (a dot product with every stored item
 * vector: the index's fields hold unit vectors in cosine spaces, and a dot product in the others,
 * as {@link ItemReader#knn} scores them), and names no moment; {@link #searchesMoments} is false, so
 * a searcher ranks no moments either. Everything else (items, calibration, BM25, metadata) is the
 * index's own. For a small collection only: it holds every item vector in memory, and accepts no
 * filter but {@link Filter#NONE}.
 */
final class PooledOnlyReader implements ItemReader {

  private final ItemReader index;
  /** Per field, per item holding it, its pooled vector. */
  private final Map<String, Map<String, float[]>> vectors = new LinkedHashMap<>();
  /** Per item, its searchable fields as {@link Hit#fields} lists them. */
  private final Map<String, Set<String>> fieldsOf = new LinkedHashMap<>();

  PooledOnlyReader(ItemReader index) {
    this.index = index;
    List<String> ids = new ArrayList<>();
    index.forEachItem((id, source) -> ids.add(id));
    for (String id : ids) {
      Set<String> fields = new HashSet<>(index.state(id).map(ItemState::fields).orElse(Set.of()));
      if (index.get(id).map(Item::text).filter(t -> !t.isEmpty()).isPresent()) {
        fields.add(Hit.TEXT);
      }
      fieldsOf.put(id, Set.copyOf(fields));
      for (String field : index.schema().fields().keySet()) {
        index.vector(id, field).ifPresent(v -> vectors.computeIfAbsent(field, f -> new LinkedHashMap<>()).put(id, v));
      }
    }
  }

  @Override
  public List<Hit> knn(String field, float[] vector, int k, Filter filter) {
    ItemReader.checkK(k);
    if (filter != Filter.NONE) {
      throw new IllegalArgumentException("the pooled-only baseline takes no filter, got: " + filter);
    }
    index.schema().require(field).checkDimension(vector);
    List<Hit> hits = new ArrayList<>();
    vectors.getOrDefault(field, Map.of()).forEach((id, v) -> {
      double dot = 0;
      for (int i = 0; i < v.length; i++) {
        dot += vector[i] * v[i];
      }
      hits.add(new Hit(id, (float) dot, fieldsOf.get(id)));
    });
    hits.sort(Comparator.comparingDouble((Hit h) -> -h.score()).thenComparing(Hit::id));
    return List.copyOf(hits.subList(0, Math.min(k, hits.size())));
  }

  @Override
  public boolean searchesMoments() {
    return false;
  }

  @Override
  public IndexSchema schema() {
    return index.schema();
  }

  @Override
  public Map<String, String> commitData() {
    return index.commitData();
  }

  @Override
  public OptionalInt countWithVector(String field, Filter filter) {
    return index.countWithVector(field, filter);
  }

  @Override
  public List<Hit> bm25(String text, int k, Filter filter) {
    return index.bm25(text, k, filter);
  }

  @Override
  public List<Hit> pictureText(String text, int k, Filter filter) {
    return index.pictureText(text, k, filter);
  }

  @Override
  public List<Hit> pictureTextSubstring(String text, int k, Filter filter) {
    return index.pictureTextSubstring(text, k, filter);
  }

  @Override
  public List<Hit> closest(List<NumberTarget> targets, int k, Filter filter) {
    return index.closest(targets, k, filter);
  }

  @Override
  public Optional<Item> get(String id) {
    return index.get(id);
  }

  @Override
  public Map<String, Item> getAll(Collection<String> ids) {
    return index.getAll(ids);
  }

  @Override
  public void describe(Collection<String> ids, Consumer<Item> visitor) {
    index.describe(ids, visitor);
  }

  @Override
  public Map<String, Double> numbers(Collection<String> ids, String key) {
    return index.numbers(ids, key);
  }

  @Override
  public Optional<byte[]> thumbnail(String id) {
    return index.thumbnail(id);
  }

  @Override
  public Optional<float[]> vector(String id, String field) {
    return index.vector(id, field);
  }

  @Override
  public Optional<ItemState> state(String id) {
    return index.state(id);
  }

  @Override
  public void forEachItem(BiConsumer<String, String> visitor) {
    index.forEachItem(visitor);
  }

  @Override
  public IndexStats stats() {
    return index.stats();
  }

  /** Leaves the index open: its owner closes it. */
  @Override
  public void close() throws IOException {}
}
