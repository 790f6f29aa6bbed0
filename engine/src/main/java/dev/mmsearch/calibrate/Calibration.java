package dev.mmsearch.calibrate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The index's score calibration: a {@link FieldCalibration} per kind of ranked list (query
 * modality × field), measured by {@link Calibrator} on the index's own items and kept in its
 * commit data under {@link #COMMIT_KEY}, so every reader of the index, embedded or on a cluster,
 * scores alike and a restart changes nothing.
 *
 * <p>{@link #evidence} is what fusion adds up: {@code log(1 + LR)}, where {@code LR} is the
 * likelihood ratio of the score under "related" versus "unrelated". It is never negative (a list
 * an item is absent from, or a field it lacks, adds nothing), about {@code LR} for weak evidence
 * and about {@code log LR} for strong evidence; 0.69 is even odds.
 *
 * <p>Where the index could not measure a kind of list (too few items, a field no related pairs
 * reach), a documented fallback applies: unrelated statistics from the list's own scores when the
 * index has none, and a fixed mapping from {@code z} to evidence, lower for cross-modal lists,
 * whose reliability is then unknown.
 *
 * @param fields calibration by key ({@link #key})
 * @param items items in the index when it was measured
 */
public record Calibration(Map<String, FieldCalibration> fields, long items) {

  /** Commit-data key of the calibration (JSON). */
  public static final String COMMIT_KEY = "mmsearch.calibration";

  /** A calibration that knows nothing: every list uses the fallbacks. */
  public static final Calibration NONE = new Calibration(Map.of(), 0);

  /**
   * The fallback for a list whose kind has no related pairs: {@code z} of 3 (the best of a few
   * hundred unrelated items, by chance) is even odds, each further unit of {@code z} one nat.
   */
  static final double SAME_MODALITY_OFFSET = 3;

  /**
   * The fallback for a cross-modal list without related pairs (text against sounds in an index
   * with no captioned sound): half a nat per unit of {@code z}, even odds at {@code z} of 4, so an
   * unmeasured cross-modal list never outweighs a measured one on chance-level scores.
   */
  static final double CROSS_MODAL_OFFSET = 4;
  static final double CROSS_MODAL_SLOPE = 0.5;

  /** Fewest hits a list needs for its own scores to stand in for unrelated statistics. */
  static final int MIN_LIST_FOR_STATS = 8;

  /** Metadata closeness (0–1) as a log-likelihood ratio: {@code 6 · (closeness − 0.5)}; 1 is about 3 nats. */
  static final double METADATA_SLOPE = 6;

  private static final ObjectMapper JSON = new ObjectMapper();

  public Calibration {
    fields = java.util.Collections.unmodifiableMap(new TreeMap<>(fields));
  }

  /** The key of a list: query modality ({@code text}, {@code image}, {@code audio}) and field ({@code clip.image}, {@code text} for BM25). */
  public static String key(String queryModality, String field) {
    return queryModality + ">" + field;
  }

  /** The measured calibration of a kind of list, if any. */
  public Optional<FieldCalibration> get(String queryModality, String field) {
    return Optional.ofNullable(fields.get(key(queryModality, field)));
  }

  /**
   * The evidence each hit of a ranked list gives (same order as {@code scores}, best first).
   *
   * @param queryModality modality of the query side
   * @param field the field searched
   * @param fieldModality modality of the field's items (the evidence is cross-modal when it differs)
   * @param scores the list's raw scores
   */
  public double[] evidence(String queryModality, String field, String fieldModality, List<Double> scores) {
    double[] out = new double[scores.size()];
    FieldCalibration c = fields.get(key(queryModality, field));
    if (c == null) {
      c = fallback(queryModality.equals(fieldModality), scores);
    }
    for (int i = 0; i < out.length; i++) {
      out[i] = softplus(c.logLikelihoodRatio(scores.get(i)));
    }
    return out;
  }

  /** Evidence of metadata closeness (0–1); see {@link #METADATA_SLOPE}. */
  public static double metadataEvidence(double closeness) {
    return softplus(METADATA_SLOPE * (closeness - 0.5));
  }

  /**
   * The mapping used where a kind of list was not measured: the fixed log-likelihood ratio over
   * {@code z}, and unrelated statistics from {@code measured} when given, else from the list's own
   * scores (which, for a list as deep as a tiny index, are nearly all its items).
   */
  static FieldCalibration fallback(boolean sameModality, FieldCalibration measured) {
    double slope = sameModality ? 1 : CROSS_MODAL_SLOPE;
    double offset = sameModality ? SAME_MODALITY_OFFSET : CROSS_MODAL_OFFSET;
    return new FieldCalibration(measured.mean(), measured.sd(), -slope * offset, slope, measured.unrelated(), 0);
  }

  private static FieldCalibration fallback(boolean sameModality, List<Double> scores) {
    double mean = 0;
    double sd = 1;
    if (scores.size() >= MIN_LIST_FOR_STATS) {
      double sum = 0;
      double sq = 0;
      for (double s : scores) {
        sum += s;
        sq += s * s;
      }
      mean = sum / scores.size();
      double var = sq / scores.size() - mean * mean;
      sd = var > 1e-12 ? Math.sqrt(var) : 1;
    }
    return fallback(sameModality, new FieldCalibration(mean, sd, 0, 0, scores.size(), 0));
  }

  /** {@code log(1 + e^x)}, without overflow. */
  static double softplus(double x) {
    return x > 30 ? x : Math.log1p(Math.exp(x));
  }

  /** The calibration in {@code commitData}, or {@link #NONE}. */
  public static Calibration of(Map<String, String> commitData) {
    String json = commitData.get(COMMIT_KEY);
    if (json == null) {
      return NONE;
    }
    try {
      return JSON.readValue(json, Calibration.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("index commit data has an unreadable " + COMMIT_KEY + ": " + e.getOriginalMessage(), e);
    }
  }

  /** This calibration as commit data. */
  public String toJson() {
    try {
      return JSON.writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
