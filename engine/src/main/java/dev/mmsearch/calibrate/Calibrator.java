package dev.mmsearch.calibrate;

import dev.mmsearch.catalog.Space;
import dev.mmsearch.catalog.Spaces;
import dev.mmsearch.encode.Encoder;
import dev.mmsearch.encode.EncoderInput;
import dev.mmsearch.encode.Modality;
import dev.mmsearch.encode.Role;
import dev.mmsearch.index.Filter;
import dev.mmsearch.index.Hit;
import dev.mmsearch.index.IndexSchema;
import dev.mmsearch.index.Item;
import dev.mmsearch.index.ItemIndex;
import dev.mmsearch.index.ItemState;
import dev.mmsearch.index.VectorFieldSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Measures an index's {@link Calibration} from its own items: for each kind of ranked list a
 * query can make (query modality × field, and text against BM25), the scores of unrelated pairs
 * and of related pairs, and the mapping from the first to the second.
 *
 * <p>Queries are stand-ins made from sampled items, the way users query: a text query is a few
 * words of an item's caption (or the whole caption now and then), encoded as a query; a picture
 * or sound query is the item's stored vector of that modality. A <em>related</em> pair is a query
 * and another field of the same item (the words of a caption and its picture, or its sound; a
 * picture and its sound); an <em>unrelated</em> pair a query and a randomly drawn other item. A
 * query is never paired with the stored vector it is (a picture with itself). Sampling is seeded,
 * so the same index measures the same calibration.
 *
 * <p>Cost: about {@value #SAMPLE} sampled items, one text encoding of each caption fragment per
 * text encoder, {@value #UNRELATED_PER_QUERY} unrelated dot products per query and field, one BM25
 * search per fragment; seconds on the starter bundle.
 */
public final class Calibrator {

  /** Items sampled. */
  static final int SAMPLE = 400;
  /** Unrelated items each query is scored against, per field. */
  static final int UNRELATED_PER_QUERY = 16;
  /** Fewest unrelated pairs for measured unrelated statistics. */
  static final int MIN_UNRELATED = 100;
  /** Fewest related pairs for a fitted mapping; fewer take the fallback. */
  static final int MIN_RELATED = 20;
  /** BM25 hits read per fragment. */
  static final int BM25_DEPTH = 100;

  private static final Pattern WORDS = Pattern.compile("[^\\p{L}\\p{N}]+");

  private final Spaces spaces;
  private final ItemIndex index;
  private final long seed;

  public Calibrator(Spaces spaces, ItemIndex index, long seed) {
    this.spaces = spaces;
    this.index = index;
    this.seed = seed;
  }

  /** The seed every calibration of an index is measured with, so the same items measure the same. */
  public static final long SEED = 0x6d6d7365617263L;

  /**
   * Measures the calibration of {@code index} (its last commit) and commits it: what a writer does
   * once its changes are in. Readers pick it up with the commit.
   */
  public static Calibration commit(Spaces spaces, ItemIndex index) {
    Calibration c = new Calibrator(spaces, index, SEED).measure();
    index.commit(Map.of(Calibration.COMMIT_KEY, c.toJson()));
    return c;
  }

  /** Measures the calibration of the index as its readers see it now. */
  public Calibration measure() {
    List<String> ids = sample();
    Map<String, ItemState> states = index.states(ids);
    List<Item> items = new ArrayList<>();
    index.describe(ids, items::add);
    items.removeIf(i -> !states.containsKey(i.id()));
    IndexSchema schema = index.schema();
    SplittableRandom random = new SplittableRandom(seed);
    Map<String, String> fragments = new TreeMap<>();
    for (Item item : items) {
      String fragment = fragment(item.text(), random);
      if (fragment != null) {
        fragments.put(item.id(), fragment);
      }
    }
    // What users type to find a picture by the text in it: a few of its words. Drawn from their own
    // seed, so an index that reads pictures draws the same caption fragments as one that does not.
    Map<String, String> pictureFragments = new TreeMap<>();
    SplittableRandom pictureDraws = random("ocr fragments");
    for (Item item : items) {
      String fragment = item.pictureText() == null ? null : fragment(item.pictureText().text(), pictureDraws);
      if (fragment != null) {
        pictureFragments.put(item.id(), fragment);
      }
    }
    Map<Encoder, Map<String, float[]>> encodedPictureFragments = new IdentityHashMap<>();
    Map<String, FieldCalibration> out = new TreeMap<>();
    // A video's related pairs are its moments' (the same shot's frames and sound), not its whole's:
    // a whole video's mean frame and mean sound are of many shots, and barely related.
    List<String> timed = items.stream().filter(i -> !i.moments().isEmpty()).map(Item::id).toList();
    Map<String, List<dev.mmsearch.index.Moment>> moments = timed.isEmpty() || !index.searchesMoments() ? Map.of()
        : index.moments(timed, schema.fields().keySet());
    Set<String> timedIds = Set.copyOf(timed);
    long total = index.stats().items();
    // Items having a field, in the whole index: the sample's share of them, scaled up.
    java.util.function.ToLongFunction<Long> scaled = inSample -> items.isEmpty() ? 0 : Math.round((double) inSample * total / items.size());
    // Every stored vector the pairs below may use, one batch read per field.
    Map<String, float[]> cache = new HashMap<>();
    for (String field : schema.fields().keySet()) {
      List<String> holders = items.stream().filter(i -> states.get(i.id()).fields().contains(field)).map(Item::id).toList();
      if (!holders.isEmpty()) {
        index.vectors(holders, field).forEach((id, v) -> cache.put(field + "\u0000" + id, v));
      }
    }
    Map<Encoder, Map<String, float[]>> encodedFragments = new IdentityHashMap<>();
    for (Space space : spaces.all()) {
      for (Modality q : space.modalities()) {
        Map<String, float[]> queries = queries(space, q, items, states, fragments, encodedFragments, cache);
        for (VectorFieldSpec f : space.fields()) {
          if (!schema.fields().containsKey(f.name())) {
            continue;
          }
          // Text in pictures is queried by its own words, not by captions.
          Map<String, float[]> fieldQueries = q == Modality.TEXT && f.modality() == Modality.OCR
              ? queries(space, q, items, states, pictureFragments, encodedPictureFragments, cache) : queries;
          if (fieldQueries.isEmpty()) {
            continue;
          }
          // A picture query against its own stored picture field would pair each query with itself.
          boolean selfField = q != Modality.TEXT && f.modality() == q;
          List<String> holders = items.stream().filter(i -> states.get(i.id()).fields().contains(f.name())).map(Item::id).toList();
          Pairs pairs = new Pairs();
          SplittableRandom draws = random(Calibration.key(q.id(), f.name()));
          for (Map.Entry<String, float[]> query : fieldQueries.entrySet()) {
            String id = query.getKey();
            if (!selfField && states.get(id).fields().contains(f.name())) {
              if (q != Modality.TEXT && timedIds.contains(id)) {
                String queryField = VectorFieldSpec.fieldName(space.name(), q);
                for (dev.mmsearch.index.Moment m : moments.getOrDefault(id, List.of())) {
                  float[] a = m.vectors().get(queryField);
                  float[] b = m.vectors().get(f.name());
                  if (a != null && b != null) {
                    pairs.related.add(dot(a, b));
                  }
                }
              } else {
                pairs.related.add(dot(query.getValue(), vector(id, f.name(), cache)));
              }
            }
            for (String other : draw(holders, id, draws)) {
              pairs.unrelated.add(dot(query.getValue(), vector(other, f.name(), cache)));
            }
          }
          pairs.fit(Calibration.sameModality(q.id(), f.modality().id()), scaled.applyAsLong((long) holders.size()))
              .ifPresent(c -> out.put(Calibration.key(q.id(), f.name()), c));
        }
      }
    }
    long texted = items.stream().filter(i -> !i.text().isBlank()).count();
    List<String> captioned = items.stream().filter(i -> !i.text().isBlank()).map(Item::id).toList();
    bm25(captioned, fragments, index::bm25, random(Calibration.key(Modality.TEXT.id(), Hit.TEXT)))
        .fit(true, scaled.applyAsLong(texted)).ifPresent(c -> out.put(Calibration.key(Modality.TEXT.id(), Hit.TEXT), c));
    List<String> read = items.stream().filter(i -> i.pictureText() != null && !i.pictureText().isEmpty()).map(Item::id).toList();
    if (!read.isEmpty()) {
      Map<String, TextSearch> searches = Map.of(Hit.OCR, index::pictureText, Hit.OCR_SUBSTRING, index::pictureTextSubstring);
      searches.forEach((field, search) -> bm25(read, pictureFragments, search, random(Calibration.key(Modality.TEXT.id(), field)))
          .fit(true, scaled.applyAsLong((long) read.size()))
          .ifPresent(c -> out.put(Calibration.key(Modality.TEXT.id(), field), c)));
    }
    return new Calibration(out, total);
  }

  /** A text search of the index: BM25 over captions, over text in pictures, or its sub-strings. */
  @FunctionalInterface
  private interface TextSearch {
    List<Hit> search(String text, int k, Filter filter);
  }

  /** Query vectors of modality {@code q} in {@code space}, by the item they were made from. */
  private Map<String, float[]> queries(Space space, Modality q, List<Item> items, Map<String, ItemState> states,
      Map<String, String> fragments, Map<Encoder, Map<String, float[]>> encodedFragments, Map<String, float[]> cache) {
    if (q == Modality.TEXT) {
      Encoder encoder = space.encoder(q);
      return encodedFragments.computeIfAbsent(encoder, e -> {
        List<String> ids = new ArrayList<>(fragments.keySet());
        List<float[]> vectors = e.encode(ids.stream().map(id -> new EncoderInput.Text(fragments.get(id))).toList(), Role.QUERY);
        Map<String, float[]> m = new TreeMap<>();
        for (int i = 0; i < ids.size(); i++) {
          m.put(ids.get(i), vectors.get(i));
        }
        return m;
      });
    }
    String field = VectorFieldSpec.fieldName(space.name(), q);
    Map<String, float[]> m = new TreeMap<>();
    for (Item item : items) {
      if (states.get(item.id()).fields().contains(field)) {
        m.put(item.id(), vector(item.id(), field, cache));
      }
    }
    return m;
  }

  /**
   * A text search of fragments of the items' own text: against their own item (related) and drawn
   * others holding such text, {@code texted} (unrelated; 0 when not matched).
   */
  private static Pairs bm25(List<String> texted, Map<String, String> fragments, TextSearch search, SplittableRandom random) {
    Pairs pairs = new Pairs();
    for (Map.Entry<String, String> fragment : fragments.entrySet()) {
      Map<String, Double> scores = new HashMap<>();
      for (Hit h : search.search(fragment.getValue(), BM25_DEPTH, Filter.NONE)) {
        scores.put(h.id(), (double) h.score());
      }
      pairs.related.add(scores.getOrDefault(fragment.getKey(), 0.0));
      for (String other : draw(texted, fragment.getKey(), random)) {
        pairs.unrelated.add(scores.getOrDefault(other, 0.0));
      }
    }
    return pairs;
  }

  /** Related and unrelated scores of one kind of list. */
  private static final class Pairs {
    final List<Double> related = new ArrayList<>();
    final List<Double> unrelated = new ArrayList<>();

    Optional<FieldCalibration> fit(boolean sameModality, long holders) {
      if (unrelated.size() < MIN_UNRELATED) {
        return Optional.empty();
      }
      double mean = unrelated.stream().mapToDouble(Double::doubleValue).average().orElse(0);
      double var = unrelated.stream().mapToDouble(s -> (s - mean) * (s - mean)).sum() / unrelated.size();
      double sd = Math.sqrt(Math.max(var, 1e-12));
      FieldCalibration stats = new FieldCalibration(mean, sd, 0, holders, unrelated.size(), 0);
      if (related.size() < MIN_RELATED) {
        return Optional.of(Calibration.fallback(sameModality, stats));
      }
      // The slope of the log-likelihood ratio, related versus unrelated, per unit of z.
      Logistic.Fit fit = Logistic.fit(related.stream().mapToDouble(stats::z).toArray(), unrelated.stream().mapToDouble(stats::z).toArray());
      return Optional.of(new FieldCalibration(mean, sd, Math.max(0, fit.slope()), holders, unrelated.size(), related.size()));
    }
  }

  /**
   * The draws of one kind of list, seeded by its key: a space added to the catalog, or another
   * kind measured first, does not change what the others draw.
   */
  private SplittableRandom random(String key) {
    return new SplittableRandom(seed ^ mix(key.hashCode()));
  }

  /** Up to {@value #UNRELATED_PER_QUERY} ids of {@code from} other than {@code not}, drawn with replacement. */
  private static List<String> draw(List<String> from, String not, SplittableRandom random) {
    List<String> out = new ArrayList<>();
    if (from.isEmpty() || from.size() == 1 && from.getFirst().equals(not)) {
      return out;
    }
    while (out.size() < UNRELATED_PER_QUERY) {
      String id = from.get(random.nextInt(from.size()));
      if (!id.equals(not)) {
        out.add(id);
      }
    }
    return out;
  }

  /** A query a user might type for {@code text}: one to three consecutive words of it, or now and then all of it (to 12 words). */
  static String fragment(String text, SplittableRandom random) {
    String[] words = WORDS.split(text.strip());
    List<String> kept = new ArrayList<>();
    for (String w : words) {
      if (!w.isEmpty()) {
        kept.add(w);
      }
    }
    if (kept.isEmpty()) {
      return null;
    }
    int length = random.nextInt(4) == 0 ? Math.min(12, kept.size()) : Math.min(kept.size(), 1 + random.nextInt(3));
    int start = random.nextInt(kept.size() - length + 1);
    return String.join(" ", kept.subList(start, start + length));
  }

  /**
   * Up to {@value #SAMPLE} item ids, the same ones for the same index and seed: those whose
   * seeded hash is smallest, kept in a bounded heap while all ids stream by.
   */
  private List<String> sample() {
    PriorityQueue<Map.Entry<Long, String>> largestFirst = new PriorityQueue<>((a, b) -> Long.compare(b.getKey(), a.getKey()));
    index.forEachItem((id, source) -> {
      long h = mix(seed ^ mix(id.hashCode()) ^ id.length());
      if (largestFirst.size() < SAMPLE) {
        largestFirst.add(Map.entry(h, id));
      } else if (h < largestFirst.peek().getKey()) {
        largestFirst.poll();
        largestFirst.add(Map.entry(h, id));
      }
    });
    return largestFirst.stream().sorted(Map.Entry.comparingByKey()).map(Map.Entry::getValue).toList();
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
    z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
    return z ^ (z >>> 33);
  }

  private float[] vector(String id, String field, Map<String, float[]> cache) {
    return cache.computeIfAbsent(field + "\u0000" + id, k -> index.vector(id, field).orElseThrow(
        () -> new IllegalStateException("item " + id + " lists field " + field + " but has no vector in it")));
  }

  private static double dot(float[] a, float[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }
}
