package dev.mmsearch.encode;

import java.util.Locale;

/** A kind of input an encoder turns into a vector. Lower-case names appear in field names and config. */
public enum Modality {
  TEXT,
  IMAGE,
  AUDIO;

  /** The name used in field names ({@code clip.image}) and config files. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Modality fromString(String s) {
    for (Modality m : values()) {
      if (m.id().equalsIgnoreCase(s)) {
        return m;
      }
    }
    throw new IllegalArgumentException("Unknown modality '" + s + "' (known: text, image, audio)");
  }
}
