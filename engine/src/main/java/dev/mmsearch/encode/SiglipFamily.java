package dev.mmsearch.encode;

import java.util.Map;
import java.util.Set;

/** SigLIP dual towers: {@code pooler_output} of each; text padded to full length, no attention mask. */
final class SiglipFamily extends OnnxFamily {

  SiglipFamily() {
    super("siglip", Map.of(Modality.TEXT, "text_model", Modality.IMAGE, "vision_model"), Set.of("siglip", "siglip2"));
  }

  @Override
  EmbeddingHead defaultHead(ModelFolder folder, Modality m, OnnxModel model, boolean normalize) {
    return new EmbeddingHead("pooler_output", Pooling.NONE, normalize);
  }

  @Override
  boolean padsTextToMaxLength() {
    return true;
  }
}
