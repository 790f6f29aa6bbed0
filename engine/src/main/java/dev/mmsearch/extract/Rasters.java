package dev.mmsearch.extract;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.awt.image.SinglePixelPackedSampleModel;

/** Pixel access shared by the decoder and the encoders' preprocessing. */
public final class Rasters {

  private Rasters() {}

  /**
   * Packed RGB of every pixel, row by row. For the decoder's own type ({@code TYPE_INT_RGB}, plain
   * layout) this is the raster's array itself, not a copy: {@code getRGB} converts pixel by pixel,
   * costs more than a resize and doubles the memory.
   */
  public static int[] packedRgb(BufferedImage image) {
    int w = image.getWidth();
    int h = image.getHeight();
    if (image.getType() == BufferedImage.TYPE_INT_RGB
        && image.getRaster().getDataBuffer() instanceof DataBufferInt buffer
        && image.getRaster().getSampleModel() instanceof SinglePixelPackedSampleModel sm
        && sm.getScanlineStride() == w && image.getRaster().getSampleModelTranslateX() == 0
        && image.getRaster().getSampleModelTranslateY() == 0 && buffer.getNumBanks() == 1 && buffer.getOffset() == 0
        && buffer.getData().length == w * h) {
      return buffer.getData();
    }
    return image.getRGB(0, 0, w, h, null, 0, w);
  }
}
