package dev.mmsearch.encode;

import java.awt.image.BufferedImage;
import java.util.Objects;

/** One item to embed, typed by modality. Images arrive decoded (see {@code dev.mmsearch.extract}). */
public sealed interface EncoderInput {

  Modality modality();

  /** Text to embed; may be empty (it still has an embedding). */
  record Text(String text) implements EncoderInput {
    public Text {
      Objects.requireNonNull(text, "text");
    }

    @Override
    public Modality modality() {
      return Modality.TEXT;
    }
  }

  /** A decoded, upright, opaque RGB image. */
  record Image(BufferedImage image) implements EncoderInput {
    public Image {
      Objects.requireNonNull(image, "image");
    }

    @Override
    public Modality modality() {
      return Modality.IMAGE;
    }
  }
}
