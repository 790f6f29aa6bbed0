package dev.mmsearch.encode;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Set;

/** DINOv2 image backbone: {@code pooler_output}, or the CLS token of {@code last_hidden_state}. */
final class Dinov2Family extends OnnxFamily {

  Dinov2Family() {
    super("dinov2", Map.of(Modality.IMAGE, "model"), Set.of("dinov2", "dinov2_with_registers"));
  }

  /** The manifest may name a pooling without an output: {@code none} picks {@code pooler_output}, others pool the tokens. */
  @Override
  EmbeddingHead defaultHead(ModelFolder folder, Modality m, OnnxModel model, boolean normalize) {
    JsonNode t = folder.tower(m);
    Pooling pooling = t.has("pooling") ? Pooling.fromString(t.get("pooling").asText()) : null;
    if (pooling == Pooling.NONE || (pooling == null && model.outputs().containsKey("pooler_output"))) {
      return new EmbeddingHead("pooler_output", Pooling.NONE, normalize);
    }
    return new EmbeddingHead("last_hidden_state", pooling == null ? Pooling.CLS : pooling, normalize);
  }
}
