package dev.mmsearch.derive.ocr;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * PP-OCR's text direction classifier ({@code ch_ppocr_mobile_v2.0_cls}): is a cropped line upside
 * down? As RapidOCR's {@code TextClassifier}: crops sorted by aspect ratio, six per batch, each
 * resized to height 48 and width {@code min(192, ceil(48 × w / h))}, normalised, padded with zeros
 * to 192; a crop whose most likely label is "180" with a probability above 0.9 is turned half a
 * turn. Immutable and thread-safe.
 */
final class DirectionClassifier {

  static final int HEIGHT = 48;
  static final int WIDTH = 192;
  static final int BATCH = 6;
  static final float THRESHOLD = 0.9f;

  private final OcrGraph graph;

  DirectionClassifier(OcrGraph graph) {
    this.graph = graph;
  }

  /** The crops, each turned upright where the classifier is sure it is upside down. */
  List<BgrImage> upright(List<BgrImage> crops) {
    List<BgrImage> out = new ArrayList<>(crops);
    Integer[] order = byAspectRatio(crops);
    for (int from = 0; from < order.length; from += BATCH) {
      int n = Math.min(BATCH, order.length - from);
      float[] x = new float[n * 3 * HEIGHT * WIDTH];
      for (int i = 0; i < n; i++) {
        BgrImage crop = crops.get(order[from + i]);
        int w = (int) Math.min(WIDTH, Math.ceil(HEIGHT * (crop.width / (double) crop.height)));
        crop.resizeLinear(w, HEIGHT).normalizeInto(x, i * 3 * HEIGHT * WIDTH, WIDTH);
      }
      float[] probs = graph.run(x, new long[] {n, 3, HEIGHT, WIDTH}).data();
      for (int i = 0; i < n; i++) {
        float p0 = probs[2 * i];
        float p180 = probs[2 * i + 1];
        if (p180 > p0 && p180 > THRESHOLD) {
          int at = order[from + i];
          out.set(at, crops.get(at).rotate180());
        }
      }
    }
    return out;
  }

  /** Indices of {@code crops} by width / height, stable. */
  static Integer[] byAspectRatio(List<BgrImage> crops) {
    Integer[] order = new Integer[crops.size()];
    Arrays.setAll(order, i -> i);
    Arrays.sort(order, Comparator.comparingDouble(i -> crops.get(i).width / (double) crops.get(i).height));
    return order;
  }
}
