package dev.mmsearch.encode;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The model families mmsearch loads, in the order messages list them: the one place a family is
 * registered. {@link ModelFolder} detects a folder's family here (a manifest's {@code family},
 * else a family's files, else {@code config.json}'s {@code model_type}).
 */
public final class ModelFamilies {

  private static final List<ModelFamily> ALL = List.of(
      new ClipFamily(),
      new SiglipFamily(),
      new Dinov2Family(),
      new SentenceTransformersFamily(),
      new ImageFeaturesFamily(),
      new ClapFamily(),
      new AudioFeaturesFamily(),
      new AudioSignalFamily());

  private ModelFamilies() {}

  /** Every registered family. */
  public static List<ModelFamily> all() {
    return ALL;
  }

  /** The family a manifest or flag names, by id ({@code sentence-transformers}, or {@code SENTENCE_TRANSFORMERS}). */
  public static ModelFamily byId(String s) {
    String id = s.replace('_', '-');
    return ALL.stream().filter(f -> f.id().equalsIgnoreCase(id)).findFirst().orElseThrow(() -> new IllegalArgumentException(
        "Unknown model family '" + s + "' (known: " + ALL.stream().map(ModelFamily::id).collect(Collectors.joining(", ")) + ")"));
  }

  /** The family whose files alone tell it ({@link ModelFamily#detectsFiles}), if any. */
  static Optional<ModelFamily> byFiles(Path dir) {
    return ALL.stream().filter(f -> f.detectsFiles(dir)).findFirst();
  }

  /** The family of a {@code config.json} {@code model_type}, if any. */
  static Optional<ModelFamily> byModelType(String modelType) {
    String t = modelType.toLowerCase(Locale.ROOT);
    return ALL.stream().filter(f -> f.modelTypes().contains(t)).findFirst();
  }

  /** Ids of the families a {@code model_type} identifies, for messages: "clip, siglip, dinov2, clap". */
  static String detectedByModelType() {
    return ALL.stream().filter(f -> !f.modelTypes().isEmpty()).map(ModelFamily::id).collect(Collectors.joining(", "));
  }

  /** The generic family that reads any graph of a media modality, its manifest naming the output. */
  static ModelFamily featuresOf(Modality tower) {
    return byId(tower == Modality.IMAGE ? ImageFeaturesFamily.ID : AudioFeaturesFamily.ID);
  }
}
