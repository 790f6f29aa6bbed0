package dev.mmsearch.spark;

import dev.mmsearch.catalog.Catalog;
import dev.mmsearch.catalog.Spaces;
import dev.mmsearch.encode.EncoderOptions;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The models of an executor JVM: loaded once per catalog and shared by every task the executor
 * runs, so a job holds one ONNX session per model per executor, not one per partition. Encoders
 * are thread-safe (the search API shares them between requests too). Closed when the JVM exits.
 */
final class ExecutorModels {

  private static final Map<String, Spaces> LOADED = new HashMap<>();

  private ExecutorModels() {}

  static synchronized Spaces spaces(String catalog, int batchSize) {
    return LOADED.computeIfAbsent(catalog, c -> {
      Spaces spaces = Spaces.load(Catalog.load(Path.of(c)), new EncoderOptions(0, 1, batchSize));
      Runtime.getRuntime().addShutdownHook(new Thread(spaces::close, "mmsearch-models-close"));
      return spaces;
    });
  }
}
