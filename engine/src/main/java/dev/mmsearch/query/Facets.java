package dev.mmsearch.query;

import dev.mmsearch.index.Filter;
import dev.mmsearch.index.Item;
import dev.mmsearch.index.ItemReader;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a ranking's items have in common: for every keyword metadata key its most frequent values,
 * and for every numeric key the span of its values, over the whole fused ranking a pager can reach
 * (not only the page), so a search UI can offer filters that narrow the results the user is
 * looking at.
 *
 * <p><b>What a count counts.</b> The filters run inside the kNN search, so ticking a value finds
 * every item with it that the query's lists reach, not only those already in the ranking's window:
 * "jpeg (3)" among the first 100 can give 17 results. {@link #count(ItemReader, SearchResult, int)}
 * therefore reports, for each value, the total the same query answers with that value as its
 * filter on the key ({@link Narrowing}, at most the window): the number of results ticking it
 * gives. The values offered are still the ranking's own, most frequent first.
 * {@link #count(ItemReader, Collection, int)} counts the listed items only.
 *
 * @param size items in the ranking
 * @param keywords per key, up to {@code maxValues} values by decreasing count (ties by how often
 *     the ranking has them, then by value)
 * @param numbers per numeric key, the smallest and largest value over the ranking and how many of
 *     its items have one
 */
public record Facets(int size, Map<String, Keyword> keywords, Map<String, NumberSpan> numbers) {

  /** Most values reported per keyword key. */
  public static final int DEFAULT_MAX_VALUES = 12;
  /** Most keyword keys, and most numeric keys, counted. */
  public static final int MAX_KEYS = 64;

  /**
   * One keyword key's values.
   *
   * @param values the most frequent values
   * @param distinct how many different values the items have (more than {@code values} lists when cut)
   */
  public record Keyword(List<ValueCount> values, int distinct) {
    public Keyword {
      values = List.copyOf(values);
    }
  }

  /** A value and the number of counted items that have it. */
  public record ValueCount(String value, int count) {}

  /** The span of a numeric key's values over the counted items that have it. */
  public record NumberSpan(double min, double max, int count) {}

  public Facets {
    keywords = java.util.Collections.unmodifiableMap(new TreeMap<>(keywords));
    numbers = java.util.Collections.unmodifiableMap(new TreeMap<>(numbers));
  }

  /**
   * The facets of a search: values and spans from its ranking; each value's count is the total the
   * query gives with that value as its filter on the key ({@link SearchResult#narrowing()}), or,
   * when the result cannot say, the items of the ranking that have it. At most
   * {@value #MAX_KEYS} keys × {@code maxValues} narrowed totals, each costing about one filtered
   * search ({@link MultimodalSearcher}).
   */
  public static Facets count(ItemReader index, SearchResult result, int maxValues) {
    Facets inRanking = count(index, result.ranking(), maxValues);
    Narrowing narrowing = result.narrowing();
    if (narrowing == null) {
      return inRanking;
    }
    Map<String, Keyword> keywords = new HashMap<>();
    inRanking.keywords().forEach((key, keyword) -> {
      Map<String, Integer> inWindow = new HashMap<>();
      List<ValueCount> values = new ArrayList<>();
      for (ValueCount v : keyword.values()) {
        int total = narrowing.total(key, v.value());
        inWindow.put(v.value(), v.count());
        values.add(new ValueCount(v.value(), total < 0 ? v.count() : total));
      }
      values.sort(Comparator.comparingInt(ValueCount::count).reversed()
          .thenComparingInt(v -> -inWindow.get(v.value())).thenComparing(ValueCount::value));
      keywords.put(key, new Keyword(values, keyword.distinct()));
    });
    return new Facets(inRanking.size(), keywords, inRanking.numbers());
  }

  /**
   * Counts the items of {@code ids} (ids no longer in the index are skipped). Items are read one
   * at a time; what is kept is the counts: at most {@value #MAX_KEYS} keyword and {@value #MAX_KEYS}
   * numeric keys (the first met), and only values a filter can name (at most
   * {@value Filter#MAX_VALUE_CHARS} characters).
   */
  public static Facets count(ItemReader index, Collection<String> ids, int maxValues) {
    if (maxValues < 1) {
      throw new IllegalArgumentException("maxValues must be positive, got: " + maxValues);
    }
    Counter counter = new Counter();
    index.describe(ids, counter::add);
    return counter.facets(maxValues);
  }

  private static final class Counter {
    private final Map<String, Map<String, Integer>> counts = new HashMap<>();
    private final Map<String, double[]> spans = new HashMap<>();
    private int size;

    void add(Item item) {
      size++;
      item.metadata().forEach((key, values) -> {
        Map<String, Integer> byValue = counts.get(key);
        if (byValue == null && counts.size() < MAX_KEYS) {
          counts.put(key, byValue = new HashMap<>());
        }
        if (byValue != null) {
          Map<String, Integer> into = byValue;
          // An item with a value twice counts once.
          values.stream().distinct().filter(v -> v.length() <= Filter.MAX_VALUE_CHARS).forEach(v -> into.merge(v, 1, Integer::sum));
        }
      });
      item.numbers().forEach((key, v) -> {
        double[] span = spans.get(key);
        if (span == null && spans.size() < MAX_KEYS) {
          spans.put(key, span = new double[] {v, v, 0});
        }
        if (span != null) {
          span[0] = Math.min(span[0], v);
          span[1] = Math.max(span[1], v);
          span[2]++;
        }
      });
    }

    Facets facets(int maxValues) {
      Map<String, Keyword> keywords = new HashMap<>();
      counts.forEach((key, byValue) -> {
        List<ValueCount> values = new ArrayList<>();
        byValue.forEach((v, c) -> values.add(new ValueCount(v, c)));
        values.sort(Comparator.comparingInt(ValueCount::count).reversed().thenComparing(ValueCount::value));
        keywords.put(key, new Keyword(values.subList(0, Math.min(maxValues, values.size())), values.size()));
      });
      Map<String, NumberSpan> numbers = new HashMap<>();
      spans.forEach((key, s) -> numbers.put(key, new NumberSpan(s[0], s[1], (int) s[2])));
      return new Facets(size, keywords, numbers);
    }
  }
}
