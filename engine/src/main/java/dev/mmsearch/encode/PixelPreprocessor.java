package dev.mmsearch.encode;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mmsearch.extract.Rasters;
import java.awt.image.BufferedImage;
import java.util.Arrays;

/**
 * Turns an RGB raster into the float tensor a vision tower expects, following the model's
 * {@code preprocessor_config.json}: resize (shortest edge or exact size, Pillow-compatible
 * kernels), centre crop, rescale, normalise.
 *
 * <p>Immutable and thread-safe.
 *
 * @param shortestEdge target of the shorter side, or 0 when {@code resizeWidth/Height} are exact
 * @param cropWidth centre crop width, or 0 for no crop
 */
public record PixelPreprocessor(
    boolean resize,
    int shortestEdge,
    int resizeWidth,
    int resizeHeight,
    ResampleFilter filter,
    int cropWidth,
    int cropHeight,
    double rescaleFactor,
    float[] mean,
    float[] std) {

  public PixelPreprocessor {
    mean = mean.clone();
    std = std.clone();
    if (mean.length != 3 || std.length != 3) {
      throw new IllegalArgumentException(
          "image_mean and image_std must have 3 values, got: " + mean.length + " and " + std.length);
    }
    for (float s : std) {
      if (!(s > 0)) {
        throw new IllegalArgumentException("image_std values must be positive, got: " + Arrays.toString(std));
      }
    }
  }

  /**
   * Reads a Hugging Face image processor config. Understands the CLIP, SigLIP, DINOv2 (Bit) and ViT
   * processors: {@code size} as {@code {"shortest_edge"}}, {@code {"height","width"}} or a bare
   * number, {@code crop_size} likewise.
   */
  public static PixelPreprocessor fromConfig(JsonNode c) {
    boolean doResize = c.path("do_resize").asBoolean(true);
    boolean doCrop = c.path("do_center_crop").asBoolean(false);
    JsonNode size = c.path("size");
    int shortest = 0;
    int rw = 0;
    int rh = 0;
    if (doResize) {
      if (size.has("shortest_edge")) {
        shortest = positive(size.get("shortest_edge"), "size.shortest_edge");
      } else if (size.has("height") && size.has("width")) {
        rh = positive(size.get("height"), "size.height");
        rw = positive(size.get("width"), "size.width");
      } else if (size.isInt()) {
        // Older processors: a bare number is the shorter edge when a crop follows, else a square.
        if (doCrop) {
          shortest = positive(size, "size");
        } else {
          rh = rw = positive(size, "size");
        }
      } else {
        throw new IllegalArgumentException(
            "size must be {\"shortest_edge\": n}, {\"height\": h, \"width\": w} or a number, got: " + size);
      }
    }
    int cw = 0;
    int ch = 0;
    if (doCrop) {
      JsonNode crop = c.path("crop_size");
      if (crop.isInt()) {
        cw = ch = positive(crop, "crop_size");
      } else if (crop.has("height") && crop.has("width")) {
        ch = positive(crop.get("height"), "crop_size.height");
        cw = positive(crop.get("width"), "crop_size.width");
      } else {
        throw new IllegalArgumentException(
            "do_center_crop is set but crop_size is missing or not {\"height\", \"width\"}: " + crop);
      }
    }
    double rescale = c.path("do_rescale").asBoolean(true) ? c.path("rescale_factor").asDouble(1 / 255.0) : 1.0;
    float[] mean = {0, 0, 0};
    float[] std = {1, 1, 1};
    if (c.path("do_normalize").asBoolean(true)) {
      mean = triple(c.path("image_mean"), "image_mean");
      std = triple(c.path("image_std"), "image_std");
    }
    ResampleFilter filter = ResampleFilter.fromPillowCode(c.path("resample").asInt(3));
    return new PixelPreprocessor(doResize, shortest, rw, rh, filter, cw, ch, rescale, mean, std);
  }

  private static int positive(JsonNode n, String name) {
    if (!n.isInt() || n.asInt() < 1) {
      throw new IllegalArgumentException(name + " must be a positive integer, got: " + n);
    }
    return n.asInt();
  }

  private static float[] triple(JsonNode n, String name) {
    if (!n.isArray() || n.size() != 3) {
      throw new IllegalArgumentException(name + " must be an array of 3 numbers, got: " + n);
    }
    return new float[] {(float) n.get(0).asDouble(), (float) n.get(1).asDouble(), (float) n.get(2).asDouble()};
  }

  /**
   * The longest side the resize step produces, in pixels: what a decoder needs to keep a few
   * times over. 0 when the model reads images at their own size (no resize).
   */
  int inputSide() {
    if (!resize) {
      return 0;
    }
    int side = shortestEdge > 0 ? shortestEdge : Math.max(resizeWidth, resizeHeight);
    return Math.max(side, Math.max(cropWidth, cropHeight));
  }

  /** Output height and width of the tensor, after resize and crop. Needs the input size. */
  int[] outputSize(int width, int height) {
    int[] resized = resizedSize(width, height);
    return cropWidth > 0 ? new int[] {cropWidth, cropHeight} : resized;
  }

  private int[] resizedSize(int width, int height) {
    if (!resize) {
      return new int[] {width, height};
    }
    if (shortestEdge > 0) {
      // torchvision / transformers: the long side is truncated, not rounded.
      if (width <= height) {
        return new int[] {shortestEdge, (int) ((long) shortestEdge * height / width)};
      }
      return new int[] {(int) ((long) shortestEdge * width / height), shortestEdge};
    }
    return new int[] {resizeWidth, resizeHeight};
  }

  /** Resizes and crops to the model's input size: interleaved 8-bit RGB, {@code width × height × 3}. */
  byte[] resizeAndCrop(BufferedImage image) {
    int w = image.getWidth();
    int h = image.getHeight();
    int[] size = resizedSize(w, h);
    int[][] planes = Resampler.resize(Rasters.packedRgb(image), w, h, size[0], size[1], filter);
    w = size[0];
    h = size[1];
    int ow = cropWidth > 0 ? cropWidth : w;
    int oh = cropWidth > 0 ? cropHeight : h;
    // torchvision CenterCrop: offsets rounded half to even; out-of-range pixels are zero padding.
    int left = (int) Math.rint((w - ow) / 2.0);
    int top = (int) Math.rint((h - oh) / 2.0);
    byte[] rgb = new byte[ow * oh * 3];
    for (int y = 0; y < oh; y++) {
      int sy = y + top;
      for (int x = 0; x < ow; x++) {
        int sx = x + left;
        if (sy >= 0 && sy < h && sx >= 0 && sx < w) {
          for (int c = 0; c < 3; c++) {
            rgb[(y * ow + x) * 3 + c] = (byte) planes[c][sy * w + sx];
          }
        }
      }
    }
    return rgb;
  }

  /**
   * Rescales and normalises resized pixels into {@code out} from {@code offset}, channels first
   * ({@code 3×H×W}) or last ({@code H×W×3}).
   */
  void normalize(byte[] rgb, int width, int height, boolean channelsFirst, float[] out, int offset) {
    float[] scale = new float[3];
    float[] shift = new float[3];
    for (int c = 0; c < 3; c++) {
      scale[c] = (float) (rescaleFactor / std[c]);
      shift[c] = mean[c] / std[c];
    }
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        for (int c = 0; c < 3; c++) {
          float f = (rgb[(y * width + x) * 3 + c] & 0xFF) * scale[c] - shift[c];
          out[channelsFirst ? offset + (c * height + y) * width + x : offset + (y * width + x) * 3 + c] = f;
        }
      }
    }
  }

  /** The preprocessed tensor of one image, channels first: {@code 3×H×W}. */
  public float[] toTensor(BufferedImage image) {
    int[] size = outputSize(image.getWidth(), image.getHeight());
    float[] out = new float[3 * size[0] * size[1]];
    normalize(resizeAndCrop(image), size[0], size[1], true, out, 0);
    return out;
  }

  /** Equal when every setting is: two models with the same preprocessing can share prepared pixels. */
  @Override
  public boolean equals(Object o) {
    return o instanceof PixelPreprocessor p && resize == p.resize && shortestEdge == p.shortestEdge
        && resizeWidth == p.resizeWidth && resizeHeight == p.resizeHeight && filter == p.filter
        && cropWidth == p.cropWidth && cropHeight == p.cropHeight && rescaleFactor == p.rescaleFactor
        && java.util.Arrays.equals(mean, p.mean) && java.util.Arrays.equals(std, p.std);
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(resize, shortestEdge, resizeWidth, resizeHeight, filter, cropWidth, cropHeight, rescaleFactor,
        java.util.Arrays.hashCode(mean), java.util.Arrays.hashCode(std));
  }

  @Override
  public float[] mean() {
    return mean.clone();
  }

  @Override
  public float[] std() {
    return std.clone();
  }
}
