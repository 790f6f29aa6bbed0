package dev.mmsearch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mmsearch.encode.Encoder;
import dev.mmsearch.encode.EncoderOptions;
import dev.mmsearch.encode.Modality;
import dev.mmsearch.encode.ModelFolder;
import dev.mmsearch.testing.TestModels;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Trains an adapter with the bundle's real backbone and text encoder on a small captioned folder,
 * and checks the written folder loads as a model and beats chance on held-out captions.
 */
class TrainAdapterCommandTest {

  @TempDir
  Path tmp;

  private static final String[] COLOURS = {"red", "green", "blue", "yellow", "purple", "black"};
  private static final Color[] RGB = {Color.RED, new Color(0, 150, 0), Color.BLUE, Color.YELLOW, new Color(130, 0, 170), Color.BLACK};
  private static final String[] SHAPES = {"circle", "square", "stripes"};

  @Test
  void trainsAFolderThatLoadsAndBeatsChance() throws Exception {
    Path data = Files.createDirectories(tmp.resolve("data"));
    Path heldout = Files.createDirectories(tmp.resolve("heldout"));
    StringBuilder manifest = new StringBuilder();
    Random r = new Random(1);
    int n = 0;
    // 6 training pictures per caption, and 2 new pictures per caption held out.
    for (int rep = 0; rep < 8; rep++) {
      for (int c = 0; c < COLOURS.length; c++) {
        for (int s = 0; s < SHAPES.length; s++) {
          BufferedImage img = new BufferedImage(96, 96, BufferedImage.TYPE_INT_RGB);
          Graphics2D g = img.createGraphics();
          g.setColor(Color.WHITE);
          g.fillRect(0, 0, 96, 96);
          g.setColor(RGB[c]);
          int x = 10 + r.nextInt(20);
          int y = 10 + r.nextInt(20);
          switch (SHAPES[s]) {
            case "circle" -> g.fillOval(x, y, 50, 50);
            case "square" -> g.fillRect(x, y, 50, 50);
            default -> {
              for (int k = 0; k < 96; k += 24) {
                g.fillRect(0, k, 96, 10);
              }
            }
          }
          g.dispose();
          String name = String.format("i%03d", n++);
          String caption = "a " + COLOURS[c] + " " + SHAPES[s];
          if (rep < 6) {
            ImageIO.write(img, "png", data.resolve(name + ".png").toFile());
            Files.writeString(data.resolve(name + ".txt"), caption);
          } else {
            ImageIO.write(img, "png", heldout.resolve(name + ".png").toFile());
            manifest.append("{\"id\": \"").append(name).append("\", \"image\": \"").append(name).append(".png\", \"text\": \"")
                .append(caption).append("\"}\n");
          }
        }
      }
    }
    Files.writeString(heldout.resolve("heldout.jsonl"), manifest);
    Path out = tmp.resolve("adapter");
    StringWriter log = new StringWriter();
    CommandLine cl = Main.commandLine();
    cl.setOut(new PrintWriter(log, true));
    int code = cl.execute("train-adapter", "--backbone", TestModels.bundle("image-backbone").toString(),
        "--text", TestModels.bundle("bge-small-en-v1.5").toString(), "--dir", data.toString(),
        "--heldout", heldout.resolve("heldout.jsonl").toString(), "--out", out.toString(),
        "--epochs", "25", "--batch-size", "32", "--lr", "0.003");
    assertEquals(0, code, log.toString());

    JsonNode report = new ObjectMapper().readTree(out.resolve("training.json").toFile());
    JsonNode t2i = report.get("runs").get(0).get("heldout.textToImage");
    double recall1 = t2i.get("recall").get(0).asDouble();
    double chance1 = t2i.get("chance").get(0).asDouble();
    // 18 captions, 2 held-out pictures each: chance R@1 = 2/36.
    assertEquals(36, report.get("heldoutPairs").asInt());
    assertTrue(recall1 >= 5 * chance1 && recall1 >= 0.3, "held-out text→image R@1 " + recall1 + " vs chance " + chance1 + "\n" + log);
    try (Encoder e = ModelFolder.open(out).load(Modality.IMAGE, EncoderOptions.DEFAULTS)) {
      assertEquals(384, e.dimension(), "maps into bge's space");
    }
  }
  @Test
  void mirroredPicturesDoubleThePairsAndTheCacheServesARerun() throws Exception {
    Path data = Files.createDirectories(tmp.resolve("mirror-data"));
    Random r = new Random(2);
    for (int i = 0; i < 12; i++) {
      BufferedImage img = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
      Graphics2D g = img.createGraphics();
      g.setColor(RGB[i % RGB.length]);
      g.fillRect(r.nextInt(20), r.nextInt(20), 30, 30);
      g.dispose();
      ImageIO.write(img, "png", data.resolve("m" + i + ".png").toFile());
      Files.writeString(data.resolve("m" + i + ".txt"), "a " + COLOURS[i % COLOURS.length] + " square");
    }
    Path cache = tmp.resolve("cache");
    for (int run = 0; run < 2; run++) {
      StringWriter log = new StringWriter();
      CommandLine cl = Main.commandLine();
      cl.setOut(new PrintWriter(log, true));
      Path out = tmp.resolve("mirror-adapter-" + run);
      int code = cl.execute("train-adapter", "--backbone", TestModels.bundle("image-backbone").toString(),
          "--text", TestModels.bundle("bge-small-en-v1.5").toString(), "--dir", data.toString(), "--out", out.toString(),
          "--epochs", "2", "--augment", "mirror", "--cache", cache.toString());
      assertEquals(0, code, log.toString());
      JsonNode report = new ObjectMapper().readTree(out.resolve("training.json").toFile());
      int train = report.get("trainPairs").asInt();
      int heldout = report.get("heldoutPairs").asInt();
      // Every training picture also counts once mirrored; held-out pictures are never mirrored.
      assertEquals(12, train / 2 + heldout, log.toString());
      assertEquals(0, train % 2);
      if (run == 1) {
        List<String> embedded = log.toString().lines().filter(l -> l.contains(" computed")).toList();
        assertEquals(3, embedded.size(), "train, held out, mirrored:\n" + log);
        assertTrue(embedded.stream().allMatch(l -> l.contains(", 0 computed")), "a rerun reads every vector from the cache:\n" + log);
      }
    }
  }

  @Test
  void augmentRefusesAnythingButMirror() {
    CommandLine cl = Main.commandLine();
    cl.setErr(new PrintWriter(new StringWriter(), true));
    assertEquals(2, cl.execute("train-adapter", "--backbone", TestModels.bundle("image-backbone").toString(),
        "--text", TestModels.bundle("bge-small-en-v1.5").toString(), "--dir", tmp.toString(), "--out", tmp.resolve("x").toString(),
        "--augment", "rotate"));
  }
}
