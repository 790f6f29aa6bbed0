package dev.mmsearch.predict;

import java.util.Locale;

/**
 * How a palette or metadata part searches: in its own field ({@link #DIRECT}: colours against
 * palettes, numbers against numbers), through an embedding predicted from it in a visual space
 * ({@link #PREDICTED}: "pictures that look like these colours"), or both fused.
 */
public enum Route {
  DIRECT,
  PREDICTED,
  BOTH;

  /** {@code direct}, {@code predicted} or {@code both}, any case. */
  public static Route parse(String name) {
    for (Route r : values()) {
      if (r.name().equalsIgnoreCase(name.strip())) {
        return r;
      }
    }
    throw new IllegalArgumentException("route is direct, predicted or both, got: " + name);
  }

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  public boolean direct() {
    return this != PREDICTED;
  }

  public boolean predicted() {
    return this != DIRECT;
  }
}
