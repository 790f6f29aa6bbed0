package dev.mmsearch.encode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mmsearch.extract.ImageDecoder;
import dev.mmsearch.extract.ImageLimits;
import dev.mmsearch.testing.TestModels;
import java.awt.image.BufferedImage;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;
import dev.mmsearch.testing.Folders;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Java reproduces the Python reference pipeline (models/test/make_test_models.py) for every family:
 * token ids exactly, pixel tensors within 0.02, embeddings with cosine ≥ 0.9999.
 */
class ReferenceOutputsTest {

  private static JsonNode reference;
  private static final ImageDecoder DECODER = new ImageDecoder(ImageLimits.DEFAULTS);

  @BeforeAll
  static void load() throws IOException {
    reference = new ObjectMapper().readTree(TestModels.reference("reference.json").toFile());
  }

  private static List<String> texts() {
    List<String> t = new ArrayList<>();
    reference.get("texts").forEach(n -> t.add(n.asText()));
    return t;
  }

  @ParameterizedTest
  @ValueSource(strings = {"clip-tiny", "siglip-tiny", "minilm-tiny", "bge-tiny"})
  void tokenIdsMatchReferenceTokenizer(String name) {
    ModelFolder folder = ModelFolder.open(TestModels.model(name));
    try (TextEncoder encoder = (TextEncoder) folder.load(Modality.TEXT, EncoderOptions.DEFAULTS)) {
      TextTokenizer.Batch batch = encoder.tokenizer().encode(texts());
      JsonNode expected = reference.get(name).get("token_ids");
      for (int i = 0; i < texts().size(); i++) {
        long[] want = toLongs(expected.get(i));
        long[] got = Arrays.copyOf(batch.ids()[i], name.startsWith("siglip") ? batch.ids()[i].length : (int) sum(batch.mask()[i]));
        assertArrayEquals(want, got, name + " token ids of: " + texts().get(i));
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"clip-tiny", "siglip-tiny", "minilm-tiny", "bge-tiny"})
  void textEmbeddingsMatchReference(String name) {
    ModelFolder folder = ModelFolder.open(TestModels.model(name));
    try (Encoder encoder = folder.load(Modality.TEXT, EncoderOptions.DEFAULTS)) {
      List<EncoderInput.Text> inputs = texts().stream().map(EncoderInput.Text::new).toList();
      List<float[]> got = encoder.encode(inputs, Role.DOCUMENT);
      JsonNode expected = reference.get(name).get("text_embeddings");
      for (int i = 0; i < got.size(); i++) {
        assertCosineAtLeast(toFloats(expected.get(i)), got.get(i), 0.9999, name + " text " + i);
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"clip-tiny", "siglip-tiny", "dinov2-tiny"})
  void pixelTensorsMatchTorchvision(String name) throws Exception {
    ModelFolder folder = ModelFolder.open(TestModels.model(name));
    try (ImageEncoder encoder = (ImageEncoder) folder.load(Modality.IMAGE, EncoderOptions.DEFAULTS)) {
      for (JsonNode image : reference.get(name).get("images")) {
        BufferedImage decoded = DECODER.decode(TestModels.reference(image.asText()));
        float[] got = encoder.preprocessor().toTensor(decoded);
        float[] want = readFloats(name + "." + image.asText() + ".f32.gz");
        assertEquals(want.length, got.length, "tensor size for " + image);
        double maxAbs = 0;
        for (int i = 0; i < want.length; i++) {
          maxAbs = Math.max(maxAbs, Math.abs(want[i] - got[i]));
        }
        assertTrue(maxAbs <= 0.02, name + " " + image + ": max abs pixel difference " + maxAbs + " > 0.02");
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"clip-tiny", "siglip-tiny", "dinov2-tiny"})
  void imageEmbeddingsMatchReference(String name) throws Exception {
    ModelFolder folder = ModelFolder.open(TestModels.model(name));
    try (Encoder encoder = folder.load(Modality.IMAGE, EncoderOptions.DEFAULTS)) {
      List<EncoderInput.Image> inputs = new ArrayList<>();
      for (JsonNode image : reference.get(name).get("images")) {
        inputs.add(new EncoderInput.Image(DECODER.decode(TestModels.reference(image.asText()))));
      }
      List<float[]> got = encoder.encode(inputs, Role.DOCUMENT);
      JsonNode expected = reference.get(name).get("image_embeddings");
      for (int i = 0; i < got.size(); i++) {
        assertCosineAtLeast(toFloats(expected.get(i)), got.get(i), 0.9999, name + " image " + i);
      }
    }
  }

  @Test
  void dinov2ClsPoolingFromManifestMatchesReference(@TempDir Path tmp) throws Exception {
    // The same graph, told by a manifest to pool the CLS token of last_hidden_state.
    Path copy = Folders.copy(TestModels.model("dinov2-tiny"), tmp.resolve("dinov2-cls"));
    Files.writeString(copy.resolve(ModelFolder.MANIFEST), "{\"image\": {\"pooling\": \"cls\"}}");
    try (Encoder encoder = ModelFolder.open(copy).load(Modality.IMAGE, EncoderOptions.DEFAULTS)) {
      float[] got = encoder.encode(new EncoderInput.Image(DECODER.decode(TestModels.reference("photo.png"))), Role.DOCUMENT);
      assertCosineAtLeast(toFloats(reference.get("dinov2-tiny").get("cls_embeddings").get(0)), got, 0.9999, "dinov2 cls");
    }
  }

  static void assertCosineAtLeast(float[] want, float[] got, double min, String what) {
    assertEquals(want.length, got.length, what + ": dimension");
    double dot = 0, a = 0, b = 0;
    for (int i = 0; i < want.length; i++) {
      dot += want[i] * got[i];
      a += want[i] * want[i];
      b += got[i] * got[i];
    }
    double cos = dot / Math.sqrt(a * b);
    assertTrue(cos >= min, what + ": cosine " + cos + " < " + min);
  }

  private static long sum(long[] v) {
    long s = 0;
    for (long x : v) {
      s += x;
    }
    return s;
  }

  private static long[] toLongs(JsonNode array) {
    long[] v = new long[array.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = array.get(i).asLong();
    }
    return v;
  }

  static float[] toFloats(JsonNode array) {
    float[] v = new float[array.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) array.get(i).asDouble();
    }
    return v;
  }

  private static float[] readFloats(String file) throws IOException {
    try (InputStream in = new GZIPInputStream(Files.newInputStream(TestModels.reference(file)))) {
      byte[] bytes = new DataInputStream(in).readAllBytes();
      float[] v = new float[bytes.length / 4];
      ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(v);
      return v;
    }
  }
}
