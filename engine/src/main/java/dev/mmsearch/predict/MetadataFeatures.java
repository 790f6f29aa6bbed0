package dev.mmsearch.predict;

import dev.mmsearch.index.NumberTarget;
import java.util.List;
import java.util.Map;

/**
 * The look numbers of a picture as a feature vector, for predicting a visual embedding from
 * metadata: brightness, contrast, saturation, colourfulness, entropy, and the logarithms of
 * sharpness, aspect and megapixels (quantities that vary by factors, not by steps). A missing
 * number is NaN here; {@link #fill} replaces it with the collection's mean, which standardises to 0.
 */
public final class MetadataFeatures {

  /** The numbers read, in vector order. */
  public static final List<String> KEYS = List.of("brightness", "contrast", "saturation", "colourfulness", "entropy", "sharpness",
      "aspect", "megapixels");

  private MetadataFeatures() {}

  public static int dimension() {
    return KEYS.size();
  }

  /** An item's features; null when it has none of the numbers (a sound, an item indexed without pixels). */
  public static float[] of(Map<String, Double> numbers) {
    float[] f = new float[KEYS.size()];
    boolean any = false;
    for (int i = 0; i < f.length; i++) {
      Double v = numbers.get(KEYS.get(i));
      f[i] = v == null ? Float.NaN : (float) transform(KEYS.get(i), v);
      any |= v != null;
    }
    return any ? f : null;
  }

  /** The features a query's targets describe: each target's value (a bound for one-sided targets), other keys missing. */
  public static float[] of(List<NumberTarget> targets) {
    float[] f = new float[KEYS.size()];
    java.util.Arrays.fill(f, Float.NaN);
    for (NumberTarget t : targets) {
      int i = KEYS.indexOf(t.key());
      if (i >= 0) {
        f[i] = (float) transform(t.key(), t.value());
      }
    }
    return f;
  }

  /** Whether any target names a key the features read (else a prediction from them says nothing). */
  public static boolean covers(List<NumberTarget> targets) {
    return targets.stream().anyMatch(t -> KEYS.contains(t.key()));
  }

  /** {@code features} with each missing value replaced by {@code mean}'s. */
  public static float[] fill(float[] features, float[] mean) {
    float[] out = features.clone();
    for (int i = 0; i < out.length; i++) {
      if (Float.isNaN(out[i])) {
        out[i] = mean[i];
      }
    }
    return out;
  }

  private static double transform(String key, double v) {
    return switch (key) {
      case "sharpness" -> Math.log1p(Math.max(0, v));
      case "aspect", "megapixels" -> Math.log(Math.max(1e-6, v));
      default -> v;
    };
  }
}
