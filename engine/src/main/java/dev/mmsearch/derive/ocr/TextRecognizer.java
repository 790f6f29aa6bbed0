package dev.mmsearch.derive.ocr;

import java.util.Arrays;
import java.util.List;

/**
 * PP-OCR's CTC text recogniser. As RapidOCR's {@code TextRecognizer}: crops sorted by aspect ratio,
 * six per batch; a batch is {@code int(48 × r)} wide, {@code r} the largest of 320 / 48 and the
 * batch's ratios; each crop is resized to height 48 and width {@code min(batch width, ceil(48 × w / h))},
 * normalised and padded with zeros; the output is decoded by {@link CtcDecoder}. Immutable and
 * thread-safe.
 */
final class TextRecognizer {

  static final int HEIGHT = 48;
  static final int BASE_WIDTH = 320;
  static final int BATCH = 6;

  private final OcrGraph graph;
  private final CtcDecoder decoder;

  TextRecognizer(OcrGraph graph, CtcDecoder decoder) {
    this.graph = graph;
    this.decoder = decoder;
  }

  /** Each crop's text and confidence, in the crops' order. */
  CtcDecoder.Decoded[] read(List<BgrImage> crops) {
    CtcDecoder.Decoded[] out = new CtcDecoder.Decoded[crops.size()];
    Integer[] order = DirectionClassifier.byAspectRatio(crops);
    for (int from = 0; from < order.length; from += BATCH) {
      int n = Math.min(BATCH, order.length - from);
      double maxRatio = BASE_WIDTH / (double) HEIGHT;
      for (int i = 0; i < n; i++) {
        BgrImage crop = crops.get(order[from + i]);
        maxRatio = Math.max(maxRatio, crop.width / (double) crop.height);
      }
      int width = (int) (HEIGHT * maxRatio);
      float[] x = new float[n * 3 * HEIGHT * width];
      for (int i = 0; i < n; i++) {
        BgrImage crop = crops.get(order[from + i]);
        double ratio = crop.width / (double) crop.height;
        int w = Math.ceil(HEIGHT * ratio) > width ? width : (int) Math.ceil(HEIGHT * ratio);
        crop.resizeLinear(w, HEIGHT).normalizeInto(x, i * 3 * HEIGHT * width, width);
      }
      OcrGraph.Output probs = graph.run(x, new long[] {n, 3, HEIGHT, width});
      long[] shape = probs.shape();
      if (shape[0] != n) {
        throw new IllegalStateException("recogniser returned " + Arrays.toString(shape) + " for " + n + " crops");
      }
      for (int i = 0; i < n; i++) {
        out[order[from + i]] = decoder.decode(probs.data(), i, (int) shape[1], (int) shape[2]);
      }
    }
    return out;
  }
}
