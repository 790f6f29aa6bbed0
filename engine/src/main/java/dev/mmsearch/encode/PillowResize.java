package dev.mmsearch.encode;

/**
 * Pillow's {@code Image.resize} of one 8-bit channel (mode {@code L}), for code outside this
 * package that must reproduce Pillow's pixels: the perceptual hashes of {@code derive} follow
 * published definitions written against Pillow. Stateless and thread-safe.
 */
public final class PillowResize {

  private PillowResize() {}

  /**
   * Resizes one channel ({@code 0–255}, row-major, {@code width × height}) to
   * {@code outWidth × outHeight} with {@code filter}, exactly as Pillow resizes an {@code L} image.
   */
  public static int[] resizeLuma(int[] luma, int width, int height, int outWidth, int outHeight, ResampleFilter filter) {
    if (luma.length != width * height) {
      throw new IllegalArgumentException("luma must hold width × height = " + width * height + " values, got: " + luma.length);
    }
    int[] packed = new int[luma.length];
    for (int i = 0; i < luma.length; i++) {
      packed[i] = luma[i] & 0xFF; // one channel in the blue byte; the resampler treats channels alike
    }
    return Resampler.resize(packed, width, height, outWidth, outHeight, filter)[2];
  }
}
