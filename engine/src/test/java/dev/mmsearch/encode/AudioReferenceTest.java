package dev.mmsearch.encode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mmsearch.extract.Audio;
import dev.mmsearch.extract.AudioDecoder;
import dev.mmsearch.extract.AudioLimits;
import dev.mmsearch.testing.TestModels;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Java reproduces the independent Python audio pipeline (models/test/make_test_audio.py: soundfile,
 * torchaudio's resampler, log-mel features from the formulas, torch for the towers): resampled
 * sounds within 1e-5, CLAP features within 1e-4 dB from the same 48 kHz waveform, and embeddings of
 * the sounds decoded and resampled here with cosine ≥ 0.9999, for the unfused and the fused tiny CLAP
 * folders. (Features of the sounds resampled here are not compared bin by bin: torchaudio sums in
 * float32, about 5e-6 from the exact result, which is noise at -80 dB in near-silent frames.)
 */
class AudioReferenceTest {

  static JsonNode reference;
  static final AudioDecoder DECODER = new AudioDecoder(AudioLimits.DEFAULTS);

  @BeforeAll
  static void load() throws IOException {
    reference = new ObjectMapper().readTree(TestModels.reference("audio.json").toFile());
  }

  static float[] floats(String file) throws IOException {
    try (InputStream in = new GZIPInputStream(Files.newInputStream(TestModels.reference(file)))) {
      byte[] b = in.readAllBytes();
      float[] v = new float[b.length / 4];
      ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(v);
      return v;
    }
  }

  static Audio sound(String name) throws Exception {
    return DECODER.decode(TestModels.reference("audio/" + name));
  }

  @ParameterizedTest
  @ValueSource(ints = {16000, 44100, 48000})
  void resamplingMatchesTorchaudio(int rate) throws Exception {
    Audio chord = sound("chord.wav");
    float[] expected = floats(reference.get("resample").get(Integer.toString(rate)).get("file").asText());
    float[] got = SincResampler.resample(chord.samples(), chord.sampleRate(), rate);
    assertEquals(expected.length, got.length, "length ceil(n × to / from)");
    double worst = 0;
    for (int i = 0; i < got.length; i++) {
      worst = Math.max(worst, Math.abs(got[i] - expected[i]));
    }
    assertTrue(worst < 1e-5, rate + " Hz: largest difference " + worst);
    Audio speech = sound("speech.wav");
    float[] speechRef = floats(reference.get("clap-tiny").get("features").get("speech.wav").get("resampled").asText());
    float[] speech48 = SincResampler.resample(speech.samples(), speech.sampleRate(), 48_000);
    for (int i = 0; i < speech48.length; i++) {
      assertEquals(speechRef[i], speech48[i], 1e-5, "speech sample " + i);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"clap-tiny", "clap-fused-tiny"})
  void featuresAndEmbeddingsMatchThePythonPipeline(String model) throws Exception {
    JsonNode ref = reference.get(model);
    try (Encoder encoder = ModelFolder.open(TestModels.model(model)).load(Modality.AUDIO, EncoderOptions.DEFAULTS)) {
      List<EncoderInput> inputs = new ArrayList<>();
      int i = 0;
      for (JsonNode s : ref.get("sounds")) {
        EncoderInput in = new EncoderInput.Audio(sound(s.asText()));
        inputs.add(in);
        JsonNode f = ref.get("features").get(s.asText());
        float[] expected = floats(f.get("file").asText());
        // Features from the reference's own 48 kHz waveform: the feature computation alone, to 1e-4 dB.
        EncoderInput.PreparedAudio p = (EncoderInput.PreparedAudio) encoder.prepare(
            new EncoderInput.Audio(new Audio(floats(f.get("resampled").asText()), 48_000)));
        assertEquals(f.get("shape").get(0).asInt(), p.channels(), s + " channels");
        assertEquals(f.get("shape").get(1).asInt(), p.frames(), s + " frames");
        assertEquals(f.get("shape").get(2).asInt(), p.bins(), s + " mel bins");
        assertEquals(ref.get("longer").get(i).asBoolean(), p.longer(), s + " is_longer");
        double worst = 0;
        for (int k = 0; k < expected.length; k++) {
          worst = Math.max(worst, Math.abs(expected[k] - p.features()[k]));
        }
        assertTrue(worst <= 1e-4, model + " " + s + ": features differ by up to " + worst + " dB");
        i++;
      }
      List<float[]> got = encoder.encode(inputs, Role.DOCUMENT);
      for (int k = 0; k < got.size(); k++) {
        double cos = cosine(got.get(k), ref.get("audio_embeddings").get(k));
        assertTrue(cos >= 0.9999, model + " sound " + k + ": cosine " + cos);
      }
    }
    try (Encoder text = ModelFolder.open(TestModels.model(model)).load(Modality.TEXT, EncoderOptions.DEFAULTS)) {
      List<EncoderInput> captions = new ArrayList<>();
      ref.get("captions").forEach(c -> captions.add(new EncoderInput.Text(c.asText())));
      List<float[]> got = text.encode(captions, Role.DOCUMENT);
      for (int k = 0; k < got.size(); k++) {
        double cos = cosine(got.get(k), ref.get("text_embeddings").get(k));
        assertTrue(cos >= 0.9999, model + " caption " + k + ": cosine " + cos);
      }
    }
  }

  private static double cosine(float[] v, JsonNode expected) {
    double dot = 0;
    double a = 0;
    double b = 0;
    for (int i = 0; i < v.length; i++) {
      double e = expected.get(i).asDouble();
      dot += v[i] * e;
      a += v[i] * v[i];
      b += e * e;
    }
    return dot / Math.sqrt(a * b);
  }
}
