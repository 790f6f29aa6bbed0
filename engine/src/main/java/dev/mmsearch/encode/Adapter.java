package dev.mmsearch.encode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A learned map from a backbone's features into another space (LiT-style: the text side stays
 * frozen, images are mapped into it). Input is standardised per dimension when the adapter carries
 * {@code input.mean}/{@code input.std} (features of very different scales, like signal statistics),
 * then L2-normalised, then one linear layer, or two with a ReLU between (MLP). Stored as
 * safetensors ({@code weight}/{@code bias}, or {@code hidden.weight}/{@code hidden.bias}/
 * {@code out.weight}/{@code out.bias}), row-major {@code [out, in]} like PyTorch's {@code nn.Linear}.
 *
 * <p>Immutable and thread-safe.
 */
public final class Adapter {

  private final float[][] weights;
  /**
   * {@code weights} transposed once to {@code [in × out]}: {@link #apply} adds each input's column
   * to the output, a loop the JIT turns into SIMD whose result does not depend on it doing so.
   */
  private final float[][] columns;
  private final float[][] biases;
  private final int[] in;
  private final int[] out;
  /** Per-dimension standardisation of the input, or null. */
  private final float[] mean;
  private final float[] std;

  /** @param weights per layer, {@code [out × in]} row-major; @param biases per layer, {@code [out]} */
  public Adapter(float[][] weights, float[][] biases, int[] in, int[] out) {
    this(weights, biases, in, out, null, null);
  }

  /** An adapter that first standardises its input with {@code mean} and {@code std} (both null for none). */
  public Adapter(float[][] weights, float[][] biases, int[] in, int[] out, float[] mean, float[] std) {
    if (weights.length < 1 || weights.length > 2 || biases.length != weights.length || in.length != weights.length
        || out.length != weights.length) {
      throw new IllegalArgumentException("adapter must have 1 or 2 layers with weight and bias each");
    }
    for (int l = 0; l < weights.length; l++) {
      if (weights[l].length != in[l] * out[l] || biases[l].length != out[l]) {
        throw new IllegalArgumentException("layer " + l + " sizes do not match: weight " + weights[l].length + " for "
            + out[l] + "x" + in[l] + ", bias " + biases[l].length);
      }
      if (l > 0 && in[l] != out[l - 1]) {
        throw new IllegalArgumentException("layer " + l + " takes " + in[l] + " inputs but layer " + (l - 1) + " gives " + out[l - 1]);
      }
    }
    this.weights = weights;
    this.columns = new float[weights.length][];
    for (int l = 0; l < weights.length; l++) {
      columns[l] = new float[in[l] * out[l]];
      for (int o = 0; o < out[l]; o++) {
        for (int i = 0; i < in[l]; i++) {
          columns[l][i * out[l] + o] = weights[l][o * in[l] + i];
        }
      }
    }
    this.biases = biases;
    this.in = in;
    this.out = out;
    if ((mean == null) != (std == null) || mean != null && (mean.length != in[0] || std.length != in[0])) {
      throw new IllegalArgumentException("input mean and std must both be given, with " + in[0] + " values each");
    }
    if (std != null) {
      for (float v : std) {
        if (!(v > 0)) {
          throw new IllegalArgumentException("input std values must be positive, got: " + v);
        }
      }
    }
    this.mean = mean == null ? null : mean.clone();
    this.std = std == null ? null : std.clone();
  }

  /** The per-dimension standardisation of this adapter's input: {@code (x - mean) / std}; {@code x} itself when it has none. */
  public float[] standardise(float[] x) {
    if (mean == null) {
      return x;
    }
    float[] z = new float[x.length];
    for (int i = 0; i < x.length; i++) {
      z[i] = (x[i] - mean[i]) / std[i];
    }
    return z;
  }

  /** The mean of the standardisation, or null when the adapter has none. */
  public float[] inputMean() {
    return mean == null ? null : mean.clone();
  }

  /** The same layers behind a standardisation of the input. */
  public Adapter standardising(float[] newMean, float[] newStd) {
    return new Adapter(weights, biases, in, out, newMean, newStd);
  }

  public int inputDimension() {
    return in[0];
  }

  public int outputDimension() {
    return out[out.length - 1];
  }

  public boolean mlp() {
    return weights.length == 2;
  }

  /** Maps one feature vector (any norm; it is normalised first). */
  public float[] apply(float[] features) {
    if (features.length != in[0]) {
      throw new IllegalArgumentException("adapter takes " + in[0] + "-d features, got: " + features.length);
    }
    float[] x = unit(standardise(features));
    for (int l = 0; l < weights.length; l++) {
      float[] y = multiply(columns[l], x, out[l]);
      for (int o = 0; o < y.length; o++) {
        y[o] += biases[l][o];
      }
      if (l < weights.length - 1) {
        for (int o = 0; o < y.length; o++) {
          y[o] = Math.max(0f, y[o]);
        }
      }
      x = y;
    }
    return x;
  }

  /**
   * {@code W·x} with {@code W} given by columns: each output sums its products in input order, in
   * its own lane. Not Lucene's SIMD dot product per row: its lane reduction adds in another order
   * once the JIT compiles it than while interpreted, so the same picture embedded early and late in a
   * process differed in the last bit (seen in {@code EncoderFamiliesTest}); an embedding must not
   * depend on how warm the process is. Independent lanes vectorize without that: the JIT may run
   * this loop on SIMD registers and every output is still the same sum in the same order.
   */
  private static float[] multiply(float[] columns, float[] x, int outputs) {
    float[] y = new float[outputs];
    int i = 0;
    // Four inputs per pass over the outputs: a quarter of the loads and stores of y.
    for (; i + 3 < x.length; i += 4) {
      float x0 = x[i];
      float x1 = x[i + 1];
      float x2 = x[i + 2];
      float x3 = x[i + 3];
      int b0 = i * outputs;
      int b1 = b0 + outputs;
      int b2 = b1 + outputs;
      int b3 = b2 + outputs;
      for (int o = 0; o < outputs; o++) {
        y[o] += columns[b0 + o] * x0 + columns[b1 + o] * x1 + columns[b2 + o] * x2 + columns[b3 + o] * x3;
      }
    }
    for (; i < x.length; i++) {
      float xi = x[i];
      int base = i * outputs;
      for (int o = 0; o < outputs; o++) {
        y[o] += columns[base + o] * xi;
      }
    }
    return y;
  }


  /** {@code v} scaled to unit length (zero stays zero): the adapter's input, and what cosine spaces compare. */
  public static float[] unit(float[] v) {
    double n = 0;
    for (float x : v) {
      n += x * x;
    }
    float inv = n > 0 ? (float) (1 / Math.sqrt(n)) : 0f;
    float[] out = new float[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = v[i] * inv;
    }
    return out;
  }

  // ------------------------------------------------------------------ safetensors

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Reads an adapter from a safetensors file; a missing tensor or wrong shape names the file. */
  public static Adapter read(Path file) {
    try {
      byte[] bytes = Files.readAllBytes(file);
      if (bytes.length < 8) {
        throw ModelException.inFile(file, "not a safetensors file (too short)");
      }
      long headerLength = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
      if (headerLength < 2 || 8 + headerLength > bytes.length) {
        throw ModelException.inFile(file, "not a safetensors file (header length " + headerLength + ")");
      }
      JsonNode header = JSON.readTree(new String(bytes, 8, (int) headerLength, StandardCharsets.UTF_8));
      int base = 8 + (int) headerLength;
      boolean mlp = header.has("hidden.weight");
      String[] prefixes = mlp ? new String[] {"hidden.", "out."} : new String[] {""};
      float[][] w = new float[prefixes.length][];
      float[][] b = new float[prefixes.length][];
      int[] in = new int[prefixes.length];
      int[] out = new int[prefixes.length];
      for (int l = 0; l < prefixes.length; l++) {
        JsonNode wt = tensor(file, header, prefixes[l] + "weight", 2);
        JsonNode bt = tensor(file, header, prefixes[l] + "bias", 1);
        out[l] = wt.get("shape").get(0).asInt();
        in[l] = wt.get("shape").get(1).asInt();
        w[l] = floats(bytes, base, wt);
        b[l] = floats(bytes, base, bt);
      }
      float[] mean = null;
      float[] std = null;
      if (header.has("input.mean")) {
        mean = floats(bytes, base, tensor(file, header, "input.mean", 1));
        std = floats(bytes, base, tensor(file, header, "input.std", 1));
      }
      return new Adapter(w, b, in, out, mean, std);
    } catch (IOException e) {
      throw ModelException.inFile(file, "cannot read adapter: " + e.getMessage(), e);
    } catch (IllegalArgumentException e) {
      throw ModelException.inFile(file, e.getMessage(), e);
    }
  }

  private static JsonNode tensor(Path file, JsonNode header, String name, int rank) {
    JsonNode t = header.get(name);
    if (t == null) {
      throw ModelException.inFile(file, "adapter tensor '" + name + "' missing");
    }
    if (!"F32".equals(t.path("dtype").asText()) || t.path("shape").size() != rank) {
      throw ModelException.inFile(file, "adapter tensor '" + name + "' must be F32 of rank " + rank + ", got: " + t);
    }
    return t;
  }

  private static float[] floats(byte[] bytes, int base, JsonNode t) {
    int begin = t.get("data_offsets").get(0).asInt();
    int end = t.get("data_offsets").get(1).asInt();
    float[] v = new float[(end - begin) / 4];
    ByteBuffer.wrap(bytes, base + begin, end - begin).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(v);
    return v;
  }

  /** Writes the adapter as safetensors, with {@code metadata} (strings) in the header. */
  public void write(Path file, Map<String, String> metadata) throws IOException {
    Map<String, float[]> tensors = new LinkedHashMap<>();
    Map<String, int[]> shapes = new LinkedHashMap<>();
    String[] prefixes = mlp() ? new String[] {"hidden.", "out."} : new String[] {""};
    for (int l = 0; l < prefixes.length; l++) {
      tensors.put(prefixes[l] + "weight", weights[l]);
      shapes.put(prefixes[l] + "weight", new int[] {out[l], in[l]});
      tensors.put(prefixes[l] + "bias", biases[l]);
      shapes.put(prefixes[l] + "bias", new int[] {out[l]});
    }
    if (mean != null) {
      tensors.put("input.mean", mean);
      shapes.put("input.mean", new int[] {mean.length});
      tensors.put("input.std", std);
      shapes.put("input.std", new int[] {std.length});
    }
    ObjectNode header = JSON.createObjectNode();
    header.putPOJO("__metadata__", metadata);
    long offset = 0;
    for (Map.Entry<String, float[]> e : tensors.entrySet()) {
      ObjectNode t = header.putObject(e.getKey());
      t.put("dtype", "F32");
      t.putPOJO("shape", shapes.get(e.getKey()));
      t.putPOJO("data_offsets", new long[] {offset, offset + 4L * e.getValue().length});
      offset += 4L * e.getValue().length;
    }
    byte[] h = JSON.writeValueAsBytes(header);
    try (OutputStream os = Files.newOutputStream(file)) {
      os.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(h.length).array());
      os.write(h);
      for (float[] v : tensors.values()) {
        ByteBuffer buf = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        buf.asFloatBuffer().put(v);
        os.write(buf.array());
      }
    }
  }
}
