package dev.mmsearch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmsearch.catalog.Catalog;
import dev.mmsearch.catalog.Spaces;
import dev.mmsearch.encode.EncoderOptions;
import dev.mmsearch.index.lucene.LuceneItemIndex;
import dev.mmsearch.testing.BadImages;
import dev.mmsearch.testing.TestModels;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class IndexCommandTest {

  @TempDir
  Path tmp;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cl = Main.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return cl.execute(args);
  }

  private String catalog() {
    return TestModels.dir().resolve("catalog.json").toString();
  }

  @Test
  void indexesAFolderAndSummarises() throws Exception {
    Path photos = Files.createDirectories(tmp.resolve("photos"));
    Files.copy(TestModels.reference("photo.png"), photos.resolve("photo.png"));
    Files.writeString(photos.resolve("photo.txt"), "a red circle");
    assertEquals(0, run("index", "--catalog", catalog(), "--index", tmp.resolve("index").toString(), photos.toString()));
    assertTrue(out.toString().contains("listed 1: added 1, updated 0, unchanged 0, deleted 0, failed 0"), out.toString());
  }

  @Test
  void partialFailureExitsWithOneAndWritesTheReport() throws Exception {
    Path photos = Files.createDirectories(tmp.resolve("photos"));
    Files.copy(TestModels.reference("photo.png"), photos.resolve("photo.png"));
    Files.write(photos.resolve("bomb.png"), BadImages.pngDeclaring(40000, 40000));
    Path report = tmp.resolve("errors.jsonl");
    assertEquals(Main.EXIT_PARTIAL, run("index", "--catalog", catalog(), "--index", tmp.resolve("index").toString(),
        "--errors", report.toString(), photos.toString()));
    assertTrue(Files.readString(report).contains("\"reason\":\"TOO_MANY_PIXELS\""));
  }

  @Test
  void aSecondWriterIsAClearErrorNotAHang() throws Exception {
    Path index = tmp.resolve("index");
    Path photos = Files.createDirectories(tmp.resolve("photos"));
    try (Spaces spaces = Spaces.load(Catalog.load(Path.of(catalog())), EncoderOptions.DEFAULTS);
        LuceneItemIndex writer = LuceneItemIndex.openForWriting(index, spaces.schema())) {
      assertEquals(Main.EXIT_FATAL, run("index", "--catalog", catalog(), "--index", index.toString(), photos.toString()));
      assertTrue(err.toString().contains("is already open for writing"), err.toString());
    }
  }

  @Test
  void aLoadIsMergedIntoOneSegmentWhenThePolicySaysSo() throws Exception {
    Path photos = Files.createDirectories(tmp.resolve("photos"));
    for (int i = 0; i < 9; i++) {
      Files.copy(TestModels.reference("photo.png"), photos.resolve("photo" + i + ".png"));
      Files.writeString(photos.resolve("photo" + i + ".txt"), "a red circle number " + i);
    }
    Path kept = tmp.resolve("kept");
    // auto: 9 changed items are far from a bulk load, so the commits' segments stay. Batches of at
    // most 3 bound each commit to 5 items: with the default 32 the writer takes whatever the readers
    // have decoded, and on a busy machine all 9 arrived in one batch, one commit, one segment.
    assertEquals(0, run("index", "--catalog", catalog(), "--index", kept.toString(), "--batch-size", "3",
        "--commit-every", "3", photos.toString()));
    assertTrue(!out.toString().contains("merged"), out.toString());
    assertTrue(segments(kept) > 1, "commits of at most 5 items (3 due plus a batch), several segments");
    Path merged = tmp.resolve("merged");
    assertEquals(0, run("index", "--catalog", catalog(), "--index", merged.toString(), "--batch-size", "3",
        "--commit-every", "3", "--merge",
        "always", photos.toString()));
    assertTrue(out.toString().matches("(?s).*merged \\d+ segments into 1 in [0-9.]+ s \\(--merge always\\).*"), out.toString());
    assertEquals(1, segments(merged));
    assertEquals(Main.EXIT_USAGE, run("index", "--catalog", catalog(), "--index", merged.toString(), "--merge", "sometimes",
        photos.toString()));
    assertTrue(err.toString().contains("--merge must be auto, always or never, got: sometimes"), err.toString());
  }

  private int segments(Path index) throws Exception {
    try (Spaces spaces = Spaces.load(Catalog.load(Path.of(catalog())), EncoderOptions.DEFAULTS);
        LuceneItemIndex reader = LuceneItemIndex.openForWriting(index, spaces.schema())) {
      return reader.segments();
    }
  }

  @Test
  void usageErrors() {
    assertEquals(Main.EXIT_USAGE, run("index", "--catalog", catalog(), "--index", tmp.resolve("i").toString()));
    assertTrue(err.toString().contains("give at least one DIR or --manifest FILE"), err.toString());
    assertEquals(Main.EXIT_USAGE, run("index", "--index", "x", "y"));
    assertEquals(Main.EXIT_FATAL, run("index", "--catalog", tmp.resolve("none.json").toString(), "--index",
        tmp.resolve("i").toString(), tmp.toString()));
    assertTrue(err.toString().contains("catalog file not found"), err.toString());
  }
}
