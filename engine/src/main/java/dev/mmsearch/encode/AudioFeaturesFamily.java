package dev.mmsearch.encode;

import java.util.Map;
import java.util.Set;

/**
 * Any ONNX audio model ({@code onnx/model.onnx}) fed the features its {@code preprocessor_config.json}
 * names; the manifest names its output.
 */
final class AudioFeaturesFamily extends OnnxFamily {

  static final String ID = "audio-features";

  AudioFeaturesFamily() {
    super(ID, Map.of(Modality.AUDIO, "model"), Set.of());
  }

  /** An adapted folder still reads a feature extractor: it keeps its family. */
  @Override
  public ModelFamily adaptedAs(Modality tower) {
    return this;
  }
}
