package dev.mmsearch.spark;

import dev.mmsearch.index.backend.IndexBackends;
import dev.mmsearch.index.IndexBackend;
import dev.mmsearch.index.ItemIndex;
import dev.mmsearch.ingest.ManifestLine;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.SparkSession;

/**
 * Bulk indexing as a Spark job: reads a JSONL manifest (or Parquet with the manifest's keys as
 * columns), numbers its rows, spreads them over partitions, and indexes each partition on an
 * executor with {@link PartitionIndexer}. The driver first opens the index for writing once, so
 * the collection, its vector fields and its schema property exist before any executor writes.
 *
 * <p>Relative file paths in rows resolve against the folder of the input, which must be on storage
 * every executor reads under the same path.
 */
public final class BulkIndexJob {

  private BulkIndexJob() {}

  /** Runs the job on {@code spark}; returns the summed partition summaries. */
  public static PartitionSummary run(SparkSession spark, BulkOptions options) throws Exception {
    // The driver prepares the index with the catalog's schema (and refuses other models) before any task runs.
    try (ItemIndex index = IndexBackends.of(options.index()).openForWriting(
        ExecutorModels.spaces(options.catalog(), options.batchSize()).schema())) {
      index.commit(java.util.Map.of());
    }
    Dataset<String> rows = options.parquet() ? spark.read().parquet(options.input()).toJSON()
        : spark.read().textFile(options.input());
    JavaRDD<ManifestLine> lines = rows.javaRDD().zipWithIndex().map(t -> new ManifestLine(t._2() + 1, t._1()));
    if (options.partitions() > 0) {
      lines = lines.repartition(options.partitions());
    }
    List<PartitionSummary> parts = lines.mapPartitionsWithIndex(new PartitionIndexer(options), false).collect();
    // Once every partition is in, the driver measures the index's score calibration (partitions do not).
    try (ItemIndex index = IndexBackends.of(options.index()).openForWriting(
        ExecutorModels.spaces(options.catalog(), options.batchSize()).schema())) {
      dev.mmsearch.calibrate.Calibrator.commit(ExecutorModels.spaces(options.catalog(), options.batchSize()), index);
    }
    return parts.stream().reduce(PartitionSummary.ZERO, PartitionSummary::plus);
  }
}
