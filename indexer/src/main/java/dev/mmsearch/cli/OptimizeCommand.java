package dev.mmsearch.cli;

import dev.mmsearch.catalog.Catalog;
import dev.mmsearch.catalog.Spaces;
import dev.mmsearch.encode.EncoderOptions;
import dev.mmsearch.index.LuceneItemIndex;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code mmsearch optimize}: merges an index's segments after a bulk load, so each vector query
 * searches fewer HNSW graphs ({@link LuceneItemIndex#forceMerge}). Takes the index's writer lock
 * like {@code index}; the search API keeps serving the previous commit and picks up the merged one.
 */
@Command(name = "optimize", mixinStandardHelpOptions = true,
    description = {"Merge the index into fewer segments after a bulk load: vector queries search one HNSW graph per segment,",
        "so fewer segments means less work per query. Holds the index's writer lock while it runs."})
final class OptimizeCommand implements Callable<Integer> {

  @Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Mixin
  CommonOptions common;

  @Option(names = "--segments", defaultValue = "1", description = "Merge down to at most this many segments. Default: ${DEFAULT-VALUE}.")
  int segments;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    try (Spaces spaces = Spaces.load(Catalog.load(common.catalog), EncoderOptions.DEFAULTS);
        LuceneItemIndex index = LuceneItemIndex.openForWriting(common.index, spaces.schema())) {
      int before = index.segments();
      long t0 = System.nanoTime();
      index.forceMerge(segments);
      out.printf("merged %s from %d to %d segments in %.0f s%n", common.index, before, index.segments(), (System.nanoTime() - t0) / 1e9);
    }
    return 0;
  }
}
