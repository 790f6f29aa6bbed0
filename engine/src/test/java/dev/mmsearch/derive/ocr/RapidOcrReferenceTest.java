package dev.mmsearch.derive.ocr;

import dev.mmsearch.testing.TextPictures;
import static dev.mmsearch.testing.TextPictures.Background.GRADIENT;
import static dev.mmsearch.testing.TextPictures.Background.WHITE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mmsearch.encode.EncoderOptions;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reader's steps against RapidOCR's own Python code run with OpenCV, pyclipper and shapely
 * ({@code rapidocr_reference.py}, copied from RapidOCR): on the same probability maps the DB
 * post-processing must give the same boxes in the same order, and on the same boxes the crops
 * must be the same bytes; the detector's resize may differ by one level (OpenCV's fixed-point
 * bilinear). Skips, saying so, where {@code /usr/bin/python3} lacks {@code cv2}, {@code pyclipper}
 * or {@code shapely} (Debian: python3-opencv python3-pyclipper python3-shapely).
 */
class RapidOcrReferenceTest {

  private static final String PYTHON = "/usr/bin/python3";

  @Test
  void boxesAndCropsMatchRapidOcr(@TempDir Path dir) throws Exception {
    assumeTrue(TextPictures.fontsInstalled(), "needs Debian's fonts-dejavu-core and fonts-liberation");
    assumeTrue(pythonHasReference(), "skipped: " + PYTHON + " lacks cv2, pyclipper or shapely "
        + "(apt-get install python3-opencv python3-pyclipper python3-shapely)");

    List<BufferedImage> pictures = List.of(
        TextPictures.render(480, 200, TextPictures.font(TextPictures.DEJAVU_SANS, 40), 0, WHITE, "INVOICE 2026"),
        TextPictures.render(900, 700, TextPictures.font(TextPictures.LIBERATION_SERIF, 30), -12, GRADIENT,
            "Receipt 4417 and more", "Parking exit B", "7XK 4B2", "Total 12.50 EUR"),
        TextPictures.render(1600, 1100, TextPictures.font(TextPictures.DEJAVU_SANS, 24), 7, WHITE,
            "The quick brown fox jumps", "over the lazy dog 1234", "Meeting notes", "Budget review and plans",
            "Line five", "Line six of the page"),
        TextPictures.render(480, 480, TextPictures.font(TextPictures.DEJAVU_SANS, 40), 80, WHITE, "Hello world"),
        TextPictures.render(900, 60, TextPictures.font(TextPictures.DEJAVU_SANS, 30), 0, WHITE, "a thin strip of text"),
        TextPictures.render(2600, 1500, TextPictures.font(TextPictures.LIBERATION_SERIF, 90), 15, GRADIENT,
            "BIG SIGN", "small print below"));

    OcrModels m = OcrModels.DEFAULT;
    List<List<int[]>> ours = new ArrayList<>();
    try (OcrGraph det = OcrGraph.open(m.detector(), resource(m.detector()), EncoderOptions.DEFAULTS, 4)) {
      DbPostProcess post = new DbPostProcess(OcrLimits.DEFAULTS.minBoxSide());
      for (int i = 0; i < pictures.size(); i++) {
        BgrImage image = TextReader.padded(BgrImage.of(pictures.get(i), TextReader.WORK_SIDE)).image();
        int[] size = TextDetector.inputSize(image.width, image.height, OcrLimits.DEFAULTS.detectSide());
        BgrImage input = image.resizeLinear(size[0], size[1]);
        float[] x = new float[3 * size[0] * size[1]];
        input.normalizeInto(x, 0, size[0]);
        OcrGraph.Output prob = det.run(x, new long[] {1, 3, size[1], size[0]});
        int mh = (int) prob.shape()[2];
        int mw = (int) prob.shape()[3];
        List<DbPostProcess.Box> boxes = post.boxes(prob.data(), mw, mh, image.width, image.height);
        Files.write(dir.resolve("img" + i + ".bgr"), image.toBytes());
        Files.write(dir.resolve("in" + i + ".bgr"), input.toBytes());
        ByteBuffer b = ByteBuffer.allocate(prob.data().length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(prob.data());
        Files.write(dir.resolve("prob" + i + ".f32"), b.array());
        StringBuilder header = new StringBuilder(image.width + " " + image.height + " " + size[0] + " " + size[1]
            + " " + mw + " " + mh + "\n");
        List<int[]> quads = new ArrayList<>();
        for (int j = 0; j < boxes.size(); j++) {
          Quad q = boxes.get(j).quad();
          int[] corners = new int[8];
          for (int k = 0; k < 4; k++) {
            corners[2 * k] = (int) q.x(k);
            corners[2 * k + 1] = (int) q.y(k);
            header.append(corners[2 * k]).append(' ').append(corners[2 * k + 1]).append(' ');
          }
          header.append('\n');
          quads.add(corners);
          BgrImage crop = PerspectiveCrop.crop(image, q);
          Files.write(dir.resolve("crop" + i + "_" + j + ".bgr"), crop.toBytes());
          Files.writeString(dir.resolve("crop" + i + "_" + j + ".txt"), crop.width + " " + crop.height);
        }
        Files.writeString(dir.resolve("case" + i + ".txt"), header);
        ours.add(quads);
      }
    }

    Path script = dir.resolve("rapidocr_reference.py");
    try (InputStream in = getClass().getResourceAsStream("rapidocr_reference.py")) {
      Files.copy(in, script);
    }
    List<JsonNode> reference = run(script, dir);
    assertEquals(pictures.size(), reference.size());
    int crops = 0;
    for (int i = 0; i < pictures.size(); i++) {
      JsonNode r = reference.get(i);
      List<String> expected = new ArrayList<>();
      r.get("boxes").forEach(box -> expected.add(box.toString()));
      List<String> actual = ours.get(i).stream().map(q -> java.util.Arrays.toString(q).replace(" ", "")).toList();
      assertEquals(expected, actual, "picture " + i + ": boxes and their order");
      assertTrue(r.get("resize").asInt() <= 1, "picture " + i + ": detector input differs by " + r.get("resize"));
      for (JsonNode d : r.get("crops")) {
        assertEquals(0, d.asInt(), "picture " + i + ": a crop differs from warpPerspective's by " + d);
        crops++;
      }
    }
    assertTrue(crops >= 12, "compared " + crops + " crops");
  }

  private static byte[] resource(String name) throws IOException {
    try (InputStream in = RapidOcrReferenceTest.class.getClassLoader().getResourceAsStream(name)) {
      return in.readAllBytes();
    }
  }

  private static boolean pythonHasReference() {
    if (!Files.isExecutable(Path.of(PYTHON))) {
      return false;
    }
    try {
      Process p = new ProcessBuilder(PYTHON, "-c", "import cv2, pyclipper, shapely, numpy")
          .redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static List<JsonNode> run(Path script, Path dir) throws Exception {
    Process p = new ProcessBuilder(PYTHON, script.toString(), dir.toString()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the reference did not finish");
    assertEquals(0, p.exitValue(), "the reference failed:\n" + out);
    ObjectMapper json = new ObjectMapper();
    List<JsonNode> cases = new ArrayList<>();
    for (String line : out.split("\n")) {
      if (line.startsWith("{")) {
        cases.add(json.readTree(line));
      }
    }
    return cases;
  }
}
