package dev.mmsearch.derive.ocr;

import dev.mmsearch.testing.TextPictures;
import static dev.mmsearch.testing.TextPictures.Background.GRADIENT;
import static dev.mmsearch.testing.TextPictures.Background.WHITE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.mmsearch.encode.EncoderOptions;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The reader on rendered pictures with known text, with the real PP-OCR graphs. */
class TextReaderTest {

  private static TextReader reader;

  @BeforeAll
  static void load() {
    assumeTrue(TextPictures.fontsInstalled(), "needs Debian's fonts-dejavu-core and fonts-liberation");
    reader = TextReader.load();
  }

  @AfterAll
  static void close() {
    if (reader != null) {
      reader.close();
    }
  }

  static Stream<Arguments> cleanRenders() {
    List<Arguments> out = new ArrayList<>();
    for (String text : List.of("INVOICE 2026", "7XK 4B2", "Hello world")) {
      for (Path font : List.of(TextPictures.DEJAVU_SANS, TextPictures.LIBERATION_SERIF)) {
        for (TextPictures.Background background : TextPictures.Background.values()) {
          for (double degrees : new double[] {0, 10}) {
            out.add(Arguments.of(text, font.getFileName().toString(), background, degrees));
          }
        }
      }
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0} in {1} on {2} at {3}°")
  @MethodSource("cleanRenders")
  void cleanRendersAreReadExactly(String text, String fontFile, TextPictures.Background background, double degrees) {
    Path file = fontFile.startsWith("DejaVu") ? TextPictures.DEJAVU_SANS : TextPictures.LIBERATION_SERIF;
    BufferedImage picture = TextPictures.render(480, 200, TextPictures.font(file, 40), degrees, background, text);
    assertTrue(reader.hasText(picture));
    PictureText read = reader.read(picture);
    assertEquals(text, read.text());
    assertTrue(read.lines().get(0).confidence() >= OcrLimits.DEFAULTS.minConfidence());
  }

  @Test
  void severalLinesComeTopToBottom() {
    BufferedImage picture = TextPictures.render(640, 400, TextPictures.font(TextPictures.DEJAVU_SANS, 36), 0, WHITE,
        "Hello world", "Receipt 2026", "7XK 4B2");
    // (capital O and zero are the model's weak spot: "INVOICE" in this font and size reads "INV0ICE")
    assertEquals("Hello world\nReceipt 2026\n7XK 4B2", reader.read(picture).text());
  }

  @Test
  void theBoxSurroundsTheTextInThePicturesPixels() {
    // 4000 × 1200 (scaled to 2000 × 600 inside): "EXIT 12" drawn from x = 1000 on the baseline y = 700
    Font font = TextPictures.font(TextPictures.DEJAVU_SANS, 200);
    BufferedImage picture = new BufferedImage(4000, 1200, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = picture.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, 4000, 1200);
    g.setColor(Color.BLACK);
    g.setFont(font);
    g.drawString("EXIT 12", 1000, 700);
    java.awt.Rectangle ink = font.createGlyphVector(g.getFontRenderContext(), "EXIT 12").getPixelBounds(null, 1000, 700);
    g.dispose();
    PictureText read = reader.read(picture);
    assertEquals("EXIT 12", read.text());
    float[] box = read.lines().get(0).box();
    // clockwise from the top-left, around the ink with DB's margin, inside the picture
    assertTrue(box[0] <= ink.x && box[1] <= ink.y, "top-left " + box[0] + "," + box[1] + " of " + ink);
    assertTrue(box[2] >= ink.x + ink.width && box[3] <= ink.y, "top-right of " + ink);
    assertTrue(box[4] >= ink.x + ink.width && box[5] >= ink.y + ink.height, "bottom-right of " + ink);
    assertTrue(box[6] <= ink.x && box[7] >= ink.y + ink.height, "bottom-left of " + ink);
    assertTrue(box[0] > ink.x - 150 && box[4] < ink.x + ink.width + 150, "not much wider than the ink");
    for (int i = 0; i < 8; i++) {
      assertTrue(box[i] >= 0 && box[i] <= (i % 2 == 0 ? 4000 : 1200));
    }
  }

  @Test
  void upsideDownAndSidewaysTextIsTurnedBack() {
    Font font = TextPictures.font(TextPictures.DEJAVU_SANS, 40);
    for (double degrees : new double[] {180, 90, -90}) {
      BufferedImage picture = TextPictures.render(480, 480, font, degrees, WHITE, "Hello world");
      assertEquals("Hello world", reader.read(picture).text(), degrees + "°");
    }
  }

  @Test
  void plainPicturesHaveNoText() {
    for (TextPictures.Background background : TextPictures.Background.values()) {
      BufferedImage picture = TextPictures.render(640, 480, TextPictures.font(TextPictures.DEJAVU_SANS, 40), 0, background);
      assertFalse(reader.hasText(picture), background.toString());
      assertEquals(PictureText.NONE, reader.read(picture));
    }
  }

  @Test
  void tinyAndThinPicturesAreReadAsNothing() {
    for (int[] size : new int[][] {{1, 1}, {3000, 3}, {3, 3000}, {31, 7}}) {
      BufferedImage picture = new BufferedImage(size[0], size[1], BufferedImage.TYPE_INT_RGB);
      assertFalse(reader.hasText(picture));
      assertEquals(PictureText.NONE, reader.read(picture), size[0] + "x" + size[1]);
    }
  }

  @Test
  void aHugePictureIsScaledDownAndStillRead() {
    BufferedImage picture = new BufferedImage(8000, 8000, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = picture.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, 8000, 8000);
    g.setColor(Color.BLACK);
    g.setFont(TextPictures.font(TextPictures.DEJAVU_SANS, 600));
    g.drawString("BIG SIGN", 800, 4000);
    g.dispose();
    long allocated = allocatedBytes();
    long start = System.nanoTime();
    PictureText read = reader.read(picture);
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    allocated = allocatedBytes() - allocated;
    assertEquals("BIG SIGN", read.text());
    // the 256 MB picture is read at a quarter of its resolution and never copied whole (about 45 MB
    // allocated here, all of it scaled copies and tensors)
    assertTrue(allocated < 128L << 20, "allocated " + (allocated >> 20) + " MB");
    long gate = allocatedBytes();
    assertTrue(reader.hasText(picture));
    gate = allocatedBytes() - gate;
    assertTrue(gate < 16L << 20, "the gate allocated " + (gate >> 20) + " MB");
    // boxes in the picture's own pixels: the text starts near x = 800 and sits above y = 4000
    float[] box = read.lines().get(0).box();
    assertTrue(box[0] > 600 && box[0] < 1000 && box[7] > 3900 && box[7] < 4300, java.util.Arrays.toString(box));
    assertTrue(took.toSeconds() < 30, "took " + took);
  }

  /** Bytes the current thread has allocated on the heap so far (HotSpot's count). */
  private static long allocatedBytes() {
    java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
    assumeTrue(threads instanceof com.sun.management.ThreadMXBean, "needs HotSpot's allocation counter");
    return ((com.sun.management.ThreadMXBean) threads).getCurrentThreadAllocatedBytes();
  }

  /** 10,000 letters in 10-pixel cells: the gate sees no text; without a gate the boxes and characters stay capped. */
  @Test
  void tenThousandTinyGlyphsFinishInBoundedTime() {
    BufferedImage picture = new BufferedImage(1000, 1000, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = picture.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, 1000, 1000);
    g.setColor(Color.BLACK);
    g.setFont(TextPictures.font(TextPictures.DEJAVU_SANS, 8));
    Random random = new Random(1);
    for (int y = 0; y < 100; y++) {
      for (int x = 0; x < 100; x++) {
        g.drawString(String.valueOf((char) ('A' + random.nextInt(26))), x * 10 + 1, y * 10 + 8);
      }
    }
    g.dispose();
    long start = System.nanoTime();
    PictureText gated = reader.read(picture);
    assertTrue(gated.lines().size() <= OcrLimits.DEFAULTS.maxBoxes());
    OcrLimits tight = new OcrLimits(960, 50, 300, 3, 0.5f);
    try (TextReader ungated = TextReader.load(tight, EncoderOptions.DEFAULTS, OcrModels.DEFAULT, tight.detectSide())) {
      PictureText read = ungated.read(picture);
      assertTrue(read.lines().size() <= 50, read.lines().size() + " lines");
      assertTrue(read.text().length() <= 300, read.text().length() + " characters");
    }
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    assertTrue(took.toSeconds() < 60, "took " + took);
  }

  @Test
  void boxesAndCharactersStopAtTheLimits() {
    String[] lines = new String[10];
    for (int i = 0; i < lines.length; i++) {
      lines[i] = "Line " + (char) ('A' + i) + " of the quarterly report";
    }
    BufferedImage picture = TextPictures.render(900, 700, TextPictures.font(TextPictures.DEJAVU_SANS, 28), 0, WHITE, lines);
    try (TextReader few = TextReader.load(new OcrLimits(960, 3, 4000, 3, 0.5f), EncoderOptions.DEFAULTS)) {
      assertEquals(3, few.read(picture).lines().size());
    }
    try (TextReader short_ = TextReader.load(new OcrLimits(960, 200, 40, 3, 0.5f), EncoderOptions.DEFAULTS)) {
      PictureText read = short_.read(picture);
      // "Line A of the quarterly report" is 30 characters; a newline and 9 more fill the 40
      assertEquals("Line A of the quarterly report\nLine B of", read.text());
      assertEquals(2, read.lines().size());
    }
  }

  @Test
  void threadsReadingAtOnceGetTheirOwnText() throws Exception {
    Font font = TextPictures.font(TextPictures.LIBERATION_SERIF, 40);
    BufferedImage a = TextPictures.render(480, 200, font, 0, WHITE, "INVOICE 2026");
    BufferedImage b = TextPictures.render(480, 200, font, 0, GRADIENT, "Hello world");
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<String>> as = new ArrayList<>();
      List<Future<String>> bs = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        as.add(pool.submit(() -> reader.read(a).text()));
        bs.add(pool.submit(() -> reader.read(b).text()));
      }
      for (Future<String> f : as) {
        assertEquals("INVOICE 2026", f.get());
      }
      for (Future<String> f : bs) {
        assertEquals("Hello world", f.get());
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void theIdentityHashesTheThreeGraphsAndTheKeys() throws Exception {
    MessageDigest all = MessageDigest.getInstance("SHA-256");
    OcrModels m = OcrModels.DEFAULT;
    for (String name : List.of(m.detector(), m.classifier(), m.recognizer(), m.keys())) {
      all.update(name.getBytes(StandardCharsets.UTF_8));
      all.update((byte) 0);
      try (InputStream in = getClass().getClassLoader().getResourceAsStream(name)) {
        all.update(in.readAllBytes());
      }
    }
    assertEquals("pp-ocrv3", reader.identity().name());
    assertEquals(HexFormat.of().formatHex(all.digest()), reader.identity().sha256());
  }
}
