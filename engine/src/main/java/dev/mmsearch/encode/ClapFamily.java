package dev.mmsearch.encode;

import java.util.Map;
import java.util.Set;

/** CLAP dual towers: {@code text_model.onnx → text_embeds}, {@code audio_model.onnx → audio_embeds}, fed log-mel features. */
final class ClapFamily extends OnnxFamily {

  ClapFamily() {
    super("clap", Map.of(Modality.TEXT, "text_model", Modality.AUDIO, "audio_model"), Set.of("clap"));
  }

  @Override
  EmbeddingHead defaultHead(ModelFolder folder, Modality m, OnnxModel model, boolean normalize) {
    return new EmbeddingHead(m == Modality.TEXT ? "text_embeds" : "audio_embeds", Pooling.NONE, normalize);
  }
}
