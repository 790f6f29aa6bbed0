package dev.mmsearch.encode;

/**
 * Runtime settings shared by the ONNX sessions of a process.
 *
 * @param intraOpThreads threads one inference may use (0 = ONNX Runtime's default, all cores)
 * @param interOpThreads threads for parallel graph branches (0 = default)
 * @param maxBatchSize largest batch sent to a session at once; longer lists are split
 * @param soloThreads threads an inference may use while no other inference runs in the process
 *     (0 = always {@code intraOpThreads}). A server sets it above {@code intraOpThreads}: a query
 *     that has the machine to itself finishes sooner on all cores, while concurrent queries each
 *     keep to {@code intraOpThreads} and do not contend ({@link OnnxModel})
 */
public record EncoderOptions(int intraOpThreads, int interOpThreads, int maxBatchSize, int soloThreads) {

  public static final EncoderOptions DEFAULTS = new EncoderOptions(0, 0, 32);

  public EncoderOptions {
    if (intraOpThreads < 0 || interOpThreads < 0 || soloThreads < 0) {
      throw new IllegalArgumentException("thread counts must be >= 0, got: intra=" + intraOpThreads + ", inter="
          + interOpThreads + ", solo=" + soloThreads);
    }
    if (maxBatchSize < 1) {
      throw new IllegalArgumentException("maxBatchSize must be at least 1, got: " + maxBatchSize);
    }
  }

  /** Options without a separate thread count for a lone inference. */
  public EncoderOptions(int intraOpThreads, int interOpThreads, int maxBatchSize) {
    this(intraOpThreads, interOpThreads, maxBatchSize, 0);
  }

  /** The same options with another batch size. */
  public EncoderOptions withMaxBatchSize(int size) {
    return new EncoderOptions(intraOpThreads, interOpThreads, size, soloThreads);
  }

  /** Whether a lone inference runs on a session of its own with {@link #soloThreads} threads. */
  boolean hasSoloSession() {
    return soloThreads > 0 && soloThreads != intraOpThreads;
  }
}
