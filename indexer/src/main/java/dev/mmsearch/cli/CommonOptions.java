package dev.mmsearch.cli;

import dev.mmsearch.index.backend.IndexBackends;
import dev.mmsearch.encode.EncoderOptions;
import dev.mmsearch.index.IndexBackend;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options every command that loads models and opens an index shares. */
public final class CommonOptions {

  @Option(names = "--catalog", required = true, paramLabel = "FILE",
      description = "Model catalog (JSON) naming the spaces and their model folders.")
  Path catalog;

  @Option(names = "--index", required = true, paramLabel = "DIR|URL",
      description = "Index directory (created if missing), or a SolrCloud collection URL such as "
          + "http://host:8983/solr/items?shards=2&replicas=2 (docs/scale-out.md).")
  String index;

  /** The backend {@code --index} names. */
  IndexBackend backend() {
    return IndexBackends.of(index);
  }

  @Option(names = "--onnx-threads", defaultValue = "0", paramLabel = "N",
      description = "Threads per ONNX inference (0 = all cores). Default: ${DEFAULT-VALUE}.")
  int onnxThreads;

  EncoderOptions encoderOptions(int batchSize) {
    return new EncoderOptions(onnxThreads, 1, batchSize);
  }
}
