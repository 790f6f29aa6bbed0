package dev.mmsearch.spark;

import static dev.mmsearch.spark.BulkIndexFixtures.assertEachItemOnce;
import static dev.mmsearch.spark.BulkIndexFixtures.awaitAcknowledged;
import static dev.mmsearch.spark.BulkIndexFixtures.manifest;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmsearch.index.backend.IndexBackends;
import dev.mmsearch.catalog.Spaces;
import dev.mmsearch.index.IndexBackend;
import dev.mmsearch.index.ItemIndex;
import dev.mmsearch.index.ItemReader;
import dev.mmsearch.index.lucene.LuceneBackend;
import dev.mmsearch.index.solr.SolrCluster;
import dev.mmsearch.ingest.ErrorReport;
import dev.mmsearch.ingest.IndexJob;
import dev.mmsearch.ingest.JobOptions;
import dev.mmsearch.ingest.JobSummary;
import dev.mmsearch.ingest.Progress;
import dev.mmsearch.testing.TestModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Spark job in {@code local[2]} against the 3-node SolrCloud of the tests, with the test
 * models: a manifest of 10,000 items (and three bad rows) indexed into a 2 × 2 collection, the
 * count and a sample of vectors checked against the embedded pipeline, a re-run that skips
 * everything, and a run during which a node stops and rejoins.
 */
class BulkIndexJobTest {

  static SparkSession spark;

  @TempDir
  static Path tmp;

  @BeforeAll
  static void start() {
    spark = SparkSession.builder().master("local[2]").appName("mmsearch-test").config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "4").getOrCreate();
  }

  @AfterAll
  static void stop() {
    if (spark != null) {
      spark.stop();
    }
  }

  static final List<String> BAD_ROWS = List.of("{not json", "{\"text\":\"no id here\"}",
      "{\"id\":\"gone\",\"image\":\"pics/missing.png\",\"text\":\"a file that is not there\"}");

  static BulkOptions options(Path manifest, String index, Path errors) {
    return new BulkOptions(TestModels.dir().resolve("catalog.json").toString(), index, manifest.toString(), false,
        errors.toString(), 4, 32, 1);
  }

  static long errorLines(Path errors) throws IOException {
    if (!Files.isDirectory(errors)) {
      return 0;
    }
    try (Stream<Path> files = Files.list(errors)) {
      long n = 0;
      for (Path f : files.toList()) {
        n += Files.readAllLines(f).size();
      }
      return n;
    }
  }

  @Test
  void indexesTenThousandItemsLikeTheEmbeddedPipelineAndSkipsThemOnARerun() throws Exception {
    Path dir = tmp.resolve("big");
    Path manifest = manifest(dir, 10_000, 100, BAD_ROWS);
    String location = SolrCluster.shared().collection("spark", 2, 2);
    long t0 = System.nanoTime();
    PartitionSummary first = BulkIndexJob.run(spark, options(manifest, location, dir.resolve("errors")));
    double seconds = (System.nanoTime() - t0) / 1e9;
    System.out.printf("spark bulk job: %s in %.1f s (%.0f items/s)%n", first.describe(), seconds, first.added() / seconds);
    assertEquals(new PartitionSummary(-1, 10_001, 10_000, 0, 0, 3), first);
    assertEquals(3, errorLines(dir.resolve("errors")), "one error line per bad row");

    // The embedded pipeline on a sample of the same rows gives the same vectors.
    List<String> all = Files.readAllLines(manifest);
    Path sample = Files.write(dir.resolve("sample.jsonl"), List.of(all.get(0), all.get(1234), all.get(5555), all.get(9999),
        all.get(42), all.get(7777)));
    try (Spaces spaces = TestModels.spaces()) {
      IndexBackend embedded = new LuceneBackend(dir.resolve("embedded"));
      try (ItemIndex writer = embedded.openForWriting(spaces.schema()); ErrorReport errors = new ErrorReport(null)) {
        JobSummary s = new IndexJob(spaces, writer, JobOptions.defaults()).run(List.of(), List.of(sample), errors, Progress.NONE);
        assertEquals(6, s.added());
      }
      try (ItemReader local = embedded.openForReading(spaces.schema(), Duration.ZERO);
          ItemReader cluster = IndexBackends.of(location).openForReading(spaces.schema(), Duration.ZERO)) {
        assertEquals(10_000, cluster.stats().items());
        // Every field but names (the manifest's rows give none): every item has a vector in it.
        List<String> fields = spaces.schema().fields().values().stream()
            .filter(f -> f.modality() != dev.mmsearch.encode.Modality.NAME).map(f -> f.name()).toList();
        fields.forEach(f -> assertEquals(10_000L, cluster.stats().vectors().get(f), f));
        assertEquals(0L, cluster.stats().vectors().getOrDefault("clip.name", 0L), "no row names itself");
        assertTrue(cluster.commitData().containsKey(dev.mmsearch.calibrate.Calibration.COMMIT_KEY),
            "the driver measured the collection's calibration once every partition was in");
        int compared = 0;
        for (String id : List.of("item-00000", "item-01234", "item-05555", "item-09999", "item-00042", "item-07777")) {
          assertEquals(local.get(id).orElseThrow().text(), cluster.get(id).orElseThrow().text());
          assertEquals(local.state(id).orElseThrow().contentHash(), cluster.state(id).orElseThrow().contentHash());
          for (String field : fields) {
            float[] a = local.vector(id, field).orElseThrow();
            float[] b = cluster.vector(id, field).orElseThrow();
            double dot = 0;
            for (int i = 0; i < a.length; i++) {
              dot += a[i] * b[i];
            }
            assertTrue(dot > 0.9999, id + " " + field + ": cosine " + dot);
            compared++;
          }
        }
        assertEquals(6 * fields.size(), compared);
      }
    }

    // A re-run finds every item's content hash in the index and embeds nothing.
    PartitionSummary again = BulkIndexJob.run(spark, options(manifest, location, dir.resolve("errors-2")));
    assertEquals(new PartitionSummary(-1, 10_001, 0, 0, 10_000, 3), again);
  }

  @Test
  void aNodeStoppingDuringTheJobLosesNothing() throws Exception {
    Path dir = tmp.resolve("failover");
    Path manifest = manifest(dir, 3000, 50, List.of());
    SolrCluster cluster = SolrCluster.shared();
    String location = cluster.collection("spark-failover", 2, 2);
    // The collection exists before the job starts (as the driver makes it), so the stop below
    // falls during the load and never races the collection's creation (which a loaded machine
    // once made fail: issue 29).
    try (Spaces spaces = TestModels.spaces();
        ItemIndex index = IndexBackends.of(location).openForWriting(spaces.schema())) {
      index.commit(Map.of());
    }
    CompletableFuture<PartitionSummary> job = CompletableFuture.supplyAsync(() -> {
      try {
        return BulkIndexJob.run(spark, options(manifest, location, dir.resolve("errors")));
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    // The node stops once the job's first writes are acknowledged (real-time gets see them) and
    // comes back once more were acknowledged while it was down: observed, not timed, so a slow or
    // loaded machine moves the stop, never the scenario.
    List<String> sample = BulkIndexFixtures.sample(3000, 10);
    try (Spaces spaces = TestModels.spaces();
        ItemReader index = IndexBackends.of(location).openForReading(spaces.schema(), Duration.ZERO)) {
      int before = awaitAcknowledged(index, sample, 1, job::isDone);
      assertTrue(before > 0 && !job.isDone(), "the job was still loading when the node stopped (" + before + " of the sample in)");
      cluster.stop(2);
      int whileDown = awaitAcknowledged(index, sample, before + 10, job::isDone) - before;
      cluster.start(2);
      assertTrue(whileDown > 0, "writes were acknowledged while the node was down: " + whileDown + " of the sample");
    }
    PartitionSummary s = job.get();
    assertEquals(new PartitionSummary(-1, 3000, 3000, 0, 0, 0), s);
    assertEachItemOnce(cluster, location, 3000);
  }
}
