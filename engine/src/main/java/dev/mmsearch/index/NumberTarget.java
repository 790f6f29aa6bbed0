package dev.mmsearch.index;

import java.util.Objects;

/**
 * A soft wish on one numeric metadata value ("bright": brightness at least 0.7), scored by
 * distance instead of passed or failed: closeness is {@code exp(-½ (d / scale)²)}, where {@code d}
 * is how far the item's value lies from the target (or outside the bound, for {@link Side#AT_LEAST}
 * and {@link Side#AT_MOST}). So an item exactly on target scores 1, one {@code scale} away about
 * 0.61, three away 0.01. A one-sided target also ranks the items inside its bound, the further in
 * the higher (0.9 at the bound, up to 1: {@link #INSIDE_SHARE}). This is how metadata becomes a query part (4M-21's metadata → retrieval)
 * rather than only a filter.
 *
 * @param key the numeric metadata key ({@code brightness}, {@code aspect}, …)
 * @param value the target, or the bound for one-sided targets
 * @param scale how far from the target still counts as close, in the key's units (&gt; 0)
 * @param side whether to score distance on both sides or only below / above a bound
 */
public record NumberTarget(String key, double value, double scale, Side side) {

  /** Which distances count. */
  public enum Side {
    /** Both sides of the value. */
    NEAR,
    /** Only values under the bound are far; at or above it, 0.9 to 1, the higher the closer to 1. */
    AT_LEAST,
    /** Only values over the bound are far; at or below it, 0.9 to 1, the lower the closer to 1. */
    AT_MOST
  }

  public NumberTarget {
    Objects.requireNonNull(side, "side");
    if (key == null || key.isEmpty() || key.length() > Filter.MAX_VALUE_CHARS) {
      throw new IllegalArgumentException("a metadata target needs a key of 1.." + Filter.MAX_VALUE_CHARS + " characters");
    }
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException("the target of '" + key + "' must be a finite number");
    }
    if (!(scale > 0) || !Double.isFinite(scale)) {
      throw new IllegalArgumentException("the scale of '" + key + "' must be a positive finite number, got: " + scale);
    }
  }

  /** 1 on target, falling as a Gaussian of the distance in scales. */
  public double closeness(double v) {
    double d = switch (side) {
      case NEAR -> v - value;
      case AT_LEAST -> Math.max(0, value - v);
      case AT_MOST -> Math.max(0, v - value);
    };
    double inside = switch (side) {
      case NEAR -> Double.POSITIVE_INFINITY;
      case AT_LEAST -> Math.max(0, v - value);
      case AT_MOST -> Math.max(0, value - v);
    };
    double z = d / scale;
    return Math.exp(-0.5 * z * z) * (1 - INSIDE_SHARE * Math.exp(-inside / scale));
  }

  /**
   * The share of a one-sided target's closeness earned by lying further inside its bound: at the
   * bound 0.9, one {@code scale} inside 0.963, deep inside 1. Without it every item past the bound
   * would score exactly 1 and tie ("dark" tied 32 items at 1.000); with it the darkest come first.
   */
  public static final double INSIDE_SHARE = 0.1;

  /** For explanations: {@code brightness ≥ 0.7 ±0.15}. */
  @Override
  public String toString() {
    String op = switch (side) {
      case NEAR -> "≈";
      case AT_LEAST -> "≥";
      case AT_MOST -> "≤";
    };
    return key + " " + op + " " + value + " ±" + scale;
  }
}
