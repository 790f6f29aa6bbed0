package dev.mmsearch.encode;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * sentence-transformers text models, recognised by {@code modules.json} whatever their
 * {@code model_type}: {@code sentence_embedding} when the export has it, else token outputs pooled
 * as {@code 1_Pooling/config.json} says.
 */
final class SentenceTransformersFamily extends OnnxFamily {

  SentenceTransformersFamily() {
    super("sentence-transformers", Map.of(Modality.TEXT, "model"), Set.of());
  }

  @Override
  public boolean detectsFiles(Path dir) {
    return Files.exists(dir.resolve("modules.json"));
  }

  @Override
  EmbeddingHead defaultHead(ModelFolder folder, Modality m, OnnxModel model, boolean normalize) {
    if (model.outputs().containsKey("sentence_embedding")) {
      return new EmbeddingHead("sentence_embedding", Pooling.NONE, normalize);
    }
    String out = model.outputs().containsKey("token_embeddings") ? "token_embeddings" : "last_hidden_state";
    return new EmbeddingHead(out, pooling(folder), normalize);
  }

  private static Pooling pooling(ModelFolder folder) {
    Path file = folder.dir().resolve("1_Pooling").resolve("config.json");
    JsonNode p = folder.json("1_Pooling/config.json", true);
    if (p.path("pooling_mode_cls_token").asBoolean(false)) {
      return Pooling.CLS;
    }
    if (p.path("pooling_mode_mean_tokens").asBoolean(false)) {
      return Pooling.MEAN;
    }
    throw ModelException.inFile(file, "pooling mode not supported: only pooling_mode_cls_token and pooling_mode_mean_tokens are");
  }
}
