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

/** The starter bundle's real models: the converted graph matches TensorFlow.js, and the folders load. */
class BundleModelsTest {

  @Test
  void convertedMobileNetMatchesTensorFlowJs() throws Exception {
    float[] input;
    try (InputStream in = new GZIPInputStream(Files.newInputStream(
        TestModels.bundle("mobilenet-v2-nsfwjs").resolve("reference/tfjs-input.f32.gz")))) {
      byte[] b = in.readAllBytes();
      input = new float[b.length / 4];
      ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(input);
    }
    byte[] fb = Files.readAllBytes(TestModels.bundle("mobilenet-v2-nsfwjs").resolve("reference/tfjs-features.f32"));
    float[] expected = new float[fb.length / 4];
    ByteBuffer.wrap(fb).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(expected);
    int n = input.length / (224 * 224 * 3);
    try (OnnxModel model = OnnxModel.open(TestModels.bundle("mobilenet-v2-nsfwjs").resolve("onnx/model.onnx"), EncoderOptions.DEFAULTS)) {
      OnnxTensor t = OnnxTensor.createTensor(OrtEnvironment.getEnvironment(), FloatBuffer.wrap(input), new long[] {n, 224, 224, 3});
      OnnxModel.Output out = model.run(new HashMap<>(Map.of("pixel_values", t)), "features");
      assertEquals(expected.length, out.data().length);
      double maxAbs = 0;
      for (int i = 0; i < expected.length; i++) {
        maxAbs = Math.max(maxAbs, Math.abs(expected[i] - out.data()[i]));
      }
      assertTrue(maxAbs <= 1e-3, "ONNX vs TensorFlow.js max abs difference " + maxAbs);
    }
  }

  @Test
  void bundleFoldersLoadWithTheirFamilies() {
    ModelFolder mobilenet = ModelFolder.open(TestModels.bundle("mobilenet-v2-nsfwjs"));
    assertEquals(ModelFamily.IMAGE_FEATURES, mobilenet.family());
    try (Encoder e = mobilenet.load(Modality.IMAGE, EncoderOptions.DEFAULTS)) {
      assertEquals(1792, e.dimension());
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
  void theTwoSpacesOnMobileNetShareOneSessionAndOnePass() throws Exception {
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
      // The shared pass gives each space exactly what it computes alone (the adapter makes clip's 384-d).
      assertArrayEquals(clip.encode(in, Role.QUERY), shared.get(clip).getFirst(), 1e-6f);
      assertArrayEquals(dino.encode(in, Role.QUERY), shared.get(dino).getFirst(), 1e-6f);
      assertEquals(384, shared.get(clip).getFirst().length);
      assertEquals(1792, shared.get(dino).getFirst().length);
    }
  }
}
