package dev.mmsearch.spark;

import java.io.Serializable;

/**
 * What a bulk job reads and where it writes; sent to every executor, so paths must be readable
 * there under the same names (shared storage on a real cluster).
 *
 * @param catalog the model catalog
 * @param index the cluster index location ({@code http://host:8983/solr/items?shards=…})
 * @param input a JSONL manifest, or a Parquet file or folder when {@code parquet}
 * @param parquet whether {@code input} is Parquet (one row per item, the manifest's keys as columns)
 * @param errors folder for the error output: one JSONL file per partition that had bad rows
 * @param partitions how many partitions to index in parallel (0: as Spark splits the input)
 * @param batchSize items per encoder batch in each partition
 * @param decodeThreads decoding threads in each partition
 */
public record BulkOptions(String catalog, String index, String input, boolean parquet, String errors, int partitions,
    int batchSize, int decodeThreads) implements Serializable {

  public BulkOptions {
    if (partitions < 0) {
      throw new IllegalArgumentException("partitions must be ≥ 0, got: " + partitions);
    }
    if (batchSize < 1 || decodeThreads < 1) {
      throw new IllegalArgumentException("batch size and decode threads must be ≥ 1");
    }
  }
}
