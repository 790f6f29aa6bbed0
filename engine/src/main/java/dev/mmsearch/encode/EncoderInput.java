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

  /**
   * An image already resized and cropped by one encoder's {@link Encoder#prepare}: interleaved
   * 8-bit RGB of the model's input size. Only the encoder that prepared it accepts it.
   */
  record PreparedImage(byte[] rgb, int width, int height, Object preparedBy) implements EncoderInput {
    public PreparedImage {
      if (rgb.length != width * height * 3) {
        throw new IllegalArgumentException("rgb must hold width × height × 3 bytes, got: " + rgb.length);
      }
    }

    @Override
    public Modality modality() {
      return Modality.IMAGE;
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
