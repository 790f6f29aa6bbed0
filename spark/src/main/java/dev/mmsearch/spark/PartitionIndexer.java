package dev.mmsearch.spark;

import dev.mmsearch.index.backend.IndexBackends;
import dev.mmsearch.catalog.Spaces;
import dev.mmsearch.index.IndexBackend;
import dev.mmsearch.index.ItemIndex;
import dev.mmsearch.ingest.ErrorReport;
import dev.mmsearch.ingest.IndexJob;
import dev.mmsearch.ingest.JobOptions;
import dev.mmsearch.ingest.JobSummary;
import dev.mmsearch.ingest.ManifestLine;
import dev.mmsearch.ingest.Progress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.Function2;

/**
 * Indexes one partition of the manifest on an executor: the indexer's own pipeline
 * ({@link IndexJob}: decode, hash, embed in batches, bulk upserts by id) over the partition's
 * lines, into the cluster index. Re-runs, and Spark's retries of a failed task, skip every item
 * whose content hash the index already holds, so a task can be repeated safely. Bad rows go to the
 * partition's error file and never fail the task; only an index that stays unreachable past the
 * client's retry policy does (and Spark retries the task).
 */
final class PartitionIndexer implements Function2<Integer, Iterator<ManifestLine>, Iterator<PartitionSummary>> {

  private final BulkOptions options;

  PartitionIndexer(BulkOptions options) {
    this.options = options;
  }

  @Override
  public Iterator<PartitionSummary> call(Integer partition, Iterator<ManifestLine> lines) throws Exception {
    Spaces spaces = ExecutorModels.spaces(options.catalog(), options.batchSize());
    Path errorFile = Path.of(options.errors()).resolve(String.format("part-%05d.jsonl", partition));
    Files.createDirectories(errorFile.getParent());
    JobOptions defaults = JobOptions.defaults();
    JobOptions job = new JobOptions(options.batchSize(), options.decodeThreads(), defaults.commitEvery(),
        defaults.commitInterval(), java.util.Set.of(), defaults.limits(), defaults.audioLimits(), errorFile,
        defaults.thumbnailSize());
    JobSummary s;
    try (ItemIndex index = IndexBackends.of(options.index()).openForWriting(spaces.schema());
        ErrorReport errors = new ErrorReport(errorFile)) {
      s = new IndexJob(spaces, index, job).runLines(Path.of(options.input()), lines, errors, Progress.NONE);
    }
    if (s.failed() == 0) {
      Files.deleteIfExists(errorFile);
    }
    return List.of(new PartitionSummary(partition, s.listed(), s.added(), s.updated(), s.unchanged(), s.failed())).iterator();
  }
}
