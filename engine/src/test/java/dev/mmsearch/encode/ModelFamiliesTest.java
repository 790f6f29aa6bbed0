package dev.mmsearch.encode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmsearch.testing.Folders;
import dev.mmsearch.testing.TestModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The family registry is exhaustive: every registered family has a fixture folder here that it is
 * detected from and whose every tower loads. A new family fails this test until it has one.
 */
class ModelFamiliesTest {

  @TempDir
  Path tmp;

  /** One folder per family: a committed test model, or one made here around a test graph with a manifest. */
  private Map<String, Path> fixtures() throws IOException {
    Map<String, Path> f = new LinkedHashMap<>();
    f.put("clip", TestModels.model("clip-tiny"));
    f.put("siglip", TestModels.model("siglip-tiny"));
    f.put("dinov2", TestModels.model("dinov2-tiny"));
    f.put("sentence-transformers", TestModels.model("bge-tiny"));
    f.put("clap", TestModels.model("clap-tiny"));
    f.put("image-features", withManifest("dinov2-tiny",
        "{\"family\": \"image-features\", \"image\": {\"output\": \"pooler_output\"}}"));
    f.put("audio-features", withManifest("clap-tiny",
        "{\"family\": \"audio-features\", \"audio\": {\"onnx\": \"onnx/audio_model.onnx\", \"output\": \"audio_embeds\"}}"));
    Path signal = Files.createDirectories(tmp.resolve("audio-signal"));
    Files.writeString(signal.resolve(ModelFolder.MANIFEST), "{\"family\": \"audio-signal\", \"audio\": {\"seconds\": 2}}");
    f.put("audio-signal", signal);
    return f;
  }

  private Path withManifest(String model, String manifest) throws IOException {
    Path dir = Folders.copy(TestModels.model(model), tmp.resolve(model + "-manifest"));
    Files.writeString(dir.resolve(ModelFolder.MANIFEST), manifest);
    return dir;
  }

  @Test
  void everyFamilyIsDetectedFromItsFixtureAndLoadsEveryTower() throws IOException {
    Map<String, Path> fixtures = fixtures();
    assertEquals(new TreeSet<>(ModelFamilies.all().stream().map(ModelFamily::id).toList()), new TreeSet<>(fixtures.keySet()),
        "a fixture per registered family");
    for (ModelFamily family : ModelFamilies.all()) {
      ModelFolder folder = ModelFolder.open(fixtures.get(family.id()));
      assertSame(family, folder.family(), family.id());
      assertTrue(!folder.modalities().isEmpty(), family.id());
      for (Modality m : folder.modalities()) {
        try (Encoder e = folder.loadFeatures(m, EncoderOptions.DEFAULTS)) {
          assertEquals(m, e.modality(), family.id() + " " + m.id());
          assertTrue(e.dimension() > 0, family.id() + " " + m.id());
        }
      }
    }
  }

  @Test
  void familiesAreNamedByIdOrConstantName() {
    assertEquals("sentence-transformers", ModelFamilies.byId("SENTENCE_TRANSFORMERS").id());
    assertEquals("audio-signal", ModelFamilies.byId("Audio-Signal").id());
    String m = assertThrows(IllegalArgumentException.class, () -> ModelFamilies.byId("resnet")).getMessage();
    assertEquals("Unknown model family 'resnet' (known: clip, siglip, dinov2, sentence-transformers, image-features, "
        + "clap, audio-features, audio-signal)", m);
  }

  @Test
  void modulesJsonWinsOverModelType() {
    // bge-tiny's config.json says bert; a sentence-transformers export of CLIP says clip: modules.json decides.
    assertEquals(Set.of(Modality.TEXT), ModelFolder.open(TestModels.model("bge-tiny")).modalities());
    assertSame(ModelFamilies.byId("sentence-transformers"), ModelFamilies.byFiles(TestModels.model("bge-tiny")).orElseThrow());
  }

  @Test
  void adaptedFoldersAreWrittenAsFeatureFamilies() {
    assertEquals("image-features", ModelFamilies.byId("clip").adaptedAs(Modality.IMAGE).id());
    assertEquals("audio-features", ModelFamilies.byId("clap").adaptedAs(Modality.AUDIO).id());
    assertEquals("image-features", ModelFamilies.byId("image-features").adaptedAs(Modality.IMAGE).id());
    assertEquals("audio-signal", ModelFamilies.byId("audio-signal").adaptedAs(Modality.AUDIO).id());
    assertTrue(ModelFamilies.byId("audio-signal").standardisesFeatures());
    assertTrue(ModelFamilies.all().stream().filter(ModelFamily::standardisesFeatures).count() == 1);
  }
}
