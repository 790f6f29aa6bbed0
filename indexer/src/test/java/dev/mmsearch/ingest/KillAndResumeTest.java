package dev.mmsearch.ingest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmsearch.catalog.Catalog;
import dev.mmsearch.catalog.Spaces;
import dev.mmsearch.cli.Main;
import dev.mmsearch.encode.EncoderOptions;
import dev.mmsearch.index.LuceneItemIndex;
import dev.mmsearch.testing.TestModels;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the indexer in a child JVM, kills it with SIGKILL once it has committed part of the work,
 * resumes, and checks the result equals a clean run: same ids, same vectors, nothing duplicated.
 */
class KillAndResumeTest {

  @TempDir
  Path tmp;

  private List<String> args(Path index, Path photos) {
    return List.of("index", "--catalog", TestModels.dir().resolve("catalog.json").toString(), "--index", index.toString(),
        "--batch-size", "4", "--commit-every", "4", "--decode-threads", "1", photos.toString());
  }

  @Test
  void killNineThenResumeEqualsACleanRun() throws Exception {
    Path photos = Collections.pictures(tmp.resolve("photos"), 240, 4);
    Path killed = tmp.resolve("killed");

    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
        "-cp", System.getProperty("java.class.path"), Main.class.getName()));
    cmd.addAll(args(killed, photos));
    Process child = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(tmp.resolve("child.log").toFile()).start();
    long partial = 0;
    try (Spaces spaces = Spaces.load(Catalog.load(TestModels.dir().resolve("catalog.json")), EncoderOptions.DEFAULTS);
        LuceneItemIndex reader = LuceneItemIndex.openForReading(killed, spaces.schema(), Duration.ZERO)) {
      long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
      while (System.nanoTime() < deadline && child.isAlive()) {
        partial = reader.stats().items();
        if (partial >= 8) {
          break;
        }
        Thread.sleep(10);
      }
    }
    child.destroyForcibly().waitFor();
    assertTrue(partial >= 8 && partial < 240, "the child must be killed mid-run; it had committed " + partial
        + " items (log: " + java.nio.file.Files.readString(tmp.resolve("child.log")) + ")");

    assertEquals(0, Main.commandLine().execute(args(killed, photos).toArray(String[]::new)), "resume");
    Path clean = tmp.resolve("clean");
    assertEquals(0, Main.commandLine().execute(args(clean, photos).toArray(String[]::new)), "clean run");

    Map<String, Map<String, float[]>> resumed = IndexJobTest.dump(killed);
    Map<String, Map<String, float[]>> expected = IndexJobTest.dump(clean);
    assertEquals(expected.keySet(), resumed.keySet());
    try (Spaces spaces = Spaces.load(Catalog.load(TestModels.dir().resolve("catalog.json")), EncoderOptions.DEFAULTS);
        LuceneItemIndex reader = LuceneItemIndex.openForReading(killed, spaces.schema(), Duration.ZERO)) {
      assertEquals(240, reader.stats().items(), "no duplicates");
    }
    for (String id : expected.keySet()) {
      assertEquals(expected.get(id).keySet(), resumed.get(id).keySet(), id);
      for (String field : expected.get(id).keySet()) {
        // Batches differ between the runs; ONNX results agree to float rounding.
        assertArrayEquals(expected.get(id).get(field), resumed.get(id).get(field), 1e-5f, id + " " + field);
      }
    }
  }
}
