package dev.mmsearch.extract.video;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Turns shots into moments and chooses when to take the frames that embed each:
 * <ol>
 *   <li>a shot longer than {@link VideoLimits#maxMomentSeconds()} is split into the fewest equal
 *       parts that fit;
 *   <li>while there are more than {@link VideoLimits#maxMoments()}, the adjacent pair with the
 *       shortest total is merged (the earliest such pair on ties);
 *   <li>each moment gets {@code round(length / embedEverySeconds)} frames, at least one and at
 *       most {@link VideoLimits#maxFramesPerMoment()}, at the centres of equal slices of it; a
 *       time whose nearest sample is black or plain moves to the nearest sample inside the moment
 *       that shows something, when there is one.
 * </ol>
 * Pure arithmetic on times; immutable and thread-safe.
 */
public final class Segmenter {

  /** A moment {@code [start, end)} and the times of the frames that embed it (increasing, inside it). */
  public record Moment(double start, double end, List<Double> embedTimes) {

    public Moment {
      embedTimes = List.copyOf(embedTimes);
    }
  }

  /** Shot-detection samples: their times (increasing) and whether each shows something (not black or plain). */
  public record Samples(double[] times, boolean[] usable) {

    public Samples {
      if (times.length != usable.length) {
        throw new IllegalArgumentException("times and usable must have one entry per sample, got: " + times.length + " and "
            + usable.length);
      }
      times = times.clone();
      usable = usable.clone();
    }

    @Override
    public double[] times() {
      return times.clone();
    }

    @Override
    public boolean[] usable() {
      return usable.clone();
    }

    static final Samples NONE = new Samples(new double[0], new boolean[0]);
  }

  private final VideoLimits limits;

  public Segmenter(VideoLimits limits) {
    this.limits = Objects.requireNonNull(limits, "limits");
  }

  /** Moments of a video of {@code seconds} whose shots change at {@code cuts}, without sample information. */
  public List<Moment> segment(List<Double> cuts, double seconds) {
    return segment(cuts, seconds, Samples.NONE);
  }

  /**
   * Moments covering {@code [0, seconds]} in order without gaps.
   *
   * @param cuts times where a new shot starts; those outside {@code (0, seconds)} are ignored
   */
  public List<Moment> segment(List<Double> cuts, double seconds, Samples samples) {
    if (!(seconds > 0)) {
      throw new IllegalArgumentException("seconds must be positive, got: " + seconds);
    }
    TreeSet<Double> bounds = new TreeSet<>();
    bounds.add(0.0);
    for (double c : cuts) {
      if (c > 0 && c < seconds) {
        bounds.add(c);
      }
    }
    bounds.add(seconds);
    List<double[]> parts = new ArrayList<>();
    Double previous = null;
    for (double b : bounds) {
      if (previous != null) {
        split(previous, b, parts);
      }
      previous = b;
    }
    while (parts.size() > limits.maxMoments()) {
      int best = 0;
      for (int i = 1; i + 1 < parts.size(); i++) {
        if (length(parts, i) + length(parts, i + 1) < length(parts, best) + length(parts, best + 1)) {
          best = i;
        }
      }
      parts.set(best, new double[] {parts.get(best)[0], parts.get(best + 1)[1]});
      parts.remove(best + 1);
    }
    List<Moment> moments = new ArrayList<>(parts.size());
    for (double[] p : parts) {
      moments.add(new Moment(p[0], p[1], embedTimes(p[0], p[1], samples)));
    }
    return moments;
  }

  private void split(double start, double end, List<double[]> into) {
    int n = (int) Math.max(1, Math.ceil((end - start) / limits.maxMomentSeconds() - 1e-9));
    double step = (end - start) / n;
    for (int i = 0; i < n; i++) {
      into.add(new double[] {start + i * step, i == n - 1 ? end : start + (i + 1) * step});
    }
  }

  private static double length(List<double[]> parts, int i) {
    return parts.get(i)[1] - parts.get(i)[0];
  }

  /** The frame times of a moment: centred slices, moved off black or plain samples where possible. */
  List<Double> embedTimes(double start, double end, Samples samples) {
    double length = end - start;
    int n = (int) Math.max(1, Math.min(limits.maxFramesPerMoment(), Math.round(length / limits.embedEverySeconds())));
    TreeSet<Double> times = new TreeSet<>();
    for (int i = 0; i < n; i++) {
      times.add(usableNear(start + (i + 0.5) * length / n, start, end, samples));
    }
    return List.copyOf(times);
  }

  /** {@code t}, or the time of the nearest usable sample in {@code [start, end)} when the sample nearest {@code t} is not usable. */
  private static double usableNear(double t, double start, double end, Samples samples) {
    double[] times = samples.times();
    boolean[] usable = samples.usable();
    if (times.length == 0) {
      return t;
    }
    int nearest = nearest(times, t);
    if (usable[nearest]) {
      return t;
    }
    int best = -1;
    for (int i = 0; i < times.length; i++) {
      if (usable[i] && times[i] >= start && times[i] < end
          && (best < 0 || Math.abs(times[i] - t) < Math.abs(times[best] - t))) {
        best = i;
      }
    }
    return best < 0 ? t : times[best];
  }

  private static int nearest(double[] times, double t) {
    int best = 0;
    for (int i = 1; i < times.length; i++) {
      if (Math.abs(times[i] - t) < Math.abs(times[best] - t)) {
        best = i;
      }
    }
    return best;
  }
}
