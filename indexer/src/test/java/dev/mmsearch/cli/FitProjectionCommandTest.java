package dev.mmsearch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mmsearch.encode.Encoder;
import dev.mmsearch.encode.EncoderInput;
import dev.mmsearch.encode.EncoderOptions;
import dev.mmsearch.encode.Modality;
import dev.mmsearch.encode.ModelFolder;
import dev.mmsearch.encode.Role;
import dev.mmsearch.testing.TestModels;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class FitProjectionCommandTest {

  @TempDir
  Path tmp;

  private static final Color[] COLOURS = {Color.RED, new Color(0, 150, 0), Color.BLUE, Color.ORANGE};

  @Test
  void fitsOnUncaptionedPicturesAndKeepsWhatTellsThemApart() throws Exception {
    Path pictures = Files.createDirectories(tmp.resolve("pictures"));
    Random r = new Random(3);
    List<BufferedImage> images = new ArrayList<>();
    for (int i = 0; i < 48; i++) {
      BufferedImage img = new BufferedImage(80, 80, BufferedImage.TYPE_INT_RGB);
      Graphics2D g = img.createGraphics();
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, 80, 80);
      g.setColor(COLOURS[i % COLOURS.length]);
      g.fillOval(r.nextInt(30), r.nextInt(30), 40 + r.nextInt(10), 40 + r.nextInt(10));
      g.dispose();
      images.add(img);
      ImageIO.write(img, "png", pictures.resolve(String.format("p%02d.png", i)).toFile()); // no captions: none needed
    }
    Path out = tmp.resolve("projection");
    StringWriter log = new StringWriter();
    CommandLine cl = Main.commandLine();
    cl.setOut(new PrintWriter(log, true));
    int code = cl.execute("fit-projection", "--backbone", TestModels.bundle("image-backbone").toString(), "--dir", pictures.toString(),
        "--dims", "8", "--out", out.toString());
    assertEquals(0, code, log.toString());
    JsonNode report = new ObjectMapper().readTree(out.resolve("training.json").toFile());
    assertEquals(48, report.get("pictures").asInt());
    double explained = report.get("explainedVariance").asDouble();
    assertTrue(explained > 0.3 && explained <= 1.0, "explained variance " + explained);

    try (Encoder e = ModelFolder.open(out).load(Modality.IMAGE, EncoderOptions.DEFAULTS)) {
      assertEquals(8, e.dimension());
      List<float[]> v = e.encode(images.stream().map(i -> (EncoderInput) new EncoderInput.Image(i)).toList(), Role.DOCUMENT);
      int sameColour = 0;
      for (int q = 0; q < v.size(); q++) {
        int best = -1;
        double bestScore = -2;
        for (int c = 0; c < v.size(); c++) {
          double s = dot(v.get(q), v.get(c));
          if (c != q && s > bestScore) {
            bestScore = s;
            best = c;
          }
        }
        sameColour += best % COLOURS.length == q % COLOURS.length ? 1 : 0;
      }
      // Four colours: a nearest neighbour of the same colour by chance is about 1 in 4.
      assertTrue(sameColour >= 0.8 * v.size(), sameColour + " of " + v.size() + " nearest neighbours share the colour");
    }
  }

  @Test
  void refusesFewerPicturesThanDimensions() throws Exception {
    Path pictures = Files.createDirectories(tmp.resolve("few"));
    for (int i = 0; i < 3; i++) {
      BufferedImage img = new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB);
      img.setRGB(i, i, 0xffffff);
      ImageIO.write(img, "png", pictures.resolve("f" + i + ".png").toFile());
    }
    CommandLine cl = Main.commandLine();
    StringWriter err = new StringWriter();
    cl.setErr(new PrintWriter(err, true));
    cl.setOut(new PrintWriter(new StringWriter(), true));
    int code = cl.execute("fit-projection", "--backbone", TestModels.bundle("image-backbone").toString(), "--dir", pictures.toString(),
        "--dims", "8", "--out", tmp.resolve("p").toString());
    assertTrue(code != 0);
    assertTrue(err.toString().contains("need more pictures than --dims"), err.toString());
  }

  private static double dot(float[] a, float[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }
}
