package dev.mmsearch.extract.video;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.Random;

/** Pictures drawn in Java for the pure shot-detection tests, and their signatures made as the decoder makes them (area averages). */
final class TestPictures {

  static final int WIDTH = 160;
  static final int HEIGHT = 90;

  private TestPictures() {}

  /** A picture of random coloured shapes on a coloured ground: {@code seed} picks which. */
  static BufferedImage scene(long seed) {
    Random random = new Random(seed);
    BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setColor(new Color(random.nextInt(0x1000000)));
      g.fillRect(0, 0, WIDTH, HEIGHT);
      for (int i = 0; i < 12; i++) {
        g.setColor(new Color(random.nextInt(0x1000000)));
        int w = 10 + random.nextInt(WIDTH / 2);
        int h = 10 + random.nextInt(HEIGHT / 2);
        int x = random.nextInt(WIDTH) - w / 2;
        int y = random.nextInt(HEIGHT) - h / 2;
        if (random.nextBoolean()) {
          g.fillOval(x, y, w, h);
        } else {
          g.fillRect(x, y, w, h);
        }
      }
    } finally {
      g.dispose();
    }
    return image;
  }

  static BufferedImage plain(int rgb) {
    BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setColor(new Color(rgb));
    g.fillRect(0, 0, WIDTH, HEIGHT);
    g.dispose();
    return image;
  }

  /**
   * The view of a camera over {@code image}: zoomed in by {@code zoom} (at least 1) around the point
   * {@code (cx, cy)} (fractions of the picture), as the decoder's frames would be.
   */
  static BufferedImage view(BufferedImage image, double zoom, double cx, double cy) {
    int w = (int) Math.round(image.getWidth() / zoom);
    int h = (int) Math.round(image.getHeight() / zoom);
    int x = (int) Math.round(Math.max(0, Math.min(image.getWidth() - w, cx * image.getWidth() - w / 2.0)));
    int y = (int) Math.round(Math.max(0, Math.min(image.getHeight() - h, cy * image.getHeight() - h / 2.0)));
    BufferedImage out = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
    g.drawImage(image, 0, 0, WIDTH, HEIGHT, x, y, x + w, y + h, null);
    g.dispose();
    return out;
  }

  /** {@code image} at {@code level} of its brightness (a fade: 0 is black). */
  static BufferedImage faded(BufferedImage image, double level) {
    int[] pixels = image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
    for (int i = 0; i < pixels.length; i++) {
      int p = pixels[i];
      int r = (int) Math.round(((p >> 16) & 0xFF) * level);
      int g = (int) Math.round(((p >> 8) & 0xFF) * level);
      int b = (int) Math.round((p & 0xFF) * level);
      pixels[i] = r << 16 | g << 8 | b;
    }
    BufferedImage out = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
    out.setRGB(0, 0, image.getWidth(), image.getHeight(), pixels, 0, image.getWidth());
    return out;
  }

  /** The image's signature: each of the 16 x 16 cells the average of the pixels it covers. */
  static Signature signature(BufferedImage image) {
    int s = Signature.SIDE;
    int width = image.getWidth();
    int[] pixels = image.getRGB(0, 0, width, image.getHeight(), null, 0, width);
    byte[] rgb = new byte[s * s * 3];
    for (int cy = 0; cy < s; cy++) {
      for (int cx = 0; cx < s; cx++) {
        int x0 = cx * image.getWidth() / s;
        int x1 = (cx + 1) * image.getWidth() / s;
        int y0 = cy * image.getHeight() / s;
        int y1 = (cy + 1) * image.getHeight() / s;
        long r = 0;
        long g = 0;
        long b = 0;
        int n = 0;
        for (int y = y0; y < y1; y++) {
          for (int x = x0; x < x1; x++) {
            int p = pixels[y * width + x];
            r += (p >> 16) & 0xFF;
            g += (p >> 8) & 0xFF;
            b += p & 0xFF;
            n++;
          }
        }
        int i = 3 * (cy * s + cx);
        rgb[i] = (byte) Math.round((double) r / n);
        rgb[i + 1] = (byte) Math.round((double) g / n);
        rgb[i + 2] = (byte) Math.round((double) b / n);
      }
    }
    return Signature.ofRgb(rgb);
  }
}
