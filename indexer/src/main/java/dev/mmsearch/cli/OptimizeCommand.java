package dev.mmsearch.cli;

import dev.mmsearch.catalog.Catalog;
import dev.mmsearch.catalog.Spaces;
import dev.mmsearch.encode.EncoderOptions;
import dev.mmsearch.index.ItemIndex;
import dev.mmsearch.index.lucene.LuceneItemIndex;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code mmsearch optimize}: merges an index's segments after a bulk load, so each vector query
 * searches fewer HNSW graphs ({@link dev.mmsearch.index.ItemIndex#forceMerge}; per shard in a
 * cluster). Takes an embedded index's writer lock like {@code index}; the search API keeps serving
 * the previous commit and picks up the merged one.
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
        ItemIndex index = common.backend().openForWriting(spaces.schema())) {
      String before = segmentsOf(index);
      long t0 = System.nanoTime();
      index.forceMerge(segments);
      // A cluster merges each shard's replicas; their segment counts are Solr's to report.
      out.printf("merged %s%s to %s in %.0f s%n", common.index, before,
          index instanceof LuceneItemIndex l ? l.segments() + " segments" : "at most " + segments + " segments per shard",
          (System.nanoTime() - t0) / 1e9);
    }
    return 0;
  }

  private static String segmentsOf(ItemIndex index) {
    return index instanceof LuceneItemIndex l ? " from " + l.segments() + " segments" : "";
  }
}
