package dev.mmsearch.testing;

import java.awt.AlphaComposite;
import java.awt.Color;
import java.awt.Font;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;

/**
 * The near-duplicate transformations of {@code bench/duplicates/make_duplicates.py}, in Java, for
 * tests that make their copies at test time: resize, JPEG, crop, brightness, saturation, caption,
 * logo; and a burst pair (one subject moved on one background) as a hard negative.
 */
public final class Copies {

  private Copies() {}

  private static BufferedImage blank(int w, int h) {
    return new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
  }

  public static BufferedImage resized(BufferedImage in, double factor) {
    BufferedImage out = blank((int) Math.round(in.getWidth() * factor), (int) Math.round(in.getHeight() * factor));
    Graphics2D g = out.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
    g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
    g.drawImage(in.getScaledInstance(out.getWidth(), out.getHeight(), java.awt.Image.SCALE_AREA_AVERAGING), 0, 0, null);
    g.dispose();
    return out;
  }

  /** {@code fraction} of the width and height cut off, half from each side. */
  public static BufferedImage cropped(BufferedImage in, double fraction) {
    int cw = (int) (in.getWidth() * fraction);
    int ch = (int) (in.getHeight() * fraction);
    return copy(in.getSubimage(cw / 2, ch / 2, in.getWidth() - cw, in.getHeight() - ch));
  }

  public static BufferedImage brighter(BufferedImage in, double factor) {
    BufferedImage out = blank(in.getWidth(), in.getHeight());
    for (int y = 0; y < in.getHeight(); y++) {
      for (int x = 0; x < in.getWidth(); x++) {
        int p = in.getRGB(x, y);
        int r = Math.min(255, (int) Math.round(((p >> 16) & 0xFF) * factor));
        int gr = Math.min(255, (int) Math.round(((p >> 8) & 0xFF) * factor));
        int b = Math.min(255, (int) Math.round((p & 0xFF) * factor));
        out.setRGB(x, y, (r << 16) | (gr << 8) | b);
      }
    }
    return out;
  }

  /** Saturation scaled by {@code factor} towards grey (Pillow's ImageEnhance.Color). */
  public static BufferedImage desaturated(BufferedImage in, double factor) {
    BufferedImage out = blank(in.getWidth(), in.getHeight());
    for (int y = 0; y < in.getHeight(); y++) {
      for (int x = 0; x < in.getWidth(); x++) {
        int p = in.getRGB(x, y);
        int r = (p >> 16) & 0xFF;
        int gr = (p >> 8) & 0xFF;
        int b = p & 0xFF;
        double l = 0.299 * r + 0.587 * gr + 0.114 * b;
        out.setRGB(x, y, (clip(l + (r - l) * factor) << 16) | (clip(l + (gr - l) * factor) << 8) | clip(l + (b - l) * factor));
      }
    }
    return out;
  }

  /** A white caption on a black band over the bottom, {@code fraction} of the height tall. */
  public static BufferedImage captioned(BufferedImage in, double fraction, String text) {
    BufferedImage out = copy(in);
    Graphics2D g = out.createGraphics();
    int size = Math.max(8, (int) (in.getHeight() * fraction));
    int top = in.getHeight() - (int) (size * 1.4);
    g.setColor(Color.BLACK);
    g.fillRect(0, top - 4, in.getWidth(), in.getHeight() - top + 4);
    g.setColor(Color.WHITE);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, size));
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.drawString(text, 8, top + size);
    g.dispose();
    return out;
  }

  /** A translucent red disc with © in the top right corner, {@code fraction} of the width wide. */
  public static BufferedImage logo(BufferedImage in, double fraction) {
    BufferedImage out = copy(in);
    Graphics2D g = out.createGraphics();
    int side = Math.max(8, (int) (in.getWidth() * fraction));
    g.setComposite(AlphaComposite.getInstance(AlphaComposite.SRC_OVER, 0.8f));
    g.setColor(new Color(220, 30, 30));
    g.fillOval(in.getWidth() - side - 6, 6, side, side);
    g.setColor(Color.WHITE);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, Math.max(6, side / 2)));
    g.drawString("©", in.getWidth() - side - 6 + side / 4, 6 + 3 * side / 4);
    g.dispose();
    return out;
  }

  /** A scene: a gradient background with a disc and a bar as the subject, moved right by {@code shift} of the width. */
  public static BufferedImage scene(double shift) {
    BufferedImage out = blank(320, 240);
    Graphics2D g = out.createGraphics();
    g.setPaint(new GradientPaint(0, 0, new Color(40, 90, 160), 320, 240, new Color(230, 200, 120)));
    g.fillRect(0, 0, 320, 240);
    int dx = (int) (shift * 320);
    g.setColor(new Color(200, 40, 60));
    g.fillOval(90 + dx, 60, 110, 110);
    g.setColor(new Color(20, 20, 20));
    g.fillRect(80 + dx, 175, 140, 25);
    g.dispose();
    return out;
  }

  public static byte[] jpeg(BufferedImage image, float quality) {
    ImageWriter w = ImageIO.getImageWritersByFormatName("jpeg").next();
    ImageWriteParam p = w.getDefaultWriteParam();
    p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
    p.setCompressionQuality(quality);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (var ios = ImageIO.createImageOutputStream(out)) {
      w.setOutput(ios);
      w.write(null, new IIOImage(image, null, null), p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      w.dispose();
    }
    return out.toByteArray();
  }

  public static byte[] encoded(BufferedImage image, String format) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      if (!ImageIO.write(image, format, out)) {
        throw new IllegalArgumentException("no writer for " + format);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  public static BufferedImage decoded(byte[] bytes) {
    try {
      return ImageIO.read(new ByteArrayInputStream(bytes));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static BufferedImage copy(BufferedImage in) {
    BufferedImage out = blank(in.getWidth(), in.getHeight());
    Graphics2D g = out.createGraphics();
    g.drawImage(in, 0, 0, null);
    g.dispose();
    return out;
  }

  private static int clip(double v) {
    return (int) Math.max(0, Math.min(255, Math.round(v)));
  }
}
