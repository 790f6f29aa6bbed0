package dev.mmsearch.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mmsearch.derive.ocr.OcrLimits;
import dev.mmsearch.derive.ocr.TextReader;
import java.util.Set;

/**
 * How a catalog reads the text inside pictures: {@code "ocr": {"model": "pp-ocrv3"}}, optionally
 * with {@code minConfidence}, {@code maxBoxes}, {@code maxCharacters} and {@code detectSide}
 * ({@link OcrLimits}; defaults {@link OcrLimits#DEFAULTS}).
 *
 * @param model the reader's graphs, one of {@link TextReader#MODELS}
 * @param limits bounds on reading one picture
 */
public record OcrConfig(String model, OcrLimits limits) {

  private static final Set<String> KEYS = Set.of("model", "minConfidence", "maxBoxes", "maxCharacters", "detectSide");

  public OcrConfig {
    if (!TextReader.MODELS.contains(model)) {
      throw new IllegalArgumentException("unknown OCR model '" + model + "' (known: " + TextReader.MODELS + ")");
    }
  }

  static OcrConfig of(JsonNode node) {
    if (!node.isObject()) {
      throw new IllegalArgumentException("must be an object such as {\"model\": \"pp-ocrv3\"}");
    }
    Catalog.unknownKeys(node, KEYS);
    OcrLimits d = OcrLimits.DEFAULTS;
    OcrLimits limits = new OcrLimits(node.path("detectSide").asInt(d.detectSide()), node.path("maxBoxes").asInt(d.maxBoxes()),
        node.path("maxCharacters").asInt(d.maxCharacters()), d.minBoxSide(),
        (float) node.path("minConfidence").asDouble(d.minConfidence()));
    return new OcrConfig(node.path("model").asText(TextReader.DEFAULT_MODEL), limits);
  }
}
