package dev.mmsearch.derive.ocr;

/**
 * Bounds on the work of reading one picture. Each is enforced by construction, not by a clock: a
 * picture of any size or content costs at most one detection at {@code detectSide}, direction and
 * recognition of {@code maxBoxes} crops, and returns at most {@code maxCharacters}.
 *
 * @param detectSide longest side of the detector's input in pixels (PaddleOCR's
 *     {@code det_limit_side_len} with {@code det_limit_type='max'}); larger pictures are scaled down
 * @param maxBoxes most boxes recognised per picture; beyond it the largest and most confident boxes
 *     (area × detection score) are kept
 * @param maxCharacters most characters of text per picture, newlines between lines included; the
 *     line that crosses the limit is cut and later lines are dropped
 * @param minBoxSide shortest box side the detector keeps, in detector pixels (DB's {@code min_size})
 * @param minConfidence lines the recogniser is less sure of are dropped (RapidOCR's {@code text_score})
 */
public record OcrLimits(int detectSide, int maxBoxes, int maxCharacters, int minBoxSide, float minConfidence) {

  /** 960 / 200 / 4000 / 3 / 0.5: PaddleOCR's and RapidOCR's own defaults where they have one. */
  public static final OcrLimits DEFAULTS = new OcrLimits(960, 200, 4000, 3, 0.5f);

  public OcrLimits {
    if (detectSide < 32 || detectSide > 4096) {
      throw new IllegalArgumentException("detectSide must be in 32..4096, got: " + detectSide);
    }
    if (maxBoxes < 1) {
      throw new IllegalArgumentException("maxBoxes must be at least 1, got: " + maxBoxes);
    }
    if (maxCharacters < 1) {
      throw new IllegalArgumentException("maxCharacters must be at least 1, got: " + maxCharacters);
    }
    if (minBoxSide < 1) {
      throw new IllegalArgumentException("minBoxSide must be at least 1, got: " + minBoxSide);
    }
    if (!(minConfidence >= 0 && minConfidence <= 1)) {
      throw new IllegalArgumentException("minConfidence must be in 0..1, got: " + minConfidence);
    }
  }
}
