package dev.mmsearch.encode;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * One ONNX graph loaded once into a session that all threads share ({@link OrtSession#run} is
 * thread-safe). Knows the graph's input and output signatures so encoders can validate a model at
 * construction and fail with what the model actually contains.
 *
 * <p>{@link #open} shares one session per graph file and options within the process: two model
 * folders that point at one backbone (a space's adapter and another space's raw features) hold
 * the weights once, and {@link SharedEncoding} can run them once. Each {@code open} is paired
 * with a {@link #close}; the session closes with the last one.
 *
 * <p>With {@link EncoderOptions#soloThreads} the graph has a second session with that many
 * threads, used by an inference that starts while no other runs in the process ({@link #RUNNING}).
 * Its threads do not spin waiting for work: a spinning pool would burn the cores that the next,
 * concurrent query needs. So a query alone on an idle server gets every core, and queries that
 * overlap each keep to one thread, as many as the cores, without contending.
 */
final class OnnxModel implements AutoCloseable {

  private record Key(Path file, EncoderOptions options) {}

  private static final Map<Key, OnnxModel> OPEN = new java.util.HashMap<>();

  private final Key key;
  private int references = 1;

  /** Name, element type and rank of one graph input or output; dimensions of -1 are dynamic. */
  record Port(String name, OnnxJavaType type, long[] shape) {
    int rank() {
      return shape.length;
    }
  }

  /** Inferences running now, across every graph of the process. */
  private static final java.util.concurrent.atomic.AtomicInteger RUNNING = new java.util.concurrent.atomic.AtomicInteger();

  private final Path file;
  private final OrtSession session;
  /** The session for a lone inference, or null. */
  private final OrtSession solo;
  private final Map<String, Port> inputs;
  private final Map<String, Port> outputs;

  /** The process's session for {@code file} with {@code options}, created on first use. */
  static OnnxModel open(Path file, EncoderOptions options) {
    if (!Files.isRegularFile(file)) {
      throw ModelException.inFile(file, "ONNX graph not found");
    }
    Key key;
    try {
      key = new Key(file.toRealPath(), options);
    } catch (java.io.IOException e) {
      throw ModelException.inFile(file, "cannot resolve: " + e.getMessage(), e);
    }
    synchronized (OPEN) {
      OnnxModel m = OPEN.get(key);
      if (m != null) {
        m.references++;
        return m;
      }
      m = new OnnxModel(file, key);
      OPEN.put(key, m);
      return m;
    }
  }

  private OnnxModel(Path file, Key key) {
    this.file = file;
    this.key = key;
    EncoderOptions options = key.options();
    try {
      // The first call loads ONNX Runtime's native library, whose static initialisers (operator
      // schema registration) overflow a default 1 MiB Java thread stack: see NativeStack.
      OrtEnvironment env = NativeStack.call("onnx", OrtEnvironment::getEnvironment);
      this.session = session(env, file, options.intraOpThreads(), options.interOpThreads(), true);
      this.solo = options.hasSoloSession() ? session(env, file, options.soloThreads(), options.interOpThreads(), false) : null;
      this.inputs = ports(session.getInputInfo());
      this.outputs = ports(session.getOutputInfo());
    } catch (OrtException e) {
      throw ModelException.inFile(file, "not a loadable ONNX graph: " + e.getMessage(), e);
    }
  }

  private static OrtSession session(OrtEnvironment env, Path file, int intraOpThreads, int interOpThreads, boolean spin)
      throws OrtException {
    try (OrtSession.SessionOptions so = new OrtSession.SessionOptions()) {
      so.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
      if (intraOpThreads > 0) {
        so.setIntraOpNumThreads(intraOpThreads);
      }
      if (interOpThreads > 0) {
        so.setInterOpNumThreads(interOpThreads);
      }
      if (!spin) {
        so.addConfigEntry("session.intra_op.allow_spinning", "0");
      }
      return NativeStack.call("onnx", () -> env.createSession(file.toString(), so));
    }
  }

  private static Map<String, Port> ports(Map<String, NodeInfo> infos) {
    Map<String, Port> ports = new LinkedHashMap<>();
    for (NodeInfo n : infos.values()) {
      if (n.getInfo() instanceof TensorInfo t) {
        ports.put(n.getName(), new Port(n.getName(), t.type, t.getShape()));
      }
    }
    return Collections.unmodifiableMap(ports);
  }

  Path file() {
    return file;
  }

  Map<String, Port> inputs() {
    return inputs;
  }

  Map<String, Port> outputs() {
    return outputs;
  }

  /** The named input, or a {@link ModelException} listing what the graph has. */
  Port requireInput(String name) {
    Port p = inputs.get(name);
    if (p == null) {
      throw ModelException.inFile(file, "model does not contain required input '" + name
          + "'. Model contains inputs: " + new TreeSet<>(inputs.keySet()));
    }
    return p;
  }

  /** The named output, or a {@link ModelException} listing what the graph has. */
  Port requireOutput(String name) {
    Port p = outputs.get(name);
    if (p == null) {
      throw ModelException.inFile(file, "model does not contain output '" + name
          + "'. Model contains outputs: " + new TreeSet<>(outputs.keySet()));
    }
    return p;
  }

  /** Inputs the graph declares that are not in {@code known}: such a graph cannot be fed. */
  Set<String> unknownInputs(Set<String> known) {
    Set<String> unknown = new TreeSet<>(inputs.keySet());
    unknown.removeAll(known);
    return unknown;
  }

  /** Runs the graph and returns one output as a float array with its shape. */
  Output run(Map<String, OnnxTensor> feed, String output) {
    boolean alone = RUNNING.getAndIncrement() == 0;
    try (OrtSession.Result result = (alone && solo != null ? solo : session).run(feed, Set.of(output))) {
      OnnxTensor t = (OnnxTensor) result.get(output).orElseThrow();
      long[] shape = t.getInfo().getShape();
      float[] data = new float[Math.toIntExact(t.getInfo().getNumElements())];
      t.getFloatBuffer().get(data);
      return new Output(data, shape);
    } catch (OrtException e) {
      throw new IllegalStateException("inference failed in " + file + ": " + e.getMessage(), e);
    } finally {
      RUNNING.decrementAndGet();
      feed.values().forEach(OnnxTensor::close);
    }
  }

  /** A dense float output in row-major order. */
  record Output(float[] data, long[] shape) {}

  @Override
  public void close() {
    synchronized (OPEN) {
      if (references == 0) {
        return;
      }
      if (--references > 0) {
        return;
      }
      OPEN.remove(key);
    }
    try {
      session.close();
      if (solo != null) {
        solo.close();
      }
    } catch (OrtException e) {
      throw new IllegalStateException("closing session for " + file, e);
    }
  }
}
