package dev.mmsearch.encode;

import java.util.List;

/**
 * Embeds inputs of one modality into one space. Implementations batch for real; the single-item
 * call delegates to the batch call. Implementations are thread-safe: a process shares one encoder
 * per model tower across all indexing and query threads.
 */
public interface Encoder extends AutoCloseable {

  /** The modality this encoder accepts. */
  Modality modality();

  /** Length of every vector returned. */
  int dimension();

  Similarity similarity();

  /** The model that produces the vectors, recorded in the index. */
  ModelIdentity identity();

  /**
   * Embeds a batch, in order. An empty list gives an empty list.
   *
   * @throws IllegalArgumentException if an input is not of {@link #modality()}
   */
  List<float[]> encode(List<? extends EncoderInput> inputs, Role role);

  /**
   * Does the input-dependent work that needs no model (resizing, cropping) so callers can run it
   * on other threads than inference; {@link #encode} accepts the result. Thread-safe. The default
   * returns the input unchanged.
   */
  default EncoderInput prepare(EncoderInput input) {
    return input;
  }

  /**
   * Whether {@link #encode} takes {@code prepared}, an input another encoder prepared: true when
   * both prepare the same way, so models sharing a preprocessing config resize each image once.
   */
  default boolean accepts(EncoderInput prepared) {
    return !(prepared instanceof EncoderInput.Prepared);
  }

  /**
   * For audio encoders, how many seconds from the start of a sound the model reads
   * ({@code Double.POSITIVE_INFINITY}: all of it); decoders keep no more. Other encoders answer 0.
   */
  default double audioSeconds() {
    return 0;
  }

  /**
   * For image encoders, the longest side of the pixels the model reads after its resize (0: it
   * reads images at their own size). Decoders read large images subsampled to a few times this.
   * Other encoders answer 0.
   */
  default int inputSide() {
    return 0;
  }

  default float[] encode(EncoderInput input, Role role) {
    return encode(List.of(input), role).getFirst();
  }

  @Override
  void close();
}
