package dev.mmsearch.derive.ocr;

import java.util.List;

/**
 * PP-OCR's DB text detector: the picture resized as PaddleOCR's {@code DetResizeForTest} with
 * {@code limit_type 'max'} does it (the longer side brought down to the limit, never up, then each
 * side rounded to a multiple of 32, halves to even as Python's {@code round}), normalised, run
 * through the graph, and the probability map turned into boxes by {@link DbPostProcess}. Immutable
 * and thread-safe.
 */
final class TextDetector {

  private final OcrGraph graph;
  private final DbPostProcess post;

  TextDetector(OcrGraph graph, int minBoxSide) {
    this.graph = graph;
    this.post = new DbPostProcess(minBoxSide);
  }

  /** How the picture is brought to the detector's size. */
  enum Resize {
    /** {@code cv2.resize}'s bilinear, as the reference does it. */
    LINEAR,
    /** Averaging, for the gate's strong reduction (bilinear would skip thin strokes). */
    AREA
  }

  /**
   * The detector's input side lengths for a {@code width × height} picture and {@code limit}: an
   * array {@code {w, h}}, or null when a side rounds to 0 (the reference returns no boxes then).
   */
  static int[] inputSize(int width, int height, int limit) {
    double ratio = Math.max(width, height) > limit ? limit / (double) Math.max(width, height) : 1.0;
    int h = (int) (height * ratio);
    int w = (int) (width * ratio);
    h = (int) (Math.rint(h / 32.0) * 32);
    w = (int) (Math.rint(w / 32.0) * 32);
    return w <= 0 || h <= 0 ? null : new int[] {w, h};
  }

  /** The boxes of {@code image} in its pixels, in reading order; {@code limit} caps the input's longer side. */
  List<DbPostProcess.Box> detect(BgrImage image, int limit, Resize resize) {
    int[] size = inputSize(image.width, image.height, limit);
    if (size == null) {
      return List.of();
    }
    BgrImage input = resize == Resize.AREA ? image.resizeArea(size[0], size[1]) : image.resizeLinear(size[0], size[1]);
    float[] x = new float[3 * size[0] * size[1]];
    input.normalizeInto(x, 0, size[0]);
    OcrGraph.Output out = graph.run(x, new long[] {1, 3, size[1], size[0]});
    int mh = (int) out.shape()[2];
    int mw = (int) out.shape()[3];
    return post.boxes(out.data(), mw, mh, image.width, image.height);
  }
}
