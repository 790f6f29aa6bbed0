package dev.mmsearch.cli;

import dev.mmsearch.encode.EncoderOptions;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options every command that loads models and opens an index shares. */
public final class CommonOptions {

  @Option(names = "--catalog", required = true, paramLabel = "FILE",
      description = "Model catalog (JSON) naming the spaces and their model folders.")
  Path catalog;

  @Option(names = "--index", required = true, paramLabel = "DIR", description = "Index directory (created if missing).")
  Path index;

  @Option(names = "--onnx-threads", defaultValue = "0", paramLabel = "N",
      description = "Threads per ONNX inference (0 = all cores). Default: ${DEFAULT-VALUE}.")
  int onnxThreads;

  EncoderOptions encoderOptions(int batchSize) {
    return new EncoderOptions(onnxThreads, 1, batchSize);
  }
}
