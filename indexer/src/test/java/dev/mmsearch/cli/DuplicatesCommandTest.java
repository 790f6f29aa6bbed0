package dev.mmsearch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mmsearch.extract.ImageDecoder;
import dev.mmsearch.extract.ImageLimits;
import dev.mmsearch.testing.Copies;
import dev.mmsearch.testing.TestModels;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code mmsearch duplicates} on a small folder: a photo, two copies of it and another picture, indexed with the signature spaces. */
class DuplicatesCommandTest {

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

  @Test
  void writesTheGroupsAndASummaryBesideTheIndex() throws Exception {
    Path catalog = tmp.resolve("catalog.json");
    Files.writeString(catalog, "{\"spaces\": {\"signature\": {\"derived\": \"signature\"}, \"soundprint\": {\"derived\": \"soundprint\"}}}");
    Path photos = Files.createDirectories(tmp.resolve("photos"));
    var photo = new ImageDecoder(ImageLimits.DEFAULTS).decode(TestModels.reference("photo.png"));
    Files.copy(TestModels.reference("photo.png"), photos.resolve("photo.png"));
    Files.write(photos.resolve("photo-half.png"), Copies.encoded(Copies.resized(photo, 0.5), "png"));
    Files.write(photos.resolve("photo.jpg"), Copies.jpeg(photo, 0.5f));
    Files.copy(TestModels.reference("small.png"), photos.resolve("small.png"));
    Path index = tmp.resolve("index");
    assertEquals(0, run("index", "--catalog", catalog.toString(), "--index", index.toString(), photos.toString()), err.toString());
    assertEquals(0, run("duplicates", "--index", index.toString(), "--level", "near"), err.toString());
    assertTrue(out.toString().contains("near: 1 groups holding 3 of 4 items (largest 3)"), out.toString());
    List<String> lines = Files.readAllLines(index.resolve("duplicates/near.jsonl"));
    assertEquals(1, lines.size());
    JsonNode group = new ObjectMapper().readTree(lines.getFirst());
    assertEquals(List.of("photo-half.png", "photo.jpg", "photo.png"),
        List.of(group.get("members").get(0).asText(), group.get("members").get(1).asText(), group.get("members").get(2).asText()));
    assertTrue(group.get("reason").asText().startsWith("largest: 320 × 240 px (next: 160 × 120 px)"), group.toString());
    JsonNode summary = new ObjectMapper().readTree(index.resolve("duplicates/near.summary.json").toFile());
    assertEquals(4, summary.get("items").asInt());
    assertEquals(16, summary.get("thresholds").get("pictureBits").asInt());
    assertTrue(summary.get("seconds").asDouble() > 0);
  }

  @Test
  void badLevelsAndMissingIndexesAreSaidAsSuch() throws Exception {
    assertEquals(Main.EXIT_USAGE, run("duplicates", "--index", tmp.toString(), "--level", "close"));
    assertTrue(err.toString().contains("--level: level must be one of [exact, near, similar], got: close"), err.toString());
    assertEquals(Main.EXIT_FATAL, run("duplicates", "--index", tmp.resolve("none").toString(), "--level", "near"));
    assertTrue(err.toString().contains("no index at"), err.toString());
  }
}
