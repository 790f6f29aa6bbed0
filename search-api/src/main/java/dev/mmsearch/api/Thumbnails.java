package dev.mmsearch.api;

import dev.mmsearch.extract.ImageDecodeException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** Small JPEG previews for result lists, scaled down in halving steps so large originals stay sharp. */
@ApplicationScoped
public class Thumbnails {

  @Inject
  SearchEngine engine;

  @Inject
  MmsearchConfig config;

  public byte[] jpeg(Path original) throws IOException, ImageDecodeException {
    BufferedImage img = engine.decoder().decode(original);
    int max = config.thumbnailSize();
    while (Math.max(img.getWidth(), img.getHeight()) > max) {
      double scale = Math.max(0.5, (double) max / Math.max(img.getWidth(), img.getHeight()));
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
    ImageIO.write(img, "jpeg", out);
    return out.toByteArray();
  }
}
