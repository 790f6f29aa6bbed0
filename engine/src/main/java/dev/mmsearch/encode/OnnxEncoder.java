package dev.mmsearch.encode;

import java.util.ArrayList;
import java.util.List;

/**
 * An {@link Encoder} backed by one ONNX tower: checks modality, splits long batches, runs the
 * subclass's batch step, and owns the session. Subclasses only turn inputs into tensors.
 */
abstract class OnnxEncoder implements Encoder {

  protected final OnnxModel model;
  protected final EmbeddingHead head;
  private final ModelIdentity identity;
  private final int dimension;
  private final int maxBatchSize;

  OnnxEncoder(OnnxModel model, EmbeddingHead head, ModelIdentity identity, EncoderOptions options) {
    this.model = model;
    this.head = head;
    this.identity = identity;
    this.dimension = head.validate(model);
    this.maxBatchSize = options.maxBatchSize();
  }

  @Override
  public final int dimension() {
    return dimension;
  }

  @Override
  public final Similarity similarity() {
    return head.normalize() ? Similarity.COSINE : Similarity.DOT_PRODUCT;
  }

  @Override
  public final ModelIdentity identity() {
    return identity;
  }

  @Override
  public final List<float[]> encode(List<? extends EncoderInput> inputs, Role role) {
    List<float[]> out = features(inputs, role);
    out.replaceAll(head::finish);
    return out;
  }

  /** Pooled features of the graph's output, before this encoder's adapter and normalisation. */
  final List<float[]> features(List<? extends EncoderInput> inputs, Role role) {
    for (EncoderInput in : inputs) {
      if (in.modality() != modality()) {
        throw new IllegalArgumentException(identity.name() + " encodes " + modality().id()
            + " inputs, got: " + in.modality().id());
      }
    }
    List<float[]> out = new ArrayList<>(inputs.size());
    for (int from = 0; from < inputs.size(); from += maxBatchSize) {
      out.addAll(featuresBatch(inputs.subList(from, Math.min(inputs.size(), from + maxBatchSize)), role));
    }
    return out;
  }

  /** Finishes features from {@link #features} (of this encoder or of one with the same {@link #sharingKey}). */
  final float[] finish(float[] features) {
    return head.finish(features);
  }

  /**
   * Encoders with equal non-null keys compute the same {@link #features} for the same inputs (one
   * graph, one output, one preprocessing), so one forward pass serves them all ({@link SharedEncoding}).
   */
  Object sharingKey() {
    return null;
  }

  /** Pooled features of at most {@code maxBatchSize} inputs, all of this encoder's modality. */
  abstract List<float[]> featuresBatch(List<? extends EncoderInput> batch, Role role);

  @Override
  public void close() {
    model.close();
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "(" + identity + ", " + modality().id() + ", dim=" + dimension + ")";
  }
}
