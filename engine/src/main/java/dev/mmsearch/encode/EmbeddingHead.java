package dev.mmsearch.encode;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Which graph output holds the embedding and how to reduce it to one unit vector per input.
 * Validated against the graph when an encoder is built: the output must exist, have rank 2 for
 * {@link Pooling#NONE} and rank 3 otherwise, and a fixed last dimension.
 *
 * @param output graph output name ({@code text_embeds}, {@code pooler_output}, {@code last_hidden_state})
 * @param pooling how rank-3 outputs are reduced
 * @param normalize L2-normalise (cosine spaces)
 * @param adapter learned map applied after pooling (and before normalising), or null
 */
record EmbeddingHead(String output, Pooling pooling, boolean normalize, Adapter adapter) {

  EmbeddingHead(String output, Pooling pooling, boolean normalize) {
    this(output, pooling, normalize, null);
  }

  EmbeddingHead withAdapter(Adapter a) {
    return new EmbeddingHead(output, pooling, normalize, a);
  }

  /** Checks the graph and returns the embedding dimension. */
  int validate(OnnxModel model) {
    OnnxModel.Port port = model.requireOutput(output);
    int expectedRank = pooling == Pooling.NONE ? 2 : 3;
    if (port.rank() != expectedRank) {
      throw ModelException.inFile(model.file(), "output '" + output + "' has rank " + port.rank()
          + " (shape " + Arrays.toString(port.shape()) + ") but pooling " + pooling.id()
          + " needs rank " + expectedRank);
    }
    long dim = port.shape()[port.rank() - 1];
    if (dim < 1) {
      throw ModelException.inFile(model.file(), "output '" + output + "' has a dynamic last dimension "
          + Arrays.toString(port.shape()) + "; the embedding size must be fixed");
    }
    if (adapter != null) {
      if (adapter.inputDimension() != dim) {
        throw ModelException.inFile(model.file(), "adapter takes " + adapter.inputDimension() + "-d features but output '"
            + output + "' has " + dim);
      }
      return adapter.outputDimension();
    }
    return (int) dim;
  }

  /** Splits a batch output into one finished vector per input; {@code masks} may be null. */
  List<float[]> vectors(OnnxModel.Output out, long[][] masks) {
    List<float[]> features = features(out, masks);
    features.replaceAll(this::finish);
    return features;
  }

  /** Splits a batch output into one pooled vector per input, before the adapter and normalisation. */
  List<float[]> features(OnnxModel.Output out, long[][] masks) {
    long[] shape = out.shape();
    int batch = (int) shape[0];
    int dim = (int) shape[shape.length - 1];
    List<float[]> vectors = new ArrayList<>(batch);
    float[] data = out.data();
    if (pooling == Pooling.NONE) {
      for (int b = 0; b < batch; b++) {
        vectors.add(Arrays.copyOfRange(data, b * dim, (b + 1) * dim));
      }
      return vectors;
    }
    int tokens = (int) shape[1];
    for (int b = 0; b < batch; b++) {
      float[][] rows = new float[tokens][];
      for (int t = 0; t < tokens; t++) {
        int from = (b * tokens + t) * dim;
        rows[t] = Arrays.copyOfRange(data, from, from + dim);
      }
      vectors.add(pooling.pool(rows, masks == null ? null : masks[b]));
    }
    return vectors;
  }

  /** The adapter, then normalisation: what turns pooled features into this head's embedding. */
  float[] finish(float[] v) {
    if (adapter != null) {
      v = adapter.apply(v);
    }
    return normalize ? Adapter.unit(v) : v;
  }
}
