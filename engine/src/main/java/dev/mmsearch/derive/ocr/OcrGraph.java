package dev.mmsearch.derive.ocr;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.mmsearch.encode.EncoderOptions;
import dev.mmsearch.encode.ModelException;
import dev.mmsearch.encode.NativeStack;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;

/**
 * One PP-OCR graph in an ONNX Runtime session built from its bytes. Each graph has one float input
 * {@code x} of shape {@code [N, 3, H, W]} and one float output; both are checked when the session
 * opens. {@link #run} is thread-safe (so is {@link OrtSession#run}).
 */
final class OcrGraph implements AutoCloseable {

  static final String INPUT = "x";

  private final String name;
  private final OrtSession session;
  private final String output;
  private final int outputRank;

  /** A float output in row-major order with its shape. */
  record Output(float[] data, long[] shape) {}

  private OcrGraph(String name, OrtSession session, String output, int outputRank) {
    this.name = name;
    this.session = session;
    this.output = output;
    this.outputRank = outputRank;
  }

  /**
   * Opens {@code bytes} as graph {@code name}, expecting an output of {@code outputRank}
   * dimensions.
   */
  static OcrGraph open(String name, byte[] bytes, EncoderOptions options, int outputRank) {
    OrtSession session;
    try {
      OrtEnvironment env = NativeStack.call("onnx", OrtEnvironment::getEnvironment);
      try (OrtSession.SessionOptions so = new OrtSession.SessionOptions()) {
        so.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
        if (options.intraOpThreads() > 0) {
          so.setIntraOpNumThreads(options.intraOpThreads());
        }
        if (options.interOpThreads() > 0) {
          so.setInterOpNumThreads(options.interOpThreads());
        }
        session = NativeStack.call("onnx", () -> env.createSession(bytes, so));
      }
    } catch (OrtException e) {
      throw new ModelException(name + ": not a loadable ONNX graph: " + e.getMessage(), e);
    }
    try {
      Map<String, NodeInfo> inputs = session.getInputInfo();
      Map<String, NodeInfo> outputs = session.getOutputInfo();
      if (!(inputs.get(INPUT) != null && inputs.get(INPUT).getInfo() instanceof TensorInfo in
          && in.getShape().length == 4) || inputs.size() != 1) {
        throw new ModelException(name + ": expected one 4-d input '" + INPUT + "', model contains inputs: "
            + describe(inputs));
      }
      if (outputs.size() != 1 || !(outputs.values().iterator().next().getInfo() instanceof TensorInfo out)
          || out.getShape().length != outputRank) {
        throw new ModelException(name + ": expected one " + outputRank + "-d output, model contains outputs: "
            + describe(outputs));
      }
      return new OcrGraph(name, session, outputs.keySet().iterator().next(), outputRank);
    } catch (OrtException | RuntimeException e) {
      try {
        session.close();
      } catch (OrtException ignored) {
        // the first failure is the one to report
      }
      if (e instanceof ModelException m) {
        throw m;
      }
      throw new ModelException(name + ": cannot read the graph's signature: " + e.getMessage(), e);
    }
  }

  private static String describe(Map<String, NodeInfo> ports) {
    StringBuilder b = new StringBuilder("[");
    ports.forEach((k, v) -> b.append(b.length() > 1 ? ", " : "").append(k).append(' ')
        .append(v.getInfo() instanceof TensorInfo t ? Arrays.toString(t.getShape()) : v.getInfo().toString()));
    return b.append(']').toString();
  }

  /** Runs the graph on {@code data} of {@code shape} ({@code [N, 3, H, W]}). */
  Output run(float[] data, long[] shape) {
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OnnxTensor x = OnnxTensor.createTensor(env, FloatBuffer.wrap(data), shape);
         OrtSession.Result result = session.run(Map.of(INPUT, x), Set.of(output))) {
      OnnxTensor t = (OnnxTensor) result.get(output).orElseThrow();
      long[] outShape = t.getInfo().getShape();
      if (outShape.length != outputRank) {
        throw new IllegalStateException(name + ": output has shape " + Arrays.toString(outShape));
      }
      float[] out = new float[Math.toIntExact(t.getInfo().getNumElements())];
      t.getFloatBuffer().get(out);
      return new Output(out, outShape);
    } catch (OrtException e) {
      throw new IllegalStateException("inference failed in " + name + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    try {
      session.close();
    } catch (OrtException e) {
      throw new IllegalStateException("closing session for " + name, e);
    }
  }

  @Override
  public String toString() {
    return name;
  }
}
