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
    for (EncoderInput in : inputs) {
      if (in.modality() != modality()) {
        throw new IllegalArgumentException(identity.name() + " encodes " + modality().id()
            + " inputs, got: " + in.modality().id());
      }
    }
    List<float[]> out = new ArrayList<>(inputs.size());
    for (int from = 0; from < inputs.size(); from += maxBatchSize) {
      out.addAll(encodeBatch(inputs.subList(from, Math.min(inputs.size(), from + maxBatchSize)), role));
    }
    return out;
  }

  /** Embeds at most {@code maxBatchSize} inputs, all of this encoder's modality. */
  abstract List<float[]> encodeBatch(List<? extends EncoderInput> batch, Role role);

  @Override
  public void close() {
    model.close();
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "(" + identity + ", " + modality().id() + ", dim=" + dimension + ")";
  }
}
