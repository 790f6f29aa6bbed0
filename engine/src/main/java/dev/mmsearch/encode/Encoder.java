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
   * What of its inputs this encoder reads (an image size, a sound's first seconds), so that
   * decoders keep no more; empty: inputs whole. Its kind matches {@link #modality()}.
   */
  default java.util.Optional<InputNeed> reads() {
    return java.util.Optional.empty();
  }

  /**
   * Whether the normalised mean of this encoder's vectors of several inputs stands for them all
   * (true of embeddings: a video's frames average into its moment's vector, its moments into the
   * video's). False for derived vectors whose mean means nothing (a palette): those embed one input
   * standing for the whole ({@link EncoderInput.Timeline#whole}).
   */
  default boolean poolable() {
    return true;
  }

  default float[] encode(EncoderInput input, Role role) {
    return encode(List.of(input), role).getFirst();
  }

  @Override
  void close();
}
