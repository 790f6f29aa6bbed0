package dev.mmsearch.derive;

import dev.mmsearch.index.NumberTarget;
import dev.mmsearch.index.NumberTarget.Side;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * Words people use for how a picture or sound looks or runs ("bright, colourful, landscape"),
 * each turned into soft targets on the numbers {@link DerivedMetadata} computes, so a user can ask
 * for a look without knowing the keys or their units. The thresholds follow the quantities'
 * definitions (Hasler and Süsstrunk call colourfulness 59 "quite colourful"), checked against the
 * spread of our clip art and synthetic pictures; they are a starting point, and any target can be
 * given as numbers instead ({@code "targets"} in the API).
 *
 * <p>Two-word phrases ("black and white", "high contrast") are read as one word.
 */
public final class LookWords {

  private static final Map<String, List<NumberTarget>> WORDS = new LinkedHashMap<>();

  private static void define(List<String> words, NumberTarget... targets) {
    for (String w : words) {
      WORDS.put(w, List.of(targets));
    }
  }

  private static NumberTarget atLeast(String key, double value, double scale) {
    return new NumberTarget(key, value, scale, Side.AT_LEAST);
  }

  private static NumberTarget atMost(String key, double value, double scale) {
    return new NumberTarget(key, value, scale, Side.AT_MOST);
  }

  static {
    define(List.of("bright", "light"), atLeast("brightness", 0.7, 0.1));
    define(List.of("dark", "dim"), atMost("brightness", 0.3, 0.1));
    define(List.of("colourful", "colorful", "vivid", "vibrant"), atLeast("colourfulness", 60, 15));
    define(List.of("muted", "dull", "subdued"), atMost("colourfulness", 25, 10));
    define(List.of("monochrome", "grey", "gray", "greyscale", "grayscale", "black-and-white"), atMost("saturation", 0.03, 0.03));
    define(List.of("saturated"), atLeast("saturation", 0.5, 0.15));
    define(List.of("high-contrast", "contrasty"), atLeast("contrast", 0.3, 0.07));
    define(List.of("low-contrast", "flat"), atMost("contrast", 0.12, 0.05));
    define(List.of("landscape", "wide", "horizontal"), atLeast("aspect", 1.3, 0.15));
    define(List.of("portrait", "tall", "vertical"), atMost("aspect", 0.8, 0.1));
    define(List.of("square"), new NumberTarget("aspect", 1.0, 0.05, Side.NEAR));
    define(List.of("panorama", "panoramic"), atLeast("aspect", 2.0, 0.3));
    define(List.of("large", "big", "high-resolution"), atLeast("megapixels", 2, 1));
    define(List.of("small", "tiny", "low-resolution"), atMost("megapixels", 0.1, 0.1));
    define(List.of("simple", "plain", "minimal"), atMost("entropy", 3, 1));
    define(List.of("busy", "detailed", "complex"), atLeast("entropy", 7, 0.5));
    define(List.of("sharp", "crisp"), atLeast("sharpness", 1000, 500));
    define(List.of("blurry", "blurred", "soft-focus"), atMost("sharpness", 100, 100));
    define(List.of("long"), atLeast("duration", 10, 5));
    define(List.of("short", "brief"), atMost("duration", 2, 1));
  }

  private static final Map<String, String> PHRASES = Map.of(
      "black and white", "black-and-white",
      "high contrast", "high-contrast",
      "low contrast", "low-contrast",
      "high resolution", "high-resolution",
      "low resolution", "low-resolution",
      "soft focus", "soft-focus");

  /** How far off still counts as close, per derived number, when a target names no scale. */
  private static final Map<String, Double> DEFAULT_SCALES = Map.ofEntries(
      Map.entry("brightness", 0.1), Map.entry("contrast", 0.05), Map.entry("saturation", 0.1), Map.entry("colourfulness", 15.0),
      Map.entry("entropy", 1.0), Map.entry("sharpness", 300.0), Map.entry("aspect", 0.15), Map.entry("megapixels", 1.0),
      Map.entry("width", 200.0), Map.entry("height", 200.0), Map.entry("taken_year", 2.0), Map.entry("duration", 5.0));

  private LookWords() {}

  /** The default scale of a derived number's targets, or null for keys without one. */
  public static Double defaultScale(String key) {
    return DEFAULT_SCALES.get(key);
  }

  /** Keys with a default scale, sorted. */
  public static java.util.SortedSet<String> scaledKeys() {
    return new TreeSet<>(DEFAULT_SCALES.keySet());
  }

  /** The words understood, sorted. */
  public static java.util.SortedSet<String> words() {
    return new TreeSet<>(WORDS.keySet());
  }

  /** The targets a word stands for. */
  public static List<NumberTarget> targetsOf(String word) {
    List<NumberTarget> t = WORDS.get(word);
    if (t == null) {
      throw new IllegalArgumentException("unknown look word '" + (word.length() <= 64 ? word : word.substring(0, 61) + "...")
          + "' (known: " + String.join(", ", words()) + ")");
    }
    return t;
  }

  /**
   * The targets of a description: words separated by commas or spaces, {@code and} ignored.
   *
   * @throws IllegalArgumentException for an unknown word (naming the known ones) or an empty description
   */
  public static List<NumberTarget> targets(String description) {
    String d = description.toLowerCase(Locale.ROOT).replaceAll("[\\s,;]+", " ").strip();
    for (Map.Entry<String, String> p : PHRASES.entrySet()) {
      d = d.replace(p.getKey(), p.getValue());
    }
    List<NumberTarget> out = new ArrayList<>();
    for (String word : d.split(" ")) {
      if (!word.isEmpty() && !word.equals("and")) {
        out.addAll(targetsOf(word));
      }
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException("a look description needs at least one word (known: " + String.join(", ", words()) + ")");
    }
    return out;
  }
}
