package dev.mmsearch.extract;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/**
 * Small JPEG previews, made by the indexer from the image it already decoded and stored with the
 * item, so result lists are served without touching the originals. Scaled down in halving steps
 * so large pictures stay sharp. Stateless and thread-safe.
 */
public final class Thumbnails {

  /** Longest side of a preview by default, in pixels. */
  public static final int DEFAULT_SIZE = 256;

  private Thumbnails() {}

  /** A JPEG of {@code image} whose longest side is at most {@code maxSide} pixels. */
  public static byte[] jpeg(BufferedImage image, int maxSide) {
    if (maxSide < 1) {
      throw new IllegalArgumentException("maxSide must be at least 1, got: " + maxSide);
    }
    BufferedImage img = image;
    while (Math.max(img.getWidth(), img.getHeight()) > maxSide) {
      double scale = Math.max(0.5, (double) maxSide / Math.max(img.getWidth(), img.getHeight()));
      int w = Math.max(1, (int) Math.round(img.getWidth() * scale));
      int h = Math.max(1, (int) Math.round(img.getHeight() * scale));
      BufferedImage next = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
      Graphics2D g = next.createGraphics();
      try {
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(img, 0, 0, w, h, null);
      } finally {
        g.dispose();
      }
      img = next;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      if (!ImageIO.write(img, "jpeg", out)) {
        throw new IllegalStateException("no JPEG writer installed");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
