/**
 * Text inside pictures: PP-OCR's detection (DB), direction classification and CTC recognition
 * graphs run in our ONNX Runtime, with the pre- and post-processing of PaddleOCR as RapidOCR
 * implements it ({@code python/rapidocr/ch_ppocr_det}, {@code ch_ppocr_cls}, {@code ch_ppocr_rec},
 * {@code utils/process_img.py} in github.com/RapidAI/RapidOCR).
 *
 * <p>{@link dev.mmsearch.derive.ocr.TextReader} is the one entry point: a cheap gate ("is there
 * any text?") and a bounded full read into {@link dev.mmsearch.derive.ocr.PictureText}. The other
 * classes are the steps, each small and tested on its own: {@code BgrImage} (pixels as OpenCV
 * holds them), {@code Quad} (box geometry, minimum-area rectangles, Clipper's round offset),
 * {@code DbPostProcess}, {@code PerspectiveCrop}, {@code TextDetector},
 * {@code DirectionClassifier}, {@code TextRecognizer}, {@code CtcDecoder}.
 *
 * <p>What does not belong here: storing lines in the index, the {@code ocr} fields and search
 * (those use this package's records, from {@code index/} and {@code query/}).
 */
package dev.mmsearch.derive.ocr;
