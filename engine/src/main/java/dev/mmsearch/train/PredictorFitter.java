package dev.mmsearch.train;

import dev.mmsearch.derive.LookWords;
import dev.mmsearch.encode.Adapter;
import dev.mmsearch.index.NumberTarget;
import dev.mmsearch.predict.MetadataFeatures;
import dev.mmsearch.predict.Route;
import dev.mmsearch.calibrate.Calibration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.lucene.util.VectorUtil;

/**
 * Learns to predict a visual embedding from a derived modality, on a collection's own items, and
 * measures on held-out items whether searching through the prediction beats searching the derived
 * field directly.
 *
 * <p>The measure: for a held-out item, the query is its derived value (its palette vector, or its
 * look numbers as targets, as a user's query would be) and the relevant items are the 10 nearest
 * to its <em>picture</em> in the visual space (its true embedding, itself excluded): "pictures that
 * look like this". Each route ranks every other item; overlap@10 is the share of those 10 in its
 * top 10. Routes: direct (palette vectors by cosine; numbers by {@link NumberTarget} closeness at
 * the default scales of {@link LookWords}), predicted (the adapter's output against the visual
 * field), and both (fused with the engine's default {@link Fusion}, half the weight each, as a
 * query with the route {@code both} is). The preferred route is the best of the three; ties go to
 * the simpler.
 *
 * <p>Items are split by a hash of their id, so a rerun holds out the same items. Not thread-safe.
 */
public final class PredictorFitter {

  /** Neighbours that count as relevant, and the cut-off of the measure. */
  public static final int K = 10;
  /** Depth of each route's list before fusing (the engine's default window). */
  private static final int DEPTH = 100;

  /**
   * One item: its id, the source (palette vector, or {@link MetadataFeatures} with NaN for missing
   * numbers), its visual embedding, and its numbers (the direct route of metadata).
   */
  public record Example(String id, float[] source, float[] target, Map<String, Double> numbers) {}

  /** The trained adapter (trained on the training split), the route measured best, and the figures. */
  public record Result(Adapter adapter, Route preferred, Map<String, Object> report) {}

  private final boolean metadata;
  private final double heldoutShare;
  private final AdapterTrainer.Options options;

  /**
   * @param metadata whether sources are look numbers (else palette vectors)
   * @param heldoutShare share of items held out for the measure (0–0.5)
   */
  public PredictorFitter(boolean metadata, double heldoutShare, AdapterTrainer.Options options) {
    if (!(heldoutShare > 0 && heldoutShare <= 0.5)) {
      throw new IllegalArgumentException("held-out share must be in (0, 0.5], got: " + heldoutShare);
    }
    this.metadata = metadata;
    this.heldoutShare = heldoutShare;
    this.options = options;
  }

  public static boolean heldOut(String id, double share) {
    return Math.floorMod(id.hashCode() * 0x9E3779B9, 1000) < share * 1000;
  }

  public Result fit(List<Example> examples, Consumer<String> log) {
    List<Example> train = examples.stream().filter(e -> !heldOut(e.id(), heldoutShare)).toList();
    List<Integer> heldout = new ArrayList<>();
    for (int i = 0; i < examples.size(); i++) {
      if (heldOut(examples.get(i).id(), heldoutShare)) {
        heldout.add(i);
      }
    }
    if (train.size() < 2 * K || heldout.isEmpty()) {
      throw new IllegalArgumentException("need at least " + (2 * K) + " training items and one held-out item, got " + train.size()
          + " and " + heldout.size() + " of " + examples.size());
    }
    Standardisation z = null;
    float[] mean = null;
    if (metadata) {
      mean = meanIgnoringNaN(train);
      float[] m = mean;
      z = Standardisation.of(train.stream().map(e -> MetadataFeatures.fill(e.source(), m)).toList());
    }
    List<AdapterTrainer.Pair> pairs = new ArrayList<>();
    for (Example e : train) {
      float[] features = metadata ? z.apply(MetadataFeatures.fill(e.source(), mean)) : e.source();
      pairs.add(new AdapterTrainer.Pair(features, e.target(), e.id()));
    }
    log.accept("training on " + pairs.size() + " items, measuring on " + heldout.size() + " held out");
    Adapter trained = new AdapterTrainer(options).train(pairs, line -> log.accept("  " + line));
    // The fill uses the adapter's own mean, so the standardisation's mean must be the fill mean.
    Adapter adapter = metadata ? trained.standardising(z.mean(), z.std()) : trained;

    Map<Route, Double> overlap = new LinkedHashMap<>();
    for (Route r : Route.values()) {
      overlap.put(r, 0.0);
    }
    for (int q : heldout) {
      Example query = examples.get(q);
      Set<Integer> truth = new HashSet<>(top(examples, q, c -> VectorUtil.dotProduct(query.target(), examples.get(c).target()), K));
      float[] predicted = Adapter.unit(adapter.apply(metadata ? MetadataFeatures.fill(query.source(), mean) : query.source()));
      List<Integer> direct = top(examples, q, c -> direct(query, examples.get(c)), DEPTH);
      List<Integer> viaPrediction = top(examples, q, c -> VectorUtil.dotProduct(predicted, examples.get(c).target()), DEPTH);
      Map<Route, List<Integer>> ranked = Map.of(Route.DIRECT, direct, Route.PREDICTED, viaPrediction, Route.BOTH,
          fuse(examples, query, predicted, direct, viaPrediction));
      for (Route r : Route.values()) {
        long found = ranked.get(r).stream().limit(K).filter(truth::contains).count();
        overlap.merge(r, found / (double) K, Double::sum);
      }
    }
    Map<String, Object> report = new LinkedHashMap<>();
    report.put("items", examples.size());
    report.put("trainItems", train.size());
    report.put("heldoutItems", heldout.size());
    report.put("measure", "overlap@" + K + " with the item's " + K + " nearest pictures in the visual field");
    report.put("chance", K / (double) (examples.size() - 1));
    Route best = Route.DIRECT;
    Map<String, Double> byRoute = new LinkedHashMap<>();
    for (Route r : List.of(Route.DIRECT, Route.PREDICTED, Route.BOTH)) {
      double v = overlap.get(r) / heldout.size();
      byRoute.put(r.id(), v);
      if (v > byRoute.get(best.id()) + 1e-9) {
        best = r;
      }
    }
    report.put("overlap", byRoute);
    report.put("preferred", best.id());
    report.put("options", options);
    log.accept(String.format("held-out overlap@%d: direct %.3f, predicted %.3f, both %.3f (chance %.3f) -> %s", K,
        byRoute.get("direct"), byRoute.get("predicted"), byRoute.get("both"), K / (double) (examples.size() - 1), best.id()));
    return new Result(adapter, best, report);
  }

  /** The direct route's score of a candidate for a query: palette cosine, or mean closeness to the query's numbers. */
  private double direct(Example query, Example candidate) {
    if (!metadata) {
      return VectorUtil.dotProduct(query.source(), candidate.source());
    }
    double sum = 0;
    int n = 0;
    for (String key : MetadataFeatures.KEYS) {
      Double target = query.numbers().get(key);
      if (target == null) {
        continue;
      }
      n++;
      Double v = candidate.numbers().get(key);
      if (v != null) {
        sum += new NumberTarget(key, target, LookWords.defaultScale(key), NumberTarget.Side.NEAR).closeness(v);
      }
    }
    return n == 0 ? 0 : sum / n;
  }

  /**
   * The two routes' lists fused as the searcher fuses a part's lists: each score calibrated to
   * evidence (here, with no index to measure, by the fallback over each list's own scores), and
   * since both lists are about the picture, an item counts the stronger of its two.
   */
  private List<Integer> fuse(List<Example> examples, Example query, float[] predicted, List<Integer> direct, List<Integer> viaPrediction) {
    Map<Integer, Double> score = new HashMap<>();
    List<Double> directScores = direct.stream().map(c -> direct(query, examples.get(c))).toList();
    add(score, direct, metadata ? directScores.stream().mapToDouble(Calibration::metadataEvidence).toArray()
        : Calibration.NONE.evidence("image", "palette", "image", directScores));
    add(score, viaPrediction, Calibration.NONE.evidence("image", "predicted", "image",
        viaPrediction.stream().map(c -> (double) VectorUtil.dotProduct(predicted, examples.get(c).target())).toList()));
    List<Integer> out = new ArrayList<>(score.keySet());
    out.sort((a, b) -> Double.compare(score.get(b), score.get(a)));
    return out;
  }

  private static void add(Map<Integer, Double> score, List<Integer> ids, double[] evidence) {
    for (int i = 0; i < ids.size(); i++) {
      score.merge(ids.get(i), Calibration.gain(evidence[i]), Math::max);
    }
  }

  /** The {@code n} best other items by {@code score}, best first. */
  private static List<Integer> top(List<Example> examples, int self, java.util.function.IntToDoubleFunction score, int n) {
    double[] s = new double[examples.size()];
    Integer[] order = new Integer[examples.size() - 1];
    int j = 0;
    for (int c = 0; c < examples.size(); c++) {
      if (c != self) {
        s[c] = score.applyAsDouble(c);
        order[j++] = c;
      }
    }
    Arrays.sort(order, (a, b) -> Double.compare(s[b], s[a]));
    return Arrays.asList(order).subList(0, Math.min(n, order.length));
  }

  private static float[] meanIgnoringNaN(List<Example> examples) {
    int d = MetadataFeatures.dimension();
    double[] sum = new double[d];
    int[] n = new int[d];
    for (Example e : examples) {
      for (int i = 0; i < d; i++) {
        if (!Float.isNaN(e.source()[i])) {
          sum[i] += e.source()[i];
          n[i]++;
        }
      }
    }
    float[] mean = new float[d];
    for (int i = 0; i < d; i++) {
      mean[i] = n[i] == 0 ? 0 : (float) (sum[i] / n[i]);
    }
    return mean;
  }
}
