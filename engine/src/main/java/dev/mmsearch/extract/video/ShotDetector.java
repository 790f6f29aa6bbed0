package dev.mmsearch.extract.video;

import java.util.ArrayList;
import java.util.List;

/**
 * Finds shot changes between consecutive samples of a video from their {@link Signature}s.
 *
 * <p>Two samples that both show something belong to different shots when their layouts differ
 * even after allowing for a small pan or zoom ({@link Signature#structureDistance} above
 * {@link #structureThreshold()}) <em>and</em> their colours changed at least a little
 * ({@link Signature#colourDistance} above {@link #colourThreshold()}). Camera moves over one
 * picture keep the layout once the move is allowed for; fades keep the layout whatever the
 * brightness; moving content (a scrolling pattern, a face) changes the layout but leaves the
 * colour histogram almost as it was; a cut to another picture changes both.
 *
 * <p>Black and plain frames ({@link Signature#uniform()}) have no layout. Dark ones (black, the end
 * of a fade to black) never start a shot: they belong to the shots around them, each sample is
 * compared across them with the last one that was not dark, and a run of them between two
 * different shots is split between the two at its middle. A plain frame that is not dark (a white
 * page, a colour card) is a picture of its own: it differs from a detailed frame
 * ({@link Signature#lumaStd()} at least {@link #DETAILED_STD}) whose colours differ by more than
 * {@link #PLAIN_COLOUR_THRESHOLD}, and from another plain frame of another tint
 * ({@link Signature#tintDistance} above {@link #TINT_THRESHOLD}; brightness alone is a fade).
 *
 * <p>The thresholds were calibrated on generated clips (docs/architecture.md, "Video": 70 hard cuts
 * between 38 different pictures, 740 pairs of samples within one shot). Immutable and thread-safe.
 */
public final class ShotDetector {

  /** Default {@link #structureThreshold()}: the best correlation of the two layouts is under 0.75. */
  public static final double DEFAULT_STRUCTURE_THRESHOLD = 0.25;

  /** Default {@link #colourThreshold()}: less than 94 % of the colour histograms in common. */
  public static final double DEFAULT_COLOUR_THRESHOLD = 0.06;

  /** Luminance deviation from which a frame is detailed enough to differ from a plain one. */
  public static final double DETAILED_STD = 12;

  /** Colour distance above which a plain frame and a detailed one are different pictures. */
  public static final double PLAIN_COLOUR_THRESHOLD = 0.2;

  /** Tint distance above which two plain frames are different pictures (a red and a green card: about 0.5). */
  public static final double TINT_THRESHOLD = 0.1;

  public static final ShotDetector DEFAULT = new ShotDetector(DEFAULT_STRUCTURE_THRESHOLD, DEFAULT_COLOUR_THRESHOLD);

  private final double structureThreshold;
  private final double colourThreshold;

  public ShotDetector(double structureThreshold, double colourThreshold) {
    if (!(structureThreshold > 0 && structureThreshold < 2)) {
      throw new IllegalArgumentException("structureThreshold must be in (0, 2), got: " + structureThreshold);
    }
    if (!(colourThreshold > 0 && colourThreshold < 1)) {
      throw new IllegalArgumentException("colourThreshold must be in (0, 1), got: " + colourThreshold);
    }
    this.structureThreshold = structureThreshold;
    this.colourThreshold = colourThreshold;
  }

  public double structureThreshold() {
    return structureThreshold;
  }

  public double colourThreshold() {
    return colourThreshold;
  }

  /** Whether {@code b} shows a different shot from {@code a}; neither may be {@link Signature#dark()}. */
  public boolean changed(Signature a, Signature b) {
    if (a.uniform() && b.uniform()) {
      return Signature.tintDistance(a, b) > TINT_THRESHOLD;
    }
    if (a.uniform() || b.uniform()) {
      Signature detailed = a.uniform() ? b : a;
      return detailed.lumaStd() >= DETAILED_STD && Signature.colourDistance(a, b) > PLAIN_COLOUR_THRESHOLD;
    }
    return Signature.structureDistance(a, b) > structureThreshold && Signature.colourDistance(a, b) > colourThreshold;
  }

  /** The indices (at least 1, increasing) of the samples that start a new shot. */
  public List<Integer> cuts(List<Signature> samples) {
    List<Integer> cuts = new ArrayList<>();
    int reference = -1;
    for (int i = 0; i < samples.size(); i++) {
      Signature s = samples.get(i);
      if (s.dark()) {
        continue;
      }
      if (reference >= 0 && changed(samples.get(reference), s)) {
        int dark = i - reference - 1;
        cuts.add(reference + 1 + (dark + 1) / 2);
      }
      reference = i;
    }
    return cuts;
  }

  @Override
  public String toString() {
    return "ShotDetector(structureThreshold=" + structureThreshold + ", colourThreshold=" + colourThreshold + ")";
  }
}
