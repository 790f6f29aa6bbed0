package dev.mmsearch.encode;

import java.util.Locale;

/**
 * Model families whose Hugging Face ONNX folders load without a manifest. Each knows its towers'
 * default graph files and outputs; a folder's {@code mmsearch-model.json} may override any of them.
 */
public enum ModelFamily {
  /** CLIP dual towers: {@code text_model.onnx → text_embeds}, {@code vision_model.onnx → image_embeds}. */
  CLIP,
  /** SigLIP dual towers: {@code pooler_output} of each; text padded to full length, no attention mask. */
  SIGLIP,
  /** DINOv2 image backbone: {@code pooler_output}, or the CLS token of {@code last_hidden_state}. */
  DINOV2,
  /** sentence-transformers text models: pooling from {@code 1_Pooling/config.json}. */
  SENTENCE_TRANSFORMERS,
  /** Any image feature extractor; the manifest names its output and pooling. */
  IMAGE_FEATURES,
  /** CLAP dual towers: {@code text_model.onnx → text_embeds}, {@code audio_model.onnx → audio_embeds}, fed log-mel features. */
  CLAP,
  /** Any ONNX audio model fed the features its {@code preprocessor_config.json} names; the manifest names its output. */
  AUDIO_FEATURES,
  /**
   * Sound described by signal statistics computed in Java (log-mel, MFCCs, spectral shape,
   * envelope; {@link SignalFeatures}), with no graph: an adapter maps them into a space.
   */
  AUDIO_SIGNAL;

  public String id() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  public static ModelFamily fromString(String s) {
    for (ModelFamily f : values()) {
      if (f.id().equalsIgnoreCase(s) || f.name().equalsIgnoreCase(s)) {
        return f;
      }
    }
    throw new IllegalArgumentException("Unknown model family '" + s
        + "' (known: clip, siglip, dinov2, sentence-transformers, image-features, clap, audio-features, audio-signal)");
  }

  /** The family for a {@code config.json} {@code model_type}, or null when it needs a manifest. */
  static ModelFamily fromModelType(String modelType) {
    return switch (modelType.toLowerCase(Locale.ROOT)) {
      case "clip", "chinese_clip" -> CLIP;
      case "siglip", "siglip2" -> SIGLIP;
      case "dinov2", "dinov2_with_registers" -> DINOV2;
      case "clap" -> CLAP;
      default -> null;
    };
  }
}
