package dev.mmsearch.spark;

import static dev.mmsearch.spark.BulkIndexFixtures.assertEachItemOnce;
import static dev.mmsearch.spark.BulkIndexFixtures.awaitAcknowledged;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmsearch.catalog.Spaces;
import dev.mmsearch.index.ItemIndex;
import dev.mmsearch.index.ItemReader;
import dev.mmsearch.index.backend.IndexBackends;
import dev.mmsearch.index.solr.SolrCluster;
import dev.mmsearch.testing.TestModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged job ({@code target/mmsearch-spark.jar}) submitted to a Spark standalone cluster —
 * a master and two one-core workers, each a JVM of its own ({@link SparkStandalone}) — indexing
 * 2,000 items into a 2 × 2 collection of the test SolrCloud, while one worker is killed -9 with
 * its executor once the job's first writes are acknowledged: the job must finish with exit code 0
 * and every item in the collection exactly once. Spark reruns the tasks the dead executor was
 * running on the other worker; those find the items the killed task had already written, by their
 * content hash, and count them unchanged. An integration test (after {@code package}), since it
 * submits the shaded jar as operators do.
 */
class SparkStandaloneIT {

  static final int ITEMS = 2000;
  /** The job's final line on stdout ({@link PartitionSummary#describe}). */
  static final Pattern SUMMARY = Pattern.compile("listed (\\d+): added (\\d+), updated (\\d+), unchanged (\\d+), failed (\\d+)");

  @TempDir
  static Path tmp;

  @Test
  void aWorkerKilledMidJobLosesAndDoublesNothing() throws Exception {
    Path manifest = BulkIndexFixtures.manifest(tmp.resolve("input"), ITEMS, 50, List.of());
    SolrCluster solr = SolrCluster.shared();
    String location = solr.collection("spark-standalone", 2, 2);
    // The collection exists before the job starts (the driver would make it), so the reader below
    // can watch it from the first write on.
    try (Spaces spaces = TestModels.spaces();
        ItemIndex index = IndexBackends.of(location).openForWriting(spaces.schema())) {
      index.commit(Map.of());
    }
    Path jar = Path.of(System.getProperty("spark.jar", "target/mmsearch-spark.jar")).toAbsolutePath();
    assertTrue(Files.isRegularFile(jar), "the shaded job jar is built by package: " + jar);
    List<String> mmsearchFlags = List.of(System.getProperty("mmsearch.jvm.flags", "").trim().split("\\s+"));
    Path djlCache = Path.of(System.getenv().getOrDefault("DJL_CACHE_DIR", tmp.resolve("djl-cache").toString()));

    // Under target/, not the test's temporary folder: the processes' logs outlive a failure.
    Path work = Files.createDirectories(Path.of("target", "spark-standalone").toAbsolutePath());
    try (SparkStandalone spark = SparkStandalone.start(Files.createTempDirectory(work, "run-"), 2, 1, "1g")) {
      long submitted = System.nanoTime();
      // 8 partitions of 250 items in batches of 8 over 2 one-core executors: each task runs for
      // seconds, so a kill after the first writes falls on running tasks.
      Process job = spark.submit("driver", jar, BulkIndexCommand.class.getName(), concat(List.of("-Xmx768m"), mmsearchFlags),
          Map.of("DJL_CACHE_DIR", djlCache.toString()),
          List.of("spark.ui.enabled=false", "spark.driver.host=127.0.0.1", "spark.executor.memory=768m",
              "spark.executor.extraJavaOptions=" + String.join(" ", mmsearchFlags), "spark.executorEnv.DJL_CACHE_DIR=" + djlCache),
          List.of("--catalog", TestModels.dir().resolve("catalog.json").toString(), "--index", location, "--manifest",
              manifest.toString(), "--errors", tmp.resolve("errors").toString(), "--partitions", "8", "--batch-size", "8"));
      Path driverLog = spark.dir().resolve("driver.log");

      // The kill comes once writes are acknowledged (real-time gets see them) and worker 0's
      // executor is running a task (the driver's log says it started one it has not finished):
      // observed, not timed, so a slow machine moves the kill, never the scenario. (Right after
      // the shuffle, Spark holds tasks for the executor with the map output for up to 3 s, its
      // locality wait, so the first writes alone do not mean both executors are busy.)
      try (Spaces spaces = TestModels.spaces();
          ItemReader index = IndexBackends.of(location).openForReading(spaces.schema(), Duration.ZERO)) {
        int in = awaitAcknowledged(index, BulkIndexFixtures.sample(ITEMS, 10), 1, () -> !job.isAlive());
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        Set<String> running = running(driverLog, spark.executorId(0));
        while (running.isEmpty() && job.isAlive() && System.nanoTime() < deadline) {
          Thread.sleep(100);
          running = running(driverLog, spark.executorId(0));
        }
        assertTrue(in > 0 && job.isAlive() && !running.isEmpty(), "the job was loading, with a task on worker 0, when it"
            + " was killed (" + in + " of the sample in, tasks " + running + " on executor " + spark.executorId(0)
            + "); driver log: " + driverLog);
      }
      long killed = System.nanoTime();
      spark.kill(0);
      assertTrue(job.waitFor(10, TimeUnit.MINUTES), "the job ended within 10 minutes of the kill; driver log: " + driverLog);
      long ended = System.nanoTime();
      assertEquals(0, job.exitValue(), "the job's exit code; driver log: " + driverLog);

      List<String> out = SparkStandalone.lines(spark.dir().resolve("driver.out"));
      Matcher m = out.stream().map(SUMMARY::matcher).filter(Matcher::find).findFirst()
          .orElseThrow(() -> new AssertionError("no summary on the job's stdout: " + out));
      long added = Long.parseLong(m.group(2));
      long unchanged = Long.parseLong(m.group(4));
      assertEquals(ITEMS, Long.parseLong(m.group(1)), "rows listed: " + m.group());
      assertEquals(0, Long.parseLong(m.group(3)) + Long.parseLong(m.group(5)), "nothing updated or failed: " + m.group());
      assertEquals(ITEMS, added + unchanged, "every item added once, or found unchanged on a retry: " + m.group());

      // Spark 4.2 logs a task cut by its executor's death as "task 0.0 in stage 1.0 (TID 1) failed
      // because while it was being computed, its executor exited…", and its rerun as attempt 1 or later.
      List<String> log = SparkStandalone.lines(driverLog);
      Set<String> retried = new java.util.TreeSet<>();
      log.stream().map(RETRY::matcher).filter(Matcher::find)
          .forEach(r -> retried.add("task " + r.group(1) + " of stage " + r.group(2)));
      assertTrue(!retried.isEmpty(), "the kill cut a running task, which Spark ran again (no attempt 1 in " + driverLog + "): "
          + log.stream().filter(l -> l.contains("TaskSetManager")).toList());
      System.out.printf("spark standalone: worker 0 killed %.1f s after submit; job exit 0 %.1f s after the kill;"
          + " %s; tasks retried: %d (%s)%n", (killed - submitted) / 1e9, (ended - killed) / 1e9, m.group(), retried.size(),
          retried);
      log.stream().filter(l -> l.contains("Lost executor") || l.contains("its executor exited") || RETRY.matcher(l).find()
          || l.contains("Resubmitting")).forEach(l -> System.out.println("  driver: " + l));
    }
    assertEachItemOnce(solr, location, ITEMS);
  }

  static final Pattern STARTED = Pattern.compile("Starting task \\S+ in stage \\S+ \\(TID (\\d+)\\) \\([^,]+, ?executor (\\d+),");
  static final Pattern ENDED = Pattern.compile("(?:Finished task|Lost task|task) \\S+ in stage \\S+ \\(TID (\\d+)\\)(?: in \\d+ ms| failed|:)");
  /**
   * A task run again: its second or later attempt ("Starting task 0.1 in stage 1.0": task 0 of
   * stage 1, attempt 1), or any task of a stage's second or later attempt ("… in stage 1.1"),
   * which is how Spark reruns what needed shuffle output the dead worker held.
   */
  static final Pattern RETRY = Pattern.compile("Starting task (\\d+)\\.(?!0 in stage \\d+\\.0 )\\d+ in stage (\\d+\\.\\d+)");

  /** The tasks (TIDs) the driver's log shows started on {@code executor} and not yet ended; none while it has none. */
  static Set<String> running(Path driverLog, String executor) throws java.io.IOException {
    Set<String> tids = new java.util.TreeSet<>();
    if (executor == null) {
      return tids;
    }
    for (String line : SparkStandalone.lines(driverLog)) {
      Matcher started = STARTED.matcher(line);
      Matcher ended = ENDED.matcher(line);
      if (started.find() && started.group(2).equals(executor)) {
        tids.add(started.group(1));
      } else if (ended.find()) {
        tids.remove(ended.group(1));
      }
    }
    return tids;
  }

  private static List<String> concat(List<String> a, List<String> b) {
    return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
  }
}
