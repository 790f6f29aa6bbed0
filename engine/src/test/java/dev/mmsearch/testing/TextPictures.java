package dev.mmsearch.testing;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontFormatException;
import java.awt.FontMetrics;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Pictures with known text for the reader's and search tests: fonts from Debian's {@code fonts-dejavu-core}
 * and {@code fonts-liberation} files (never the JDK's logical fonts, which differ by machine).
 */
public final class TextPictures {

  public static final Path DEJAVU_SANS = Path.of("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf");
  public static final Path LIBERATION_SERIF = Path.of("/usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf");

  private TextPictures() {}

  public static boolean fontsInstalled() {
    return Files.isRegularFile(DEJAVU_SANS) && Files.isRegularFile(LIBERATION_SERIF);
  }

  public static Font font(Path file, float size) {
    try {
      return Font.createFont(Font.TRUETYPE_FONT, file.toFile()).deriveFont(size);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (FontFormatException e) {
      throw new IllegalStateException(file + ": " + e.getMessage(), e);
    }
  }

  public enum Background { WHITE, GRADIENT }

  /**
   * {@code lines} in black, centred, turned {@code degrees} clockwise about the centre, on white or on
   * a pale yellow-to-blue gradient.
   */
  public static BufferedImage render(int width, int height, Font font, double degrees, Background background, String... lines) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setPaint(background == Background.WHITE ? Color.WHITE
          : new GradientPaint(0, 0, new Color(255, 250, 200), width, height, new Color(120, 180, 255)));
      g.fillRect(0, 0, width, height);
      g.setColor(Color.BLACK);
      g.setFont(font);
      g.rotate(Math.toRadians(degrees), width / 2.0, height / 2.0);
      FontMetrics fm = g.getFontMetrics();
      int y = (height - lines.length * fm.getHeight()) / 2 + fm.getAscent();
      for (String line : lines) {
        g.drawString(line, (width - fm.stringWidth(line)) / 2, y);
        y += fm.getHeight();
      }
    } finally {
      g.dispose();
    }
    return image;
  }
}
