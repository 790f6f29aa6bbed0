package dev.mmsearch.encode;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;

/**
 * Builds a text tower's encoder from a Hugging Face folder's tokenizer files: the length, padding
 * and prompts come from {@code tokenizer_config.json}, sentence-transformers' files and
 * {@code config.json}, each overridable in the manifest's {@code text} block. Shared by every
 * family with a text tower.
 */
final class TextTower {

  private TextTower() {}

  static TextEncoder encoder(ModelFolder folder, OnnxModel model, EmbeddingHead head, EncoderOptions options,
      boolean padToMaxByDefault) {
    JsonNode t = folder.tower(Modality.TEXT);
    Path tokenizerFile = folder.dir().resolve("tokenizer.json");
    JsonNode tokenizerConfig = folder.json("tokenizer_config.json", false);
    int maxLength = t.path("maxLength").asInt(defaultMaxLength(folder, tokenizerConfig));
    boolean padToMax = t.path("padToMaxLength").asBoolean(padToMaxByDefault);
    long padId = t.has("padId") ? t.get("padId").asLong() : padId(folder, tokenizerFile, tokenizerConfig);
    JsonNode prompts = folder.json("config_sentence_transformers.json", false).path("prompts");
    String queryPrefix = t.path("queryPrefix").asText(prompts.path("query").asText(""));
    String documentPrefix = t.path("documentPrefix").asText(
        prompts.path("document").asText(prompts.path("passage").asText("")));
    boolean lowercase = t.path("lowercase").asBoolean(false);
    TextTokenizer tokenizer = new TextTokenizer(tokenizerFile, maxLength, padToMax, padId, lowercase);
    try {
      return new TextEncoder(model, tokenizer, head, folder.identity(), options, queryPrefix, documentPrefix);
    } catch (RuntimeException e) {
      tokenizer.close();
      throw e;
    }
  }

  /** sentence-transformers' max_seq_length, else the tokenizer's model_max_length, capped by positions. */
  private static int defaultMaxLength(ModelFolder folder, JsonNode tokenizerConfig) {
    JsonNode config = folder.config();
    long positions = config.path("text_config").path("max_position_embeddings")
        .asLong(config.path("max_position_embeddings").asLong(Long.MAX_VALUE));
    long length = folder.json("sentence_bert_config.json", false).path("max_seq_length")
        .asLong(tokenizerConfig.path("model_max_length").asLong(512));
    // Tokenizers without a limit report model_max_length as a huge sentinel (1e30).
    if (length <= 0 || length > 1_000_000) {
      length = 512;
    }
    return (int) Math.min(length, positions);
  }

  /** The id of tokenizer_config's pad token, else tokenizer.json's padding pad_id, else 0. */
  private static long padId(ModelFolder folder, Path tokenizerFile, JsonNode tokenizerConfig) {
    JsonNode pad = tokenizerConfig.path("pad_token");
    String padToken = pad.isTextual() ? pad.asText() : pad.path("content").asText(null);
    JsonNode spec = folder.json("tokenizer.json", true);
    if (padToken != null) {
      for (JsonNode added : spec.path("added_tokens")) {
        if (padToken.equals(added.path("content").asText())) {
          return added.path("id").asLong();
        }
      }
      JsonNode id = spec.path("model").path("vocab").path(padToken);
      if (id.isNumber()) {
        return id.asLong();
      }
      throw ModelException.inFile(tokenizerFile, "pad token '" + padToken + "' from tokenizer_config.json is not in the vocabulary");
    }
    return spec.path("padding").path("pad_id").asLong(0);
  }
}
