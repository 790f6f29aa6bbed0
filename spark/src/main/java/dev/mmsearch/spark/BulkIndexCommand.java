package dev.mmsearch.spark;

import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The job's entry point for {@code spark-submit} (docs/scale-out.md):
 * {@code spark-submit --class dev.mmsearch.spark.BulkIndexCommand mmsearch-spark.jar --catalog … --index … --manifest …}.
 * Exit code 0 when every row was indexed, 3 when some rows failed (see the error output), 1 when
 * the job itself failed.
 */
@Command(name = "mmsearch-spark", mixinStandardHelpOptions = true,
    description = "Index a JSONL manifest or a Parquet dataset into a cluster index, in parallel on Spark.")
public final class BulkIndexCommand implements Callable<Integer> {

  @Option(names = "--catalog", required = true, paramLabel = "FILE", description = "Model catalog (same path on every executor).")
  String catalog;

  @Option(names = "--index", required = true, paramLabel = "URL", description = "Cluster index, e.g. http://host:8983/solr/items?shards=4&replicas=2.")
  String index;

  /** Exactly one input. */
  static final class Input {
    @Option(names = "--manifest", required = true, paramLabel = "FILE", description = "JSONL manifest: one item per line.")
    String manifest;

    @Option(names = "--parquet", required = true, paramLabel = "PATH",
        description = "Parquet file or folder with the manifest's keys as columns.")
    String parquet;
  }

  @ArgGroup(exclusive = true, multiplicity = "1")
  Input input;

  @Option(names = "--errors", required = true, paramLabel = "DIR", description = "Folder for bad rows: one JSONL file per partition.")
  String errors;

  @Option(names = "--partitions", defaultValue = "0", description = "Partitions to index in parallel (0: as Spark splits the input).")
  int partitions;

  @Option(names = "--batch-size", defaultValue = "32", description = "Items per encoder batch. Default: ${DEFAULT-VALUE}.")
  int batchSize;

  @Option(names = "--decode-threads", defaultValue = "1", description = "Decoding threads per partition. Default: ${DEFAULT-VALUE}.")
  int decodeThreads;

  @Override
  public Integer call() throws Exception {
    boolean parquet = input.parquet != null;
    BulkOptions options = new BulkOptions(catalog, index, parquet ? input.parquet : input.manifest, parquet, errors,
        partitions, batchSize, decodeThreads);
    SparkSession spark = SparkSession.builder().appName("mmsearch bulk index").getOrCreate();
    try {
      PartitionSummary s = BulkIndexJob.run(spark, options);
      System.out.println(s.describe());
      return s.failed() > 0 ? 3 : 0;
    } finally {
      spark.stop();
    }
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new BulkIndexCommand()).execute(args));
  }
}
