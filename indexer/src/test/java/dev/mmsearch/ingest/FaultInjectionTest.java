package dev.mmsearch.ingest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.mmsearch.catalog.Spaces;
import dev.mmsearch.index.lucene.LuceneItemIndex;
import dev.mmsearch.testing.FaultyDirectory;
import dev.mmsearch.testing.TestModels;
import dev.mmsearch.testing.TestSeeds;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.lucene.index.CheckIndex;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * I/O faults at random write, sync and rename points of a job (a {@link FaultyDirectory} under
 * the index): the job reports the failure, the index opens at its last commit and checks clean,
 * and the next run completes to the same index a clean run makes.
 */
class FaultInjectionTest {

  static Spaces spaces;

  @TempDir
  Path tmp;

  @BeforeAll
  static void load() {
    spaces = TestModels.spaces();
  }

  @AfterAll
  static void close() {
    spaces.close();
  }

  private static final JobOptions OPTIONS = new JobOptions(4, 1, 8, Duration.ofMinutes(1), Set.of(),
      JobOptions.defaults().limits(), null);

  /** Runs a job through {@code faults}; returns the failure, or null when the job finished. */
  private static Throwable runThrough(Path index, Path photos, AtomicReference<FaultyDirectory> faults, int failAfter) {
    Throwable failure = null;
    LuceneItemIndex ix = null;
    try {
      ix = LuceneItemIndex.openForWriting(index, spaces.schema(), d -> {
        FaultyDirectory f = new FaultyDirectory(d, failAfter);
        faults.set(f);
        return f;
      });
      try (ErrorReport errors = new ErrorReport(null)) {
        new IndexJob(spaces, ix, OPTIONS).run(List.of(photos), List.of(), errors, Progress.NONE);
      }
    } catch (Throwable t) {
      failure = t;
    } finally {
      if (ix != null) {
        try {
          ix.close();
        } catch (Throwable t) {
          // The writer may fail again while rolling back on a failing disk; the commit is what counts.
          failure = failure == null ? t : failure;
        }
      }
    }
    return failure;
  }

  @Test
  void faultsLeaveTheLastCommitAndTheNextRunCompletes() throws Exception {
    Path photos = Collections.pictures(tmp.resolve("photos"), 48, 8);
    Path clean = tmp.resolve("clean");
    AtomicReference<FaultyDirectory> counter = new AtomicReference<>();
    assertEquals(null, runThrough(clean, photos, counter, Integer.MAX_VALUE));
    int total = counter.get().operations();
    Map<String, Map<String, float[]>> expected = IndexJobTest.dump(clean);

    long seed = TestSeeds.seed("FaultInjectionTest");
    Random r = new Random(seed);
    int faulted = 0;
    for (int round = 0; round < 5; round++) {
      Path index = tmp.resolve("faulty-" + round);
      // Operation counts vary a little between runs (flush and merge timing): stay below the end.
      int failAfter = 1 + r.nextInt(total * 9 / 10);
      AtomicReference<FaultyDirectory> faults = new AtomicReference<>();
      Throwable failure = runThrough(index, photos, faults, failAfter);
      String where = "round " + round + ", fault after operation " + failAfter + " of " + total + " (seed " + seed + "): "
          + faults.get().firstFault();
      if (faults.get().firstFault() == null) {
        assertEquals(null, failure, "no fault was injected, so the job must succeed: " + where);
        continue;
      }
      faulted++;
      if (failure == null) {
        fail("the job must report the fault: " + where);
      }
      // The index opens at its last commit, and Lucene's own check finds nothing wrong.
      if (java.nio.file.Files.exists(index.resolve("segments_1")) || hasCommit(index)) {
        try (FSDirectory dir = FSDirectory.open(index); CheckIndex check = new CheckIndex(dir)) {
          check.setLevel(CheckIndex.Level.MIN_LEVEL_FOR_CHECKSUM_CHECKS);
          assertTrue(check.checkIndex().clean, "CheckIndex after " + where);
        }
        try (LuceneItemIndex reader = LuceneItemIndex.openForReading(index, spaces.schema(), Duration.ZERO)) {
          assertTrue(reader.stats().items() <= 48, where);
        }
      }
      // The next run, on a sound disk, completes to what a clean run makes.
      assertEquals(null, runThrough(index, photos, new AtomicReference<>(), Integer.MAX_VALUE), where);
      Map<String, Map<String, float[]>> got = IndexJobTest.dump(index);
      assertEquals(expected.keySet(), got.keySet(), where);
      for (String id : expected.keySet()) {
        assertEquals(expected.get(id).keySet(), got.get(id).keySet(), id + " " + where);
        for (String field : expected.get(id).keySet()) {
          assertArrayEquals(expected.get(id).get(field), got.get(id).get(field), 1e-5f, id + " " + field + " " + where);
        }
      }
    }
    assertTrue(faulted >= 4, "faults were injected in " + faulted + " of 5 rounds (seed " + seed + ")");
    System.out.println("FaultInjectionTest: " + faulted + " runs failed by injected I/O faults, each recovered");
  }

  private static boolean hasCommit(Path index) throws java.io.IOException {
    try (FSDirectory dir = FSDirectory.open(index)) {
      return org.apache.lucene.index.DirectoryReader.indexExists(dir);
    }
  }
}
