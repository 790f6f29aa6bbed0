package dev.mmsearch.encode;

import java.util.Locale;

/** A kind of input an encoder turns into a vector. Lower-case names appear in field names and config. */
public enum Modality {
  TEXT,
  IMAGE,
  AUDIO,
  /**
   * A video. No encoder reads one whole: its moments' frames are read by a space's image encoder
   * and their sound by its audio encoder ({@link EncoderInput.Timeline}), so a video lands in the
   * image and audio fields of every space, moment by moment.
   */
  VIDEO,
  /**
   * A file's name as a weak caption: the words of a folder item's path ({@code animals/giraffe.webp}
   * → "animals giraffe"), or a manifest's {@code name}. No encoder declares it: a space's text
   * encoder embeds it into a field of its own ({@code clip.name}), so a text query meets names
   * with their own calibration, apart from captions.
   */
  NAME,
  /**
   * The text read inside an item's pictures (signs, screenshots, labels: {@code dev.mmsearch.derive.ocr}).
   * No encoder declares it: like {@link #NAME}, a space's text encoder embeds it into a field of its
   * own ({@code clip.ocr}), so a text query meets the words in pictures with their own calibration.
   */
  OCR;

  /** Whether a space's text encoder embeds this modality (text, names, text read in pictures). */
  public boolean textual() {
    return this == TEXT || this == NAME || this == OCR;
  }

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
    throw new IllegalArgumentException("Unknown modality '" + s + "' (known: "
        + String.join(", ", java.util.Arrays.stream(values()).map(Modality::id).toList()) + ")");
  }
}
