package dev.mmsearch.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The built-in list: every entry pinned and complete, and what it asks the fetcher to write beside the files. */
class KnownModelsTest {

  private static final Map<String, List<String>> TOWERS = Map.of(
      "clip", List.of("onnx/text_model", "onnx/vision_model"),
      "siglip", List.of("onnx/text_model", "onnx/vision_model"),
      "dinov2", List.of("onnx/model"),
      "clap", List.of("onnx/text_model", "onnx/audio_model"));

  @Test
  void everyEntryIsPinnedToACommitWithListedSizesForItsFamilysTowers() {
    assertFalse(KnownModels.all().isEmpty());
    for (KnownModel m : KnownModels.all()) {
      assertTrue(m.revision().matches("[0-9a-f]{40}"), m.name() + ": revision must be a full commit hash");
      assertTrue(TOWERS.containsKey(m.family()), m.name() + ": family " + m.family());
      assertTrue(m.dimension() > 0, m.name());
      assertFalse(m.licence().isBlank(), m.name());
      assertTrue(m.common().contains("config.json"), m.name());
      assertTrue(m.variants().containsKey(KnownModel.DEFAULT), m.name());
      for (Map.Entry<String, Map<String, Long>> v : m.variants().entrySet()) {
        String suffix = KnownModel.DEFAULT.equals(v.getKey()) ? "" : "_" + v.getKey();
        Set<String> expected = new java.util.TreeSet<>();
        TOWERS.get(m.family()).forEach(t -> expected.add(t + suffix + ".onnx"));
        assertEquals(expected, new java.util.TreeSet<>(v.getValue().keySet()), m.name() + " " + v.getKey());
        v.getValue().forEach((file, size) -> assertTrue(size > 0, m.name() + " " + file + ": no listed size"));
      }
    }
  }

  @Test
  void entriesWithoutSettingsWriteNoManifestUnlessQuantized() {
    KnownModel clip = KnownModels.find("clip-vit-base-patch32").orElseThrow();
    assertTrue(clip.spec(KnownModel.DEFAULT).manifest().isEmpty());
    assertEquals("{\"variant\":\"quantized\"}", clip.spec("quantized").manifest().orElseThrow().strip());
  }

  @Test
  void mobileClipS1IsTheClipFamilyPaddedTo77WithZerosAsOpenClipTrainedIt() throws Exception {
    KnownModel m = KnownModels.find("mobileclip-s1").orElseThrow();
    assertEquals("Xenova/mobileclip_s1", m.repo());
    assertEquals("2e9a53166ada8863ac6abc2381edd2e6ae968812", m.revision());
    assertEquals("clip", m.family());
    assertEquals(512, m.dimension());
    assertTrue(m.licence().contains("apple-amlr") && m.licence().contains("non-commercial"), m.licence());
    // The repository has no special_tokens_map.json (its root listing); it does have the licence text.
    assertEquals(List.of("config.json", "preprocessor_config.json", "tokenizer.json", "tokenizer_config.json", "LICENSE"),
        m.common());
    // The listing does not show the quantized vision tower's size, so only the full-precision variant is offered.
    assertEquals(Map.of(KnownModel.DEFAULT, Map.of("onnx/text_model.onnx", 254_000_000L, "onnx/vision_model.onnx", 86_000_000L)),
        m.variants());
    JsonNode manifest = new ObjectMapper().readTree(m.spec(KnownModel.DEFAULT).manifest().orElseThrow());
    assertEquals(new ObjectMapper().readTree("{\"text\": {\"maxLength\": 77, \"padToMaxLength\": true, \"padId\": 0}}"), manifest);
    // A user's --revision keeps the settings.
    assertEquals(m.spec(KnownModel.DEFAULT).manifest(), m.spec(KnownModel.DEFAULT).atRevision("main").manifest());
  }
}
