package dev.mmsearch.encode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import dev.mmsearch.testing.TestModels;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/**
 * The starter bundle's real models: each network of the joined image graph matches its TensorFlow.js
 * original, and the folders load.
 */
class BundleModelsTest {

  private static final java.nio.file.Path BACKBONE = TestModels.bundle("image-backbone");

  private static float[] floats(byte[] b) {
    float[] f = new float[b.length / 4];
    ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(f);
    return f;
  }

  private static double maxAbsDifference(float[] expected, float[] actual) {
    assertEquals(expected.length, actual.length);
    double maxAbs = 0;
    for (int i = 0; i < expected.length; i++) {
      maxAbs = Math.max(maxAbs, Math.abs(expected[i] - actual[i]));
    }
    return maxAbs;
  }

  @Test
  void convertedMobileNetMatchesTensorFlowJs() throws Exception {
    float[] input;
    try (InputStream in = new GZIPInputStream(Files.newInputStream(BACKBONE.resolve("reference/mobilenet-input.f32.gz")))) {
      input = floats(in.readAllBytes());
    }
    float[] expected = floats(Files.readAllBytes(BACKBONE.resolve("reference/mobilenet-features.f32")));
    int n = input.length / (224 * 224 * 3);
    // At 224 px the joined graph's resize for MobileNetV2 is an identity: its branch sees exactly TensorFlow.js's input.
    try (OnnxModel model = OnnxModel.open(BACKBONE.resolve("onnx/model.onnx"), EncoderOptions.DEFAULTS)) {
      OnnxTensor t = OnnxTensor.createTensor(OrtEnvironment.getEnvironment(), FloatBuffer.wrap(input), new long[] {n, 224, 224, 3});
      double maxAbs = maxAbsDifference(expected, model.run(new HashMap<>(Map.of("pixel_values", t)), "mobilenet/features").data());
      assertTrue(maxAbs <= 1e-3, "ONNX vs TensorFlow.js max abs difference " + maxAbs);
    }
  }

  @Test
  void convertedCenterNetMatchesTensorFlowJs() throws Exception {
    byte[] pixels = Files.readAllBytes(BACKBONE.resolve("reference/centernet-input.u8"));
    float[] input = new float[pixels.length];
    for (int i = 0; i < pixels.length; i++) {
      input[i] = (pixels[i] & 0xff) / 255f; // the joined graph takes [0, 1] and gives the detector [0, 255]
    }
    float[] grid = floats(Files.readAllBytes(BACKBONE.resolve("reference/centernet-keypoints-grid4.f32")));
    float[] scores = floats(Files.readAllBytes(BACKBONE.resolve("reference/centernet-class-scores.f32")));
    try (OnnxModel model = OnnxModel.open(BACKBONE.resolve("onnx/model.onnx"), EncoderOptions.DEFAULTS)) {
      float[] heat = model.run(new HashMap<>(Map.of("pixel_values", tensor(input))), "centernet/keypoints").data(); // [1, 80, 128, 128]
      float[] sampled = new float[80 * 32 * 32];
      for (int c = 0; c < 80; c++) {
        for (int y = 0; y < 32; y++) {
          for (int x = 0; x < 32; x++) {
            sampled[(c * 32 + y) * 32 + x] = heat[(c * 128 + 4 * y) * 128 + 4 * x];
          }
        }
      }
      double heatDiff = maxAbsDifference(grid, sampled);
      assertTrue(heatDiff <= 1e-3, "heatmap: ONNX vs TensorFlow.js max abs difference " + heatDiff);
      // run() closes the tensors it is fed: a new one for the second run.
      double scoreDiff = maxAbsDifference(scores, model.run(new HashMap<>(Map.of("pixel_values", tensor(input))), "centernet/class_scores").data());
      assertTrue(scoreDiff <= 1e-3, "class scores: ONNX vs TensorFlow.js max abs difference " + scoreDiff);
    }
  }

  private static OnnxTensor tensor(float[] pixels512) throws ai.onnxruntime.OrtException {
    return OnnxTensor.createTensor(OrtEnvironment.getEnvironment(), FloatBuffer.wrap(pixels512), new long[] {1, 512, 512, 3});
  }

  @Test
  void bundleFoldersLoadWithTheirFamilies() {
    ModelFolder backbone = ModelFolder.open(BACKBONE);
    assertEquals("image-features", backbone.family().id());
    try (Encoder e = backbone.load(Modality.IMAGE, EncoderOptions.DEFAULTS)) {
      assertEquals(4448, e.dimension());
      assertEquals(java.util.Optional.of(new InputNeed.PictureSide(256)), e.reads());
    }
  }

  @Test
  void bgeRanksParaphrasesAboveUnrelatedText() {
    try (Encoder bge = ModelFolder.open(TestModels.bundle("bge-small-en-v1.5")).load(Modality.TEXT, EncoderOptions.DEFAULTS)) {
      assertEquals(384, bge.dimension());
      float[] q = bge.encode(new EncoderInput.Text("a photo of a cat"), Role.QUERY);
      List<float[]> docs = bge.encode(List.of(new EncoderInput.Text("a picture of a kitten sleeping"),
          new EncoderInput.Text("quarterly stock market report")), Role.DOCUMENT);
      double related = dot(q, docs.get(0));
      double unrelated = dot(q, docs.get(1));
      assertTrue(related > unrelated + 0.1, "cat/kitten " + related + " vs cat/stocks " + unrelated);
    }
  }

  private static double dot(float[] a, float[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  @Test
  void theTwoImageSpacesShareOneSessionAndOnePass() throws Exception {
    try (dev.mmsearch.catalog.Spaces spaces = dev.mmsearch.catalog.Spaces.load(
        dev.mmsearch.catalog.Catalog.load(TestModels.bundle("catalog.json")), EncoderOptions.DEFAULTS)) {
      OnnxEncoder clip = (OnnxEncoder) spaces.get("clip").encoder(Modality.IMAGE);
      OnnxEncoder dino = (OnnxEncoder) spaces.get("dino").encoder(Modality.IMAGE);
      assertTrue(clip.model == dino.model, "one ONNX session for the one graph");
      assertEquals(clip.sharingKey(), dino.sharingKey(), "same graph, output and preprocessing: one forward pass");
      java.awt.image.BufferedImage img = new dev.mmsearch.extract.ImageDecoder(dev.mmsearch.extract.ImageLimits.DEFAULTS)
          .decode(TestModels.reference("photo.png"));
      EncoderInput in = new EncoderInput.Image(img);
      java.util.Map<Encoder, java.util.List<EncoderInput>> work = new java.util.LinkedHashMap<>();
      work.put(clip, java.util.List.of(in));
      work.put(dino, java.util.List.of(in));
      java.util.Map<Encoder, java.util.List<float[]>> shared = SharedEncoding.encode(work, Role.QUERY);
      // The shared pass gives each space exactly what it computes alone (clip's adapter makes 384-d, dino's projection 256-d).
      assertArrayEquals(clip.encode(in, Role.QUERY), shared.get(clip).getFirst(), 1e-6f);
      assertArrayEquals(dino.encode(in, Role.QUERY), shared.get(dino).getFirst(), 1e-6f);
      assertEquals(384, shared.get(clip).getFirst().length);
      assertEquals(256, shared.get(dino).getFirst().length);
    }
  }
}
