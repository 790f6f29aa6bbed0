package dev.mmsearch.models;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One entry of the built-in list ({@link KnownModels}): a repository published in the Hugging Face
 * ONNX layout, pinned to a revision, with the files each variant needs.
 *
 * @param space what it serves, in words (kind of space, modalities, dimension)
 * @param family the loader family that reads it ({@code clip}, {@code siglip}, {@code dinov2}, {@code clap})
 * @param common files every variant needs (configs, tokenizer)
 * @param variants per variant, the graph files and their listed sizes in bytes
 * @param settings loader settings the repository does not carry, written to the installed folder's
 *     {@code mmsearch-model.json} (an empty object for most entries)
 */
public record KnownModel(String name, String repo, String revision, String space, String family, int dimension, String licence,
    List<String> common, Map<String, Map<String, Long>> variants, JsonNode settings) {

  public static final String DEFAULT = "default";

  /** What to fetch for {@code variant} ({@value #DEFAULT} or {@code quantized}). */
  public ModelSpec spec(String variant) {
    Map<String, Long> graphs = variants.get(variant);
    if (graphs == null) {
      throw new IllegalArgumentException(name + " has no variant '" + variant + "' (variants: " + variants.keySet() + ")");
    }
    Map<String, Long> files = new LinkedHashMap<>();
    common.forEach(f -> files.put(f, -1L));
    files.putAll(graphs);
    return new ModelSpec(name, repo, revision, variant, files, settings);
  }

  /** The repository's page at the pinned revision, where a user can download the files by hand. */
  public String treeUrl(String endpoint) {
    return endpoint + "/" + repo + "/tree/" + revision;
  }
}
