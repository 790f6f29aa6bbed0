package dev.mmsearch.encode;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A Hugging Face {@code tokenizer.json} run by the tokenizers library (through DJL), with the
 * model's maximum length and special tokens. Padding is done here rather than by the library so the
 * pad id is the model's own (CLIP and SigLIP pad with their end-of-text token, and SigLIP, which
 * has no attention mask, was trained on sequences padded to full length).
 *
 * <p>Thread-safe: the native tokenizer is immutable once built.
 */
final class TextTokenizer implements AutoCloseable {

  /** Token ids, attention mask and type ids of a padded batch, each {@code [batch][length]}. */
  record Batch(long[][] ids, long[][] mask, long[][] typeIds) {}

  static {
    // Never let the tokenizer library reach for the network: everything comes from the folder.
    if (System.getProperty("offline") == null) {
      System.setProperty("offline", "true");
    }
  }

  /**
   * The tokenizer library's native loader probes CUDA in every process, and on a machine with a
   * CUDA runtime but no usable driver warns "Failed to detect GPU count" twice. Tokenizing runs on
   * the CPU whatever the probe finds, so the warning says nothing about mmsearch: that logger is
   * lowered to errors (a real failure to load the library still surfaces as an exception). Held
   * here, since the logging framework keeps loggers only weakly.
   */
  private static final java.util.logging.Logger GPU_PROBE = quiet("ai.djl.util.cuda.CudaUtils", java.util.logging.Level.SEVERE);
  private static final java.util.logging.Logger PLATFORM = quiet("ai.djl.util.Platform", java.util.logging.Level.WARNING);

  private static java.util.logging.Logger quiet(String name, java.util.logging.Level level) {
    java.util.logging.Logger logger = java.util.logging.Logger.getLogger(name);
    logger.setLevel(level);
    return logger;
  }

  private final HuggingFaceTokenizer tokenizer;
  private final int maxLength;
  private final boolean padToMaxLength;
  private final long padId;
  private final boolean lowercase;

  TextTokenizer(Path tokenizerJson, int maxLength, boolean padToMaxLength, long padId) {
    this(tokenizerJson, maxLength, padToMaxLength, padId, false);
  }

  /**
   * @param lowercase lowercase texts (root locale) before tokenizing, for models trained on
   *     lowercased text whose {@code tokenizer.json} keeps case (SigLIP 2's Gemma tokenizer)
   */
  TextTokenizer(Path tokenizerJson, int maxLength, boolean padToMaxLength, long padId, boolean lowercase) {
    if (!Files.isRegularFile(tokenizerJson)) {
      throw ModelException.inFile(tokenizerJson, "tokenizer file not found");
    }
    if (maxLength < 2) {
      throw ModelException.inFile(tokenizerJson, "max length must be at least 2, got: " + maxLength);
    }
    try {
      this.tokenizer = NativeStack.call("tokenizer", () -> HuggingFaceTokenizer.builder()
          .optTokenizerPath(tokenizerJson)
          .optAddSpecialTokens(true)
          .optTruncation(true)
          .optMaxLength(maxLength)
          .optPadding(false)
          .build());
    } catch (IOException | RuntimeException e) {
      throw ModelException.inFile(tokenizerJson, "not a readable tokenizer: " + e.getMessage(), e);
    }
    this.maxLength = maxLength;
    this.padToMaxLength = padToMaxLength;
    this.padId = padId;
    this.lowercase = lowercase;
  }

  int maxLength() {
    return maxLength;
  }

  Batch encode(List<String> texts) {
    if (lowercase) {
      texts = texts.stream().map(t -> t.toLowerCase(java.util.Locale.ROOT)).toList();
    }
    Encoding[] encodings = tokenizer.batchEncode(texts);
    int length = 0;
    for (Encoding e : encodings) {
      length = Math.max(length, e.getIds().length);
    }
    if (padToMaxLength) {
      length = maxLength;
    }
    long[][] ids = new long[texts.size()][length];
    long[][] mask = new long[texts.size()][length];
    long[][] types = new long[texts.size()][length];
    for (int i = 0; i < encodings.length; i++) {
      long[] e = encodings[i].getIds();
      long[] t = encodings[i].getTypeIds();
      java.util.Arrays.fill(ids[i], padId);
      System.arraycopy(e, 0, ids[i], 0, e.length);
      System.arraycopy(t, 0, types[i], 0, t.length);
      java.util.Arrays.fill(mask[i], 0, e.length, 1L);
    }
    return new Batch(ids, mask, types);
  }

  @Override
  public void close() {
    tokenizer.close();
  }
}
