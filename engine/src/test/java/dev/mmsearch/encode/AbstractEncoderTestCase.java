package dev.mmsearch.encode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link Encoder} keeps. A subclass supplies the encoder, a few inputs of its
 * modality and one of another modality, and inherits the checks.
 */
public abstract class AbstractEncoderTestCase {

  protected Encoder encoder;

  protected abstract Encoder newEncoder() throws Exception;

  /** At least three distinct inputs of the encoder's modality. */
  protected abstract List<EncoderInput> inputs() throws Exception;

  /** An input of a modality the encoder does not accept. */
  protected abstract EncoderInput foreignInput() throws Exception;

  /** Whether queries and documents embed differently (instruction prefixes). */
  protected boolean asymmetric() {
    return false;
  }

  @BeforeEach
  void open() throws Exception {
    encoder = newEncoder();
  }

  @AfterEach
  void close() {
    encoder.close();
  }

  @Test
  void vectorsHaveTheReportedDimension() throws Exception {
    for (float[] v : encoder.encode(inputs(), Role.DOCUMENT)) {
      assertEquals(encoder.dimension(), v.length);
    }
  }

  @Test
  void batchEqualsSingles() throws Exception {
    List<EncoderInput> in = inputs();
    List<float[]> batch = encoder.encode(in, Role.DOCUMENT);
    assertEquals(in.size(), batch.size());
    for (int i = 0; i < in.size(); i++) {
      float[] single = encoder.encode(in.get(i), Role.DOCUMENT);
      assertArrayEquals(single, batch.get(i), 1e-5f, "input " + i + " alone vs in a batch");
    }
  }

  @Test
  void encodingIsDeterministic() throws Exception {
    List<float[]> a = encoder.encode(inputs(), Role.DOCUMENT);
    List<float[]> b = encoder.encode(inputs(), Role.DOCUMENT);
    for (int i = 0; i < a.size(); i++) {
      assertArrayEquals(a.get(i), b.get(i), 0f);
    }
  }

  @Test
  void cosineEncodersEmitUnitVectors() throws Exception {
    assertEquals(Similarity.COSINE, encoder.similarity());
    for (float[] v : encoder.encode(inputs(), Role.DOCUMENT)) {
      double norm = 0;
      for (float x : v) {
        norm += x * x;
      }
      assertEquals(1.0, Math.sqrt(norm), 1e-5);
    }
  }

  @Test
  void distinctInputsGiveDistinctVectors() throws Exception {
    List<float[]> v = encoder.encode(inputs(), Role.DOCUMENT);
    for (int i = 1; i < v.size(); i++) {
      assertTrue(dot(v.get(0), v.get(i)) < 0.99999, "input 0 and " + i + " embed identically");
    }
  }

  @Test
  void preparedInputsEncodeLikeRawOnes() throws Exception {
    List<EncoderInput> raw = inputs();
    List<EncoderInput> prepared = raw.stream().map(encoder::prepare).toList();
    List<float[]> a = encoder.encode(raw, Role.DOCUMENT);
    List<float[]> b = encoder.encode(prepared, Role.DOCUMENT);
    for (int i = 0; i < a.size(); i++) {
      assertArrayEquals(a.get(i), b.get(i), 0f);
    }
  }

  @Test
  void acceptsWhatItPreparesAndRawInputs() throws Exception {
    EncoderInput raw = inputs().getFirst();
    assertTrue(encoder.accepts(raw));
    assertTrue(encoder.accepts(encoder.prepare(raw)));
  }

  @Test
  void emptyBatchGivesEmptyList() {
    assertEquals(List.of(), encoder.encode(List.of(), Role.QUERY));
  }

  @Test
  void longBatchesAreSplitTransparently() throws Exception {
    List<EncoderInput> many = new ArrayList<>();
    while (many.size() <= EncoderOptions.DEFAULTS.maxBatchSize()) {
      many.addAll(inputs());
    }
    List<float[]> out = encoder.encode(many, Role.DOCUMENT);
    assertEquals(many.size(), out.size());
    int n = inputs().size();
    for (int i = n; i < out.size(); i++) {
      assertArrayEquals(out.get(i % n), out.get(i), 1e-5f, "input " + i + " in a split batch");
    }
  }

  @Test
  void wrongModalityIsRefused() throws Exception {
    EncoderInput foreign = foreignInput();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> encoder.encode(List.of(inputs().getFirst(), foreign), Role.QUERY));
    assertTrue(e.getMessage().contains("encodes " + encoder.modality().id() + " inputs, got: " + foreign.modality().id()),
        e.getMessage());
  }

  @Test
  void queryAndDocumentRoles() throws Exception {
    EncoderInput in = inputs().getFirst();
    float[] q = encoder.encode(in, Role.QUERY);
    float[] d = encoder.encode(in, Role.DOCUMENT);
    if (asymmetric()) {
      assertTrue(dot(q, d) < 0.99999, "query instruction must change the embedding");
    } else {
      assertArrayEquals(d, q, 0f);
    }
  }

  private static double dot(float[] a, float[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }
}
