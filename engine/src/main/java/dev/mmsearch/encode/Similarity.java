package dev.mmsearch.encode;

import java.util.Locale;

/**
 * How vectors of a space are compared. Encoders of a {@link #COSINE} space emit unit vectors, so the
 * index can score them with a plain dot product.
 */
public enum Similarity {
  /** Unit vectors, compared by dot product (= cosine). The default for every family we load. */
  COSINE,
  /** Raw vectors whose magnitude carries meaning, compared by inner product. */
  DOT_PRODUCT;

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Similarity fromString(String s) {
    for (Similarity v : values()) {
      if (v.id().equalsIgnoreCase(s)) {
        return v;
      }
    }
    throw new IllegalArgumentException("Unknown similarity '" + s + "' (known: cosine, dot_product)");
  }
}
