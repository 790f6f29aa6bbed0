package dev.mmsearch.ingest;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import javax.imageio.ImageIO;

/** Small collections of distinct pictures with captions, written to disk for indexing tests. */
final class Collections {

  private Collections() {}

  static final String[] COLOURS = {"red", "green", "blue", "yellow", "purple", "orange"};

  /** {@code n} PNGs {@code img-000.png…}, each a coloured shape on noise, with a .txt caption for every other one. */
  static Path pictures(Path dir, int n, long seed) throws IOException {
    Files.createDirectories(dir);
    Random r = new Random(seed);
    for (int i = 0; i < n; i++) {
      BufferedImage img = new BufferedImage(64, 48, BufferedImage.TYPE_INT_RGB);
      for (int y = 0; y < img.getHeight(); y++) {
        for (int x = 0; x < img.getWidth(); x++) {
          img.setRGB(x, y, r.nextInt(0x1000000));
        }
      }
      Graphics2D g = img.createGraphics();
      int c = i % COLOURS.length;
      g.setColor(new Color(Color.HSBtoRGB(c / (float) COLOURS.length, 0.9f, 0.9f)));
      g.fillOval(r.nextInt(20), r.nextInt(10), 30 + r.nextInt(20), 25 + r.nextInt(10));
      g.dispose();
      String name = String.format("img-%03d", i);
      ImageIO.write(img, "png", dir.resolve(name + ".png").toFile());
      if (i % 2 == 0) {
        Files.writeString(dir.resolve(name + ".txt"), "a " + COLOURS[c] + " blob number " + i);
      }
    }
    return dir;
  }
}
