package dev.mmsearch.index;

import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A stretch of an item in time (a shot of a video, or part of one) with its own vectors: what a
 * search finds inside a video, so a hit can say where to start playing. Stored with its item and
 * replaced with it; an item's moments are in time order and do not overlap.
 *
 * @param start seconds from the beginning
 * @param end seconds from the beginning
 * @param vectors the moment's vector per item field ({@code clip.image}): it is searched as part of
 *     that field, and its item found through it
 * @param thumbnail a small JPEG of the moment, or null
 */
public record Moment(double start, double end, Map<String, float[]> vectors, byte[] thumbnail) {

  public Moment {
    if (!(start >= 0) || !(end >= start) || !Double.isFinite(end)) {
      throw new IllegalArgumentException("a moment needs 0 <= start <= end, got: " + start + ".." + end);
    }
    TreeMap<String, float[]> v = new TreeMap<>();
    Objects.requireNonNullElse(vectors, Map.<String, float[]>of()).forEach((k, x) -> v.put(k, x.clone()));
    vectors = Collections.unmodifiableMap(v);
    thumbnail = thumbnail == null ? null : thumbnail.clone();
  }

  /** A moment as read back with its item: its times only. */
  public Moment(double start, double end) {
    this(start, end, Map.of(), null);
  }

  /** The moment at {@code index} of its item, as a hit names it. */
  public Span span(int index) {
    return new Span(index, start, end);
  }

  @Override
  public Map<String, float[]> vectors() {
    TreeMap<String, float[]> copy = new TreeMap<>();
    vectors.forEach((k, x) -> copy.put(k, x.clone()));
    return copy;
  }

  @Override
  public byte[] thumbnail() {
    return thumbnail == null ? null : thumbnail.clone();
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Moment m) || start != m.start || end != m.end || !vectors.keySet().equals(m.vectors.keySet())
        || !Arrays.equals(thumbnail, m.thumbnail)) {
      return false;
    }
    return vectors.entrySet().stream().allMatch(e -> Arrays.equals(e.getValue(), m.vectors.get(e.getKey())));
  }

  @Override
  public int hashCode() {
    return Objects.hash(start, end, vectors.keySet());
  }

  @Override
  public String toString() {
    return "Moment(" + start + ".." + end + ", " + vectors.keySet() + ")";
  }
}
