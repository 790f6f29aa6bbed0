package dev.mmsearch.media;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The decoding limits of every file modality, one typed record per medium
 * ({@link dev.mmsearch.extract.ImageLimits}, {@link dev.mmsearch.extract.AudioLimits}), keyed by
 * the record's type: what {@link Media#of} takes instead of a parameter per modality. A medium
 * with no limits given uses its defaults ({@link MediumType#defaultLimits()}). Immutable.
 *
 * <p>Configuration keys and CLI flags stay per modality; their edge (config mapping, job options)
 * builds one of these.
 */
public final class MediaLimits {

  /** No limits given: every medium uses its defaults. */
  public static final MediaLimits DEFAULTS = new MediaLimits(Map.of());

  private final Map<Class<?>, Record> byType;

  private MediaLimits(Map<Class<?>, Record> byType) {
    this.byType = Map.copyOf(byType);
  }

  /** These limits, each for the medium whose limits record it is; a later one of the same type wins. */
  public static MediaLimits of(Record... limits) {
    Map<Class<?>, Record> m = new LinkedHashMap<>();
    for (Record l : limits) {
      m.put(Objects.requireNonNull(l, "limits").getClass(), l);
    }
    return new MediaLimits(m);
  }

  /** These limits with {@code limits} replacing any of its type. */
  public MediaLimits with(Record limits) {
    Map<Class<?>, Record> m = new LinkedHashMap<>(byType);
    m.put(limits.getClass(), limits);
    return new MediaLimits(m);
  }

  /** The limits of type {@code type}, or {@code defaults} when none were given. */
  public <L extends Record> L get(Class<L> type, L defaults) {
    Record l = byType.get(type);
    return l == null ? defaults : type.cast(l);
  }

  @Override
  public String toString() {
    return "MediaLimits" + byType.values();
  }
}
