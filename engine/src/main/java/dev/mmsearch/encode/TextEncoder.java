package dev.mmsearch.encode;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Text tower of any family: CLIP and SigLIP text models, sentence-transformers (BERT-like) models.
 * Feeds exactly the inputs the graph declares ({@code input_ids}, and {@code attention_mask} and
 * {@code token_type_ids} where present), then pools the configured output.
 *
 * <p>Query and document texts may get different instruction prefixes (bge, e5); the model folder
 * says which.
 */
final class TextEncoder extends OnnxEncoder {

  static final String INPUT_IDS = "input_ids";
  static final String ATTENTION_MASK = "attention_mask";
  static final String TOKEN_TYPE_IDS = "token_type_ids";
  private static final Set<String> KNOWN_INPUTS = Set.of(INPUT_IDS, ATTENTION_MASK, TOKEN_TYPE_IDS);

  private final TextTokenizer tokenizer;
  private final String queryPrefix;
  private final String documentPrefix;

  TextEncoder(OnnxModel model, TextTokenizer tokenizer, EmbeddingHead head, ModelIdentity identity,
      EncoderOptions options, String queryPrefix, String documentPrefix) {
    super(model, head, identity, options);
    model.requireInput(INPUT_IDS);
    Set<String> unknown = model.unknownInputs(KNOWN_INPUTS);
    if (!unknown.isEmpty()) {
      throw ModelException.inFile(model.file(), "text model has inputs this encoder cannot feed: " + unknown
          + " (supported: " + KNOWN_INPUTS + ")");
    }
    for (OnnxModel.Port p : model.inputs().values()) {
      if (p.type() != OnnxJavaType.INT64 && p.type() != OnnxJavaType.INT32) {
        throw ModelException.inFile(model.file(), "text input '" + p.name() + "' must be int64 or int32, got: " + p.type());
      }
    }
    this.tokenizer = tokenizer;
    this.queryPrefix = queryPrefix;
    this.documentPrefix = documentPrefix;
  }

  @Override
  public Modality modality() {
    return Modality.TEXT;
  }

  TextTokenizer tokenizer() {
    return tokenizer;
  }

  @Override
  List<float[]> featuresBatch(List<? extends EncoderInput> batch, Role role) {
    String prefix = role == Role.QUERY ? queryPrefix : documentPrefix;
    List<String> texts = new ArrayList<>(batch.size());
    for (EncoderInput in : batch) {
      texts.add(prefix + ((EncoderInput.Text) in).text());
    }
    TextTokenizer.Batch tokens = tokenizer.encode(texts);
    Map<String, OnnxTensor> feed = new HashMap<>();
    try {
      for (OnnxModel.Port p : model.inputs().values()) {
        long[][] values = switch (p.name()) {
          case INPUT_IDS -> tokens.ids();
          case ATTENTION_MASK -> tokens.mask();
          default -> tokens.typeIds();
        };
        feed.put(p.name(), tensor(values, p.type()));
      }
    } catch (OrtException e) {
      feed.values().forEach(OnnxTensor::close);
      throw new IllegalStateException("cannot build input tensors: " + e.getMessage(), e);
    }
    return head.features(model.run(feed, head.output()), tokens.mask());
  }

  private static OnnxTensor tensor(long[][] values, OnnxJavaType type) throws OrtException {
    int rows = values.length;
    int cols = rows == 0 ? 0 : values[0].length;
    long[] shape = {rows, cols};
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    if (type == OnnxJavaType.INT32) {
      IntBuffer buf = IntBuffer.allocate(rows * cols);
      for (long[] row : values) {
        for (long v : row) {
          buf.put((int) v);
        }
      }
      return OnnxTensor.createTensor(env, buf.flip(), shape);
    }
    LongBuffer buf = LongBuffer.allocate(rows * cols);
    for (long[] row : values) {
      buf.put(row);
    }
    return OnnxTensor.createTensor(env, buf.flip(), shape);
  }

  @Override
  public void close() {
    try {
      tokenizer.close();
    } finally {
      super.close();
    }
  }
}
