package dev.mmsearch.encode;

/**
 * Runtime settings shared by the ONNX sessions of a process.
 *
 * @param intraOpThreads threads one inference may use (0 = ONNX Runtime's default, all cores)
 * @param interOpThreads threads for parallel graph branches (0 = default)
 * @param maxBatchSize largest batch sent to a session at once; longer lists are split
 */
public record EncoderOptions(int intraOpThreads, int interOpThreads, int maxBatchSize) {

  public static final EncoderOptions DEFAULTS = new EncoderOptions(0, 0, 32);

  public EncoderOptions {
    if (intraOpThreads < 0 || interOpThreads < 0) {
      throw new IllegalArgumentException(
          "thread counts must be >= 0, got: intra=" + intraOpThreads + ", inter=" + interOpThreads);
    }
    if (maxBatchSize < 1) {
      throw new IllegalArgumentException("maxBatchSize must be at least 1, got: " + maxBatchSize);
    }
  }

  /** The same options with another batch size. */
  public EncoderOptions withMaxBatchSize(int size) {
    return new EncoderOptions(intraOpThreads, interOpThreads, size);
  }
}
