package dev.mmsearch.encode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmsearch.testing.Folders;
import dev.mmsearch.testing.TestModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Folder discovery, and a clear error naming the file for every missing or inconsistent piece. */
class ModelFolderTest {

  @TempDir
  Path tmp;

  private Path copy(String model) {
    return Folders.copy(TestModels.model(model), tmp.resolve(model));
  }

  private static String failure(Runnable r) {
    return assertThrows(ModelException.class, r::run).getMessage();
  }

  @Test
  void familiesAndTowersAreDiscovered() {
    assertEquals("clip", ModelFolder.open(TestModels.model("clip-tiny")).family().id());
    assertEquals(Set.of(Modality.TEXT, Modality.IMAGE), ModelFolder.open(TestModels.model("siglip-tiny")).modalities());
    assertEquals(Set.of(Modality.IMAGE), ModelFolder.open(TestModels.model("dinov2-tiny")).modalities());
    assertEquals("sentence-transformers", ModelFolder.open(TestModels.model("bge-tiny")).family().id());
  }

  @Test
  void identityDependsOnContentNotLocation() throws Exception {
    ModelIdentity original = ModelFolder.open(TestModels.model("minilm-tiny")).identity();
    Path copy = copy("minilm-tiny");
    assertEquals(original, ModelFolder.open(copy).identity());
    Files.writeString(copy.resolve("1_Pooling/config.json"), "{\"pooling_mode_cls_token\": true}");
    assertNotEquals(original.sha256(), ModelFolder.open(copy).identity().sha256());
  }

  @Test
  void missingFolder() {
    assertEquals(tmp.resolve("nope") + ": model folder not found", failure(() -> ModelFolder.open(tmp.resolve("nope"))));
  }

  @Test
  void missingConfigJson() throws Exception {
    Path dir = copy("dinov2-tiny");
    Files.delete(dir.resolve("config.json"));
    String m = failure(() -> ModelFolder.open(dir));
    assertTrue(m.startsWith(dir.resolve("config.json") + ": not found"), m);
  }

  @Test
  void unknownModelType() throws Exception {
    Path dir = copy("dinov2-tiny");
    Files.writeString(dir.resolve("config.json"), "{\"model_type\": \"resnet\"}");
    String m = failure(() -> ModelFolder.open(dir));
    assertTrue(m.contains("model_type 'resnet' is not a known family"), m);
  }

  @Test
  void invalidJson() throws Exception {
    Path dir = copy("dinov2-tiny");
    Files.writeString(dir.resolve("config.json"), "{\"model_type\": ");
    String m = failure(() -> ModelFolder.open(dir));
    assertTrue(m.startsWith(dir.resolve("config.json") + ": not valid JSON"), m);
  }

  @Test
  void missingTower() throws Exception {
    Path dir = copy("clip-tiny");
    Files.delete(dir.resolve("onnx/vision_model.onnx"));
    String m = failure(() -> ModelFolder.open(dir));
    assertTrue(m.contains("clip image tower not found (looked for onnx/vision_model.onnx and vision_model.onnx)"), m);
  }

  @Test
  void missingTokenizer() throws Exception {
    Path dir = copy("minilm-tiny");
    Files.delete(dir.resolve("tokenizer.json"));
    ModelFolder folder = ModelFolder.open(dir);
    String m = failure(() -> folder.load(Modality.TEXT, EncoderOptions.DEFAULTS));
    assertTrue(m.startsWith(dir.resolve("tokenizer.json") + ":"), m);
  }

  @Test
  void missingPreprocessorConfig() throws Exception {
    Path dir = copy("dinov2-tiny");
    Files.delete(dir.resolve("preprocessor_config.json"));
    ModelFolder folder = ModelFolder.open(dir);
    assertEquals(dir.resolve("preprocessor_config.json") + ": required file not found",
        failure(() -> folder.load(Modality.IMAGE, EncoderOptions.DEFAULTS)));
  }

  @Test
  void manifestNamesAnOutputTheGraphLacks() throws Exception {
    Path dir = copy("dinov2-tiny");
    Files.writeString(dir.resolve(ModelFolder.MANIFEST), "{\"image\": {\"output\": \"embeddings\"}}");
    String m = failure(() -> ModelFolder.open(dir).load(Modality.IMAGE, EncoderOptions.DEFAULTS));
    assertTrue(m.endsWith("model does not contain output 'embeddings'. Model contains outputs: [last_hidden_state, pooler_output]"), m);
  }

  @Test
  void poolingMustFitTheOutputRank() throws Exception {
    Path dir = copy("dinov2-tiny");
    Files.writeString(dir.resolve(ModelFolder.MANIFEST), "{\"image\": {\"output\": \"pooler_output\", \"pooling\": \"mean\"}}");
    String m = failure(() -> ModelFolder.open(dir).load(Modality.IMAGE, EncoderOptions.DEFAULTS));
    assertTrue(m.contains("output 'pooler_output' has rank 2") && m.contains("pooling mean needs rank 3"), m);
  }

  @Test
  void unknownPoolingIsNamed() throws Exception {
    Path dir = copy("dinov2-tiny");
    Files.writeString(dir.resolve(ModelFolder.MANIFEST), "{\"image\": {\"output\": \"last_hidden_state\", \"pooling\": \"max\"}}");
    String m = failure(() -> ModelFolder.open(dir).load(Modality.IMAGE, EncoderOptions.DEFAULTS));
    assertTrue(m.contains("Unknown pooling strategy 'max'"), m);
  }

  @Test
  void missingModality() {
    ModelFolder folder = ModelFolder.open(TestModels.model("dinov2-tiny"));
    assertTrue(failure(() -> folder.load(Modality.TEXT, EncoderOptions.DEFAULTS)).endsWith("dinov2 model has no text tower (has: [image])"));
  }

  @Test
  void imageFeaturesFamilyNeedsAnOutput() throws Exception {
    Path dir = copy("dinov2-tiny");
    Files.writeString(dir.resolve(ModelFolder.MANIFEST), "{\"family\": \"image-features\"}");
    String m = failure(() -> ModelFolder.open(dir).load(Modality.IMAGE, EncoderOptions.DEFAULTS));
    assertTrue(m.contains("image-features models need \"image\": {\"output\": ...}"), m);
  }

  private static float[] embedText(Path dir, String text) {
    try (Encoder e = ModelFolder.open(dir).load(Modality.TEXT, EncoderOptions.DEFAULTS)) {
      return e.encode(java.util.List.of(new EncoderInput.Text(text)), Role.QUERY).getFirst();
    }
  }

  @Test
  void lowercaseSettingLowercasesTextForTokenizersThatDoNot() throws Exception {
    // SigLIP 2's Gemma tokenizer keeps case although the model was trained on lowercased text.
    Path dir = copy("clip-tiny");
    Path tokenizer = dir.resolve("tokenizer.json");
    String spec = Files.readString(tokenizer);
    String withoutLowercase = spec.replaceAll(",\\s*\\{\\s*\"type\"\\s*:\\s*\"Lowercase\"\\s*}", "");
    assertNotEquals(spec, withoutLowercase);
    Files.writeString(tokenizer, withoutLowercase);
    assertFalse(java.util.Arrays.equals(embedText(dir, "a red bicycle"), embedText(dir, "A Red BICYCLE")));
    Files.writeString(dir.resolve(ModelFolder.MANIFEST), "{\"text\": {\"lowercase\": true}}");
    assertArrayEquals(embedText(dir, "a red bicycle"), embedText(dir, "A Red BICYCLE"));
  }

  @Test
  void quantizedVariantIsPickedByManifest() throws Exception {
    Path dir = copy("minilm-tiny");
    Files.move(dir.resolve("onnx/model.onnx"), dir.resolve("onnx/model_quantized.onnx"));
    assertThrows(ModelException.class, () -> ModelFolder.open(dir));
    Files.writeString(dir.resolve(ModelFolder.MANIFEST), "{\"variant\": \"quantized\"}");
    try (Encoder e = ModelFolder.open(dir).load(Modality.TEXT, EncoderOptions.DEFAULTS)) {
      assertEquals(32, e.dimension());
    }
  }
}
