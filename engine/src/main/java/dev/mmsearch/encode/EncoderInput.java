package dev.mmsearch.encode;

import java.awt.image.BufferedImage;
import java.util.Objects;

/** One item to embed, typed by modality. Images arrive decoded (see {@code dev.mmsearch.extract}). */
public sealed interface EncoderInput {

  Modality modality();

  /**
   * An input one encoder made from a decoded one in {@link Encoder#prepare}: only encoders that
   * prepare the same way ({@code preparedBy} equal) accept it.
   */
  sealed interface Prepared extends EncoderInput {
    /** What prepared it: a preprocessing config, a feature extractor, an encoder. */
    Object preparedBy();
  }

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
  record PreparedImage(byte[] rgb, int width, int height, Object preparedBy) implements Prepared {
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

  /** Decoded sound: mono samples at their own rate (see {@code dev.mmsearch.extract.AudioDecoder}). */
  record Audio(dev.mmsearch.extract.Audio audio) implements EncoderInput {
    public Audio {
      Objects.requireNonNull(audio, "audio");
    }

    @Override
    public Modality modality() {
      return Modality.AUDIO;
    }
  }

  /**
   * Sound already turned into a model's input features by one encoder's {@link Encoder#prepare}:
   * {@code channels × frames × bins} floats. Only encoders that prepare alike accept it.
   *
   * @param longer whether the sound was longer than the model's window (CLAP's {@code is_longer})
   */
  record PreparedAudio(float[] features, int channels, int frames, int bins, boolean longer, Object preparedBy)
      implements Prepared {
    public PreparedAudio {
      if (features.length != channels * frames * bins) {
        throw new IllegalArgumentException("features must hold channels × frames × bins floats, got: " + features.length);
      }
    }

    @Override
    public Modality modality() {
      return Modality.AUDIO;
    }
  }

  /**
   * A decoded input in time (a video), as inputs of the modalities encoders read: per moment, its
   * frames ({@link Modality#IMAGE}) and its sound ({@link Modality#AUDIO}, absent for a silent
   * video), and for the whole, what encoders that cannot average moments read (a poster frame).
   * Encoders embed each moment; the item's own vector in a field is the moments' mean
   * ({@link Encoder#poolable}), or the whole's for encoders that are not poolable.
   *
   * @param moments in time order, without gaps
   * @param whole per modality, one input standing for the whole
   * @param source what the decoder made of the file (its description, for derived metadata)
   */
  record Timeline(java.util.List<TimedInputs> moments, java.util.Map<Modality, EncoderInput> whole, Object source)
      implements EncoderInput {
    public Timeline {
      moments = java.util.List.copyOf(moments);
      whole = java.util.Map.copyOf(whole);
      if (moments.isEmpty()) {
        throw new IllegalArgumentException("a timeline needs at least one moment");
      }
    }

    @Override
    public Modality modality() {
      return Modality.VIDEO;
    }
  }

  /**
   * One moment of a {@link Timeline}: its time range, its inputs per modality (several frames, one
   * sound), and its preview JPEG (null where no previews are made: a query's video).
   */
  record TimedInputs(double start, double end, java.util.Map<Modality, java.util.List<EncoderInput>> inputs, byte[] preview) {
    public TimedInputs {
      java.util.Map<Modality, java.util.List<EncoderInput>> copy = new java.util.EnumMap<>(Modality.class);
      inputs.forEach((m, l) -> copy.put(m, java.util.List.copyOf(l)));
      inputs = java.util.Collections.unmodifiableMap(copy);
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

  /**
   * What a derived encoder computed from a decoded input in {@link Encoder#prepare} (a picture's
   * palette, say), so that the work runs on decode threads; only the encoder that prepared it
   * accepts it.
   */
  record Derived(Object value, Modality modality, Object preparedBy) implements Prepared {
    public Derived {
      Objects.requireNonNull(value, "value");
      Objects.requireNonNull(modality, "modality");
      Objects.requireNonNull(preparedBy, "preparedBy");
    }
  }
}
