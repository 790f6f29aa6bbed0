package dev.mmsearch.dup;

import java.util.Arrays;
import java.util.Locale;

/**
 * How alike the members of a group are. Each level contains the ones before it: an exact duplicate
 * is also near, a near one also similar.
 */
public enum DuplicateLevel {
  /** The same decoded content: equal pixels or samples ({@code decoded_digest}), whatever the file format. */
  EXACT,
  /**
   * The same picture or sound after resizing, recompression, a small crop, a colour or brightness
   * change, overlaid text or a logo, a format change; a sound re-encoded, resampled or at another
   * volume: close perceptual signatures ({@code signature.image}, {@code signature.audio}).
   */
  NEAR,
  /** The same scene or object in another shot: close in a visual embedding field ({@code dino.image} by default). */
  SIMILAR;

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static DuplicateLevel fromString(String s) {
    for (DuplicateLevel l : values()) {
      if (l.id().equalsIgnoreCase(s == null ? "" : s.trim())) {
        return l;
      }
    }
    throw new IllegalArgumentException("level must be one of " + Arrays.stream(values()).map(DuplicateLevel::id).toList()
        + ", got: " + s);
  }
}
