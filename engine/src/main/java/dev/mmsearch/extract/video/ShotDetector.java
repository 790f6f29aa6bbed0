package dev.mmsearch.extract.video;

import java.util.ArrayList;
import java.util.List;

/**
 * Finds shot changes between consecutive samples of a video from their {@link Signature}s. A
 * sample starts a new shot when, compared with the last sample that shows something (not
 * {@link Signature#uniform()}), both its layout and its colours changed:
 * {@link Signature#structureDistance} above {@link #structureThreshold()} <em>and</em>
 * {@link Signature#colourDistance} above {@link #colourThreshold()}. Requiring both keeps motion,
 * slow zooms and pans (same colours) and fades (same layout) inside their shot; a hard cut to a
 * different picture changes both.
 *
 * <p>Black and plain frames never start a shot on their own: they belong to the shots around
 * them (a fade to black and back, a black leader), and a run of them between two different shots
 * is split between the two at its middle.
 *
 * <p>The defaults were calibrated on generated clips (docs/architecture.md, "Video"). Immutable
 * and thread-safe.
 */
public final class ShotDetector {

  /** Default {@link #structureThreshold()}: the layout's correlation fell below 0.5. */
  public static final double DEFAULT_STRUCTURE_THRESHOLD = 0.5;

  /** Default {@link #colourThreshold()}: under 75 % of the colour histogram in common. */
  public static final double DEFAULT_COLOUR_THRESHOLD = 0.25;

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

  /** Whether {@code b} shows a different shot from {@code a}, both showing something. */
  public boolean changed(Signature a, Signature b) {
    double structure = Signature.structureDistance(a, b);
    return structure > structureThreshold && Signature.colourDistance(a, b) > colourThreshold;
  }

  /** The indices (at least 1, increasing) of the samples that start a new shot. */
  public List<Integer> cuts(List<Signature> samples) {
    List<Integer> cuts = new ArrayList<>();
    int reference = -1;
    for (int i = 0; i < samples.size(); i++) {
      Signature s = samples.get(i);
      if (s.uniform()) {
        continue;
      }
      if (reference >= 0 && changed(samples.get(reference), s)) {
        int plain = i - reference - 1;
        cuts.add(reference + 1 + (plain + 1) / 2);
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
