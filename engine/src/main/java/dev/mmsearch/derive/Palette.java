package dev.mmsearch.derive;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A picture's dominant colours with the share of the picture each covers, largest first; shares
 * sum to 1. Built by {@link PaletteExtractor} from pixels, or from colours a user names (a query).
 */
public record Palette(List<Swatch> swatches) {

  /** One colour and its share of the picture (0–1]. */
  public record Swatch(Lab colour, double proportion) {
    public Swatch {
      if (!(proportion > 0) || proportion > 1 + 1e-9) {
        throw new IllegalArgumentException("a swatch's proportion must be in (0, 1], got: " + proportion);
      }
    }

    public String hex() {
      return colour.hex();
    }
  }

  public Palette {
    if (swatches.isEmpty()) {
      throw new IllegalArgumentException("a palette has at least one colour");
    }
    swatches = swatches.stream().sorted(Comparator.comparingDouble(Swatch::proportion).reversed()).toList();
  }

  /**
   * A palette from named colours ({@code #rrggbb} or {@code rrggbb}) with optional weights (null:
   * equal shares); weights are scaled to sum to 1.
   *
   * @throws IllegalArgumentException for a malformed colour, a weight that is not positive, or lists of different lengths
   */
  public static Palette of(List<String> hexColours, List<Double> weights) {
    if (hexColours.isEmpty()) {
      throw new IllegalArgumentException("give at least one colour");
    }
    if (weights != null && weights.size() != hexColours.size()) {
      throw new IllegalArgumentException("give one proportion per colour: " + hexColours.size() + " colours, " + weights.size()
          + " proportions");
    }
    double sum = 0;
    for (int i = 0; i < hexColours.size(); i++) {
      double w = weights == null ? 1 : weights.get(i);
      if (!(w > 0) || Double.isInfinite(w)) {
        throw new IllegalArgumentException("colour proportions must be positive numbers, got: " + w);
      }
      sum += w;
    }
    List<Swatch> out = new ArrayList<>();
    for (int i = 0; i < hexColours.size(); i++) {
      double w = weights == null ? 1 : weights.get(i);
      out.add(new Swatch(Lab.ofRgb(parseHex(hexColours.get(i))), w / sum));
    }
    return new Palette(out);
  }

  /** {@code #rrggbb} or {@code rrggbb} as {@code 0xRRGGBB}. */
  public static int parseHex(String hex) {
    String h = hex.startsWith("#") ? hex.substring(1) : hex;
    if (!h.matches("[0-9a-fA-F]{6}")) {
      throw new IllegalArgumentException("colours are written #rrggbb, got: " + hex);
    }
    return Integer.parseInt(h, 16);
  }

  /**
   * How far apart two palettes look, in ΔE: each colour's distance to the nearest colour of the
   * other palette, weighted by its share, averaged over both directions (a symmetric "mean minimum
   * colour difference", a cheap stand-in for the earth mover's distance between palettes). 0 for
   * the same colours; a palette that misses one of the other's colours pays for that colour's share.
   * Independent of {@link PaletteVector}, so it can judge that encoding ({@code mmsearch eval}).
   */
  public double distance(Palette other) {
    return (directed(this, other) + directed(other, this)) / 2;
  }

  private static double directed(Palette from, Palette to) {
    double sum = 0;
    for (Swatch s : from.swatches) {
      double nearest = Double.POSITIVE_INFINITY;
      for (Swatch t : to.swatches) {
        nearest = Math.min(nearest, s.colour().distance(t.colour()));
      }
      sum += s.proportion() * nearest;
    }
    return sum;
  }

  public List<String> hexColours() {
    return swatches.stream().map(Swatch::hex).toList();
  }
}
