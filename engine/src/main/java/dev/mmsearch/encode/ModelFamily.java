package dev.mmsearch.encode;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * A kind of model folder that loads without a manifest (or with a short one): how to recognise it,
 * which graph file each tower has, and how to build a tower's encoder. One implementation per
 * family, listed in {@link ModelFamilies}; {@link ModelFolder} asks the folder's family instead of
 * switching on it, and so does the CLI. A folder's {@value ModelFolder#MANIFEST} may override the
 * defaults a family gives (graph file, output, pooling).
 *
 * <p>To add a family: one class implementing this (usually extending {@link OnnxFamily}, which
 * builds text, image and audio towers from a default head), one line in {@link ModelFamilies}, and
 * a fixture folder in {@code ModelFamiliesTest}.
 */
public interface ModelFamily {

  /** The name in manifests ({@code "family": "clip"}) and messages: lower case, words joined by '-'. */
  String id();

  /**
   * Whether a folder whose manifest names no family is of this family by its files alone
   * ({@code modules.json} for sentence-transformers): checked before {@code config.json} is read.
   */
  default boolean detectsFiles(Path dir) {
    return false;
  }

  /** The {@code config.json} {@code model_type} values that make a folder of this family; empty: it needs a manifest. */
  default Set<String> modelTypes() {
    return Set.of();
  }

  /**
   * The base name of each tower's ONNX graph ({@code text_model} for {@code onnx/text_model[_variant].onnx}),
   * by modality; empty for a family computed without a graph.
   */
  Map<Modality, String> graphNames();

  /** The modalities a folder of this family embeds: by default those it has graphs for. */
  default Set<Modality> modalities() {
    return graphNames().keySet();
  }

  /**
   * Builds the encoder of one tower of {@code folder} (which is of this family), with its adapter
   * when {@code adapted}. Called by {@link ModelFolder#load}, which has already applied the
   * folder-wide options (one input per run for quantized graphs); use that instead.
   */
  Encoder load(ModelFolder folder, Modality modality, EncoderOptions options, boolean adapted);

  /**
   * The family a folder reading this family's {@code tower} through a learned adapter is written as
   * ({@code train-adapter}, {@code fit-projection}): by default the generic features family of
   * that modality, whose manifest names the graph's output.
   */
  default ModelFamily adaptedAs(Modality tower) {
    return ModelFamilies.featuresOf(tower);
  }

  /**
   * Whether an adapter trained on this family's features standardises them first: true for
   * hand-made statistics whose dimensions have unlike scales, false for a network's features.
   */
  default boolean standardisesFeatures() {
    return false;
  }
}
