package dev.mmsearch.encode;

import java.util.Map;
import java.util.Set;

/** Any image feature extractor ({@code onnx/model.onnx}); the manifest names its output and pooling. */
final class ImageFeaturesFamily extends OnnxFamily {

  static final String ID = "image-features";

  ImageFeaturesFamily() {
    super(ID, Map.of(Modality.IMAGE, "model"), Set.of());
  }

  /** An adapted folder still reads a feature extractor: it keeps its family. */
  @Override
  public ModelFamily adaptedAs(Modality tower) {
    return this;
  }
}
