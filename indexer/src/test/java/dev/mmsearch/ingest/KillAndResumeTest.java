package dev.mmsearch.ingest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmsearch.catalog.Spaces;
import dev.mmsearch.cli.Main;
import dev.mmsearch.index.lucene.LuceneItemIndex;
import dev.mmsearch.testing.TestModels;
import dev.mmsearch.testing.TestSeeds;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the indexer in a child JVM and kills it with SIGKILL at five or more random moments of one
 * job, each after a random amount of newly committed work; resumes; and checks the result equals
 * a clean run (same ids, vectors within 1e-5 — videos' moments' too —, no duplicates) and that the
 * resume skipped exactly what was committed. Six of the items are videos, spread through the job.
 */
class KillAndResumeTest {

  static final int ITEMS = 300;
  static final int KILLS = 5;
  /** Where videos sit among the pictures (by name). */
  static final int[] VIDEOS = {20, 70, 120, 170, 220, 270};

  @TempDir
  Path tmp;

  private List<String> args(Path index, Path photos) {
    return List.of("index", "--catalog", TestModels.dir().resolve("catalog.json").toString(), "--index", index.toString(),
        "--batch-size", "4", "--commit-every", "4", "--decode-threads", "1", photos.toString());
  }

  private static long committed(Spaces spaces, Path index) throws Exception {
    try (LuceneItemIndex reader = LuceneItemIndex.openForReading(index, spaces.schema(), Duration.ZERO)) {
      return reader.stats().items();
    }
  }

  @Test
  void killNineAtRandomMomentsThenResumeEqualsACleanRun() throws Exception {
    long seed = TestSeeds.seed("KillAndResumeTest");
    Random r = new Random(seed);
    Path photos = Collections.pictures(tmp.resolve("photos"), ITEMS - VIDEOS.length, 4);
    for (int i = 0; i < VIDEOS.length; i++) {
      Files.copy(TestModels.reference("video/" + (i % 2 == 0 ? "walk.mp4" : "music.mp4")),
          photos.resolve(String.format("img-%03d-clip.mp4", VIDEOS[i])));
    }
    Path killed = tmp.resolve("killed");
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
        "-cp", System.getProperty("java.class.path"), Main.class.getName()));
    cmd.addAll(args(killed, photos));

    List<Long> progress = new ArrayList<>();
    try (Spaces spaces = TestModels.spaces()) {
      long last = 0;
      for (int kill = 0; kill < KILLS; kill++) {
        long target = last + 8 + r.nextInt(25);
        Path log = tmp.resolve("child-" + kill + ".log");
        Process child = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long seen = last;
        try (LuceneItemIndex reader = LuceneItemIndex.openForReading(killed, spaces.schema(), Duration.ZERO)) {
          long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
          while (System.nanoTime() < deadline && child.isAlive() && seen < target) {
            seen = reader.stats().items();
            Thread.sleep(5);
          }
        }
        child.destroyForcibly().waitFor();
        long now = committed(spaces, killed);
        assertTrue(now >= target && now < ITEMS, "kill " + kill + " must land mid-run after new commits: committed " + now
            + ", wanted at least " + target + " (seed " + seed + ", log: " + Files.readString(log) + ")");
        progress.add(now);
        last = now;
      }
    }

    StringWriter out = new StringWriter();
    var cli = Main.commandLine();
    cli.setOut(new PrintWriter(out));
    assertEquals(0, cli.execute(args(killed, photos).toArray(String[]::new)), "resume: " + out);
    Matcher m = Pattern.compile("listed (\\d+): added (\\d+), updated (\\d+), unchanged (\\d+)").matcher(out.toString());
    assertTrue(m.find(), out.toString());
    long lastCommitted = progress.getLast();
    assertEquals(lastCommitted, Long.parseLong(m.group(4)), "the resume skips every committed item: " + out);
    assertEquals(ITEMS - lastCommitted, Long.parseLong(m.group(2)), "and embeds only the rest: " + out);
    assertEquals(0, Long.parseLong(m.group(3)), "nothing committed is redone: " + out);

    Path clean = tmp.resolve("clean");
    assertEquals(0, Main.commandLine().execute(args(clean, photos).toArray(String[]::new)), "clean run");
    Map<String, Map<String, float[]>> resumed = IndexJobTest.dump(killed);
    Map<String, Map<String, float[]>> expected = IndexJobTest.dump(clean);
    assertEquals(expected.keySet(), resumed.keySet());
    try (Spaces spaces = TestModels.spaces()) {
      assertEquals(ITEMS, committed(spaces, killed), "no duplicates");
    }
    for (String id : expected.keySet()) {
      assertEquals(expected.get(id).keySet(), resumed.get(id).keySet(), id);
      for (String field : expected.get(id).keySet()) {
        // Batches differ between the runs; ONNX results agree to float rounding.
        assertArrayEquals(expected.get(id).get(field), resumed.get(id).get(field), 1e-5f, id + " " + field);
      }
    }
    System.out.println("KillAndResumeTest: " + KILLS + " SIGKILLs at " + progress + " committed items of " + ITEMS
        + ", resumed to an index equal to a clean run");
  }
}
