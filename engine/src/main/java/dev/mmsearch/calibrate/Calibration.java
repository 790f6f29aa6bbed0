package dev.mmsearch.calibrate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mmsearch.encode.Modality;
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
 * <p>{@link #evidence} gives each hit's evidence in nats: 0 at the best score chance alone would
 * give among the field's items, positive above it, scaled by how reliably the kind of list tells
 * related from unrelated pairs. Fusion ({@link dev.mmsearch.query.Fusion#SCORE}) turns it into what
 * an item gains, {@link #gain}.
 *
 * <p>Where the index could not measure a kind of list (too few items, a field no related pairs
 * reach), a documented fallback applies: unrelated statistics from the list's own scores when the
 * index has none, and a fixed slope, lower for cross-modal lists, whose reliability is then unknown.
 *
 * @param fields calibration by key ({@link #key})
 * @param items items in the index when it was measured
 */
public record Calibration(Map<String, FieldCalibration> fields, long items) {

  /** Commit-data key of the calibration (JSON). */
  public static final String COMMIT_KEY = "mmsearch.calibration";

  /** A calibration that knows nothing: every list uses the fallbacks. */
  public static final Calibration NONE = new Calibration(Map.of(), 0);

  /** The slope of a list without related pairs whose query and items share a modality (text against captions, pictures against pictures). */
  static final double SAME_MODALITY_SLOPE = 1;

  /**
   * The slope of a cross-modal list without related pairs (text against sounds in an index with no
   * captioned sound): half, so an unmeasured cross-modal list never outweighs a measured one.
   */
  static final double CROSS_MODAL_SLOPE = 0.5;

  /** Fewest hits a list needs for its own scores to stand in for unrelated statistics. */
  static final int MIN_LIST_FOR_STATS = 3;

  /** Metadata closeness (0–1) as evidence: {@code 6 · (closeness − 0.5)}; on target, 3 nats. */
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
   * The evidence each hit of a ranked list gives (same order as {@code scores}, best first), in
   * nats above chance; see {@link FieldCalibration#evidence}.
   *
   * @param queryModality modality of the query side
   * @param field the field searched
   * @param fieldModality modality of the field's items (the list is cross-modal when it differs)
   * @param scores the list's raw scores
   */
  public double[] evidence(String queryModality, String field, String fieldModality, List<Double> scores) {
    double[] out = new double[scores.size()];
    java.util.function.DoubleUnaryOperator c = scale(queryModality, field, fieldModality, scores);
    for (int i = 0; i < out.length; i++) {
      out[i] = c.applyAsDouble(scores.get(i));
    }
    return out;
  }

  /**
   * The evidence of any score of the list whose scores are {@code scores} ({@link #evidence}): the
   * measured calibration of its kind, else the fallback from those scores. For scores of the same
   * search that are not in the list (a hit's other moments).
   */
  public java.util.function.DoubleUnaryOperator scale(String queryModality, String field, String fieldModality,
      List<Double> scores) {
    FieldCalibration c = fields.get(key(queryModality, field));
    if (c == null) {
      c = fallback(sameModality(queryModality, fieldModality), scores);
    }
    return c::evidence;
  }

  /**
   * Whether a list's query and items share a modality (its fallback slope, {@link #fallbackSlope}):
   * text against the text read in pictures is text against text, not a cross-modal list.
   */
  public static boolean sameModality(String queryModality, String fieldModality) {
    return queryModality.equals(fieldModality)
        || Modality.TEXT.id().equals(queryModality) && Modality.OCR.id().equals(fieldModality);
  }

  /** Evidence of metadata closeness (0–1); see {@link #METADATA_SLOPE}. */
  public static double metadataEvidence(double closeness) {
    return METADATA_SLOPE * (closeness - 0.5);
  }

  /**
   * What a hit gains from its evidence: {@code log(1 + e^evidence)}, never negative, about the
   * evidence itself when it is strong and small but still ordered below chance.
   */
  public static double gain(double evidence) {
    return softplus(evidence);
  }

  /** The slope of a list whose kind has no related pairs in the index. */
  static double fallbackSlope(boolean sameModality) {
    return sameModality ? SAME_MODALITY_SLOPE : CROSS_MODAL_SLOPE;
  }

  /** Measured unrelated statistics with the fallback slope. */
  static FieldCalibration fallback(boolean sameModality, FieldCalibration measured) {
    return new FieldCalibration(measured.mean(), measured.sd(), fallbackSlope(sameModality), measured.holders(),
        measured.unrelated(), 0);
  }

  /**
   * The fallback from a list's own scores, for an index that measured nothing (too small, or
   * older than calibration): standardised by the list's mean and deviation, with chance at the
   * best of the list's {@code n} hits, {@code sqrt(2 ln n)} (1.9 for 6 hits, 3 for 100), since a
   * short list's top cannot stand as far out as a long one's. A list under
   * {@value #MIN_LIST_FOR_STATS} hits cannot be standardised: its hits count as the best of a few.
   */
  private static FieldCalibration fallback(boolean sameModality, List<Double> scores) {
    int n = scores.size();
    double slope = fallbackSlope(sameModality);
    if (n < MIN_LIST_FOR_STATS) {
      double top = n == 0 ? 0 : scores.getFirst();
      // z of the top: 1 + chance of a list of MIN_LIST_FOR_STATS, so the best hit stands one unit above chance.
      FieldCalibration shape = new FieldCalibration(0, 1, slope, MIN_LIST_FOR_STATS, n, 0);
      return new FieldCalibration(top - 1 - shape.chance(), 1, slope, MIN_LIST_FOR_STATS, n, 0);
    }
    double sum = 0;
    double sq = 0;
    for (double s : scores) {
      sum += s;
      sq += s * s;
    }
    double mean = sum / n;
    double var = sq / n - mean * mean;
    double sd = var > 1e-12 ? Math.sqrt(var) : 1;
    return new FieldCalibration(mean, sd, slope, n, n, 0);
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
