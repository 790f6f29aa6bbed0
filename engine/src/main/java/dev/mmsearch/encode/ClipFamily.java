package dev.mmsearch.encode;

import java.util.Map;
import java.util.Set;

/** CLIP dual towers: {@code text_model.onnx → text_embeds}, {@code vision_model.onnx → image_embeds}. */
final class ClipFamily extends OnnxFamily {

  ClipFamily() {
    super("clip", Map.of(Modality.TEXT, "text_model", Modality.IMAGE, "vision_model"), Set.of("clip", "chinese_clip"));
  }

  @Override
  EmbeddingHead defaultHead(ModelFolder folder, Modality m, OnnxModel model, boolean normalize) {
    return new EmbeddingHead(m == Modality.TEXT ? "text_embeds" : "image_embeds", Pooling.NONE, normalize);
  }
}
