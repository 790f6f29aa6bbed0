package dev.mmsearch.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mmsearch.encode.Modality;
import dev.mmsearch.encode.ModelException;
import dev.mmsearch.index.VectorFieldSpec;
import dev.mmsearch.index.VectorFormat;
import dev.mmsearch.models.KnownModel;
import dev.mmsearch.models.KnownModels;
import dev.mmsearch.models.MissingModelException;
import dev.mmsearch.models.ModelsDirectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The model catalog: a small JSON file naming the spaces and the model folders that serve them.
 * Folder paths are relative to the catalog file.
 *
 * <pre>{@code
 * {"spaces": {
 *   "clip": {"model": "clip-vit-b32"},
 *   "dino": {"model": "dinov2-small", "index": {"format": "int8"}},
 *   "text": {"encoders": {"text": "bge-small"}, "index": {"format": "hnsw", "m": 16, "beamWidth": 100}},
 *   "palette": {"derived": "palette"}
 *  },
 *  "ocr": {"model": "pp-ocrv3"}
 * }
 * }</pre>
 *
 * {@code index.format} is one of {@code hnsw} (default), {@code int8}, {@code int4}, {@code bbq};
 * {@code oversample} sets how many quantized candidates per hit are rescored at full precision.
 *
 * <p>{@code ocr}, optional, reads the text inside pictures at index time ({@link OcrConfig}); its
 * text is searched by BM25 and sub-strings, and embedded by every space with a text encoder.
 *
 * @param ocr how pictures are read, or null when the catalog reads none
 */
public record Catalog(Path file, List<SpaceConfig> spaces, OcrConfig ocr) {

  private static final Set<String> SPACE_KEYS = Set.of("model", "encoders", "derived", "index");
  private static final Set<String> INDEX_KEYS = Set.of("format", "m", "beamWidth", "oversample");

  public Catalog {
    spaces = List.copyOf(spaces);
  }

  /** A catalog that reads no text in pictures. */
  public Catalog(Path file, List<SpaceConfig> spaces) {
    this(file, spaces, null);
  }

  public static Catalog load(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new ModelException(file + ": catalog file not found");
    }
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(file.toFile());
    } catch (IOException e) {
      throw new ModelException(file + ": not valid JSON: " + e.getMessage(), e);
    }
    JsonNode spaces = root.path("spaces");
    if (!spaces.isObject() || spaces.isEmpty()) {
      throw new ModelException(file + ": needs a non-empty \"spaces\" object");
    }
    Path base = file.toAbsolutePath().getParent();
    List<SpaceConfig> configs = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = spaces.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      try {
        configs.add(space(base, e.getKey(), e.getValue()));
      } catch (MissingModelException ex) {
        throw ex;
      } catch (IllegalArgumentException ex) {
        throw new ModelException(file + ": space '" + e.getKey() + "': " + ex.getMessage(), ex);
      }
    }
    OcrConfig ocr = null;
    if (root.has("ocr")) {
      try {
        ocr = OcrConfig.of(root.get("ocr"));
      } catch (IllegalArgumentException e) {
        throw new ModelException(file + ": \"ocr\": " + e.getMessage(), e);
      }
    }
    return new Catalog(file, configs, ocr);
  }

  private static SpaceConfig space(Path base, String name, JsonNode s) {
    unknownKeys(s, SPACE_KEYS);
    Path model = s.has("model") ? modelFolder(base, name, s.get("model").asText()) : null;
    Map<Modality, Path> folders = new EnumMap<>(Modality.class);
    for (Iterator<Map.Entry<String, JsonNode>> it = s.path("encoders").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      Modality modality = Modality.fromString(e.getKey());
      if (modality == Modality.NAME) {
        throw new IllegalArgumentException("space '" + name + "': \"name\" takes no encoder of its own: file names are embedded "
            + "by the space's text encoder");
      }
      folders.put(modality, modelFolder(base, name, e.getValue().asText()));
    }
    String derived = s.has("derived") ? s.get("derived").asText() : null;
    if ((model != null ? 1 : 0) + (folders.isEmpty() ? 0 : 1) + (derived != null ? 1 : 0) != 1) {
      throw new IllegalArgumentException("give one of \"model\" (one folder), \"encoders\" (folder per modality) or \"derived\" ("
          + String.join(", ", dev.mmsearch.derive.DerivedEncoders.names()) + ")");
    }
    JsonNode index = s.path("index");
    unknownKeys(index, INDEX_KEYS);
    VectorFormat format = VectorFormat.fromString(index.path("format").asText("hnsw"));
    int m = index.path("m").asInt(VectorFieldSpec.DEFAULT_M);
    int beamWidth = index.path("beamWidth").asInt(VectorFieldSpec.DEFAULT_BEAM_WIDTH);
    int oversample = index.path("oversample").asInt(format.defaultOversample());
    return new SpaceConfig(name, model, folders, derived, format, m, beamWidth, oversample);
  }

  /**
   * A model reference: a folder relative to the catalog when one is there; else a bare name in the
   * models directory ({@value ModelsDirectory#ENV}, else {@code models/} beside the catalog), where
   * {@code mmsearch models fetch} puts the built-in list's models.
   *
   * @throws MissingModelException for a name of the built-in list that is installed nowhere
   */
  static Path modelFolder(Path base, String space, String reference) {
    Path direct = base.resolve(reference);
    if (Files.exists(direct)) {
      return direct;
    }
    String env = System.getenv(ModelsDirectory.ENV);
    Path modelsDir = env != null && !env.isBlank() ? Path.of(env) : base.resolve("models");
    boolean path = reference.contains("/") || reference.contains("\\");
    Path named = modelsDir.resolve(reference);
    if (!path && Files.exists(named)) {
      return named;
    }
    Optional<KnownModel> known = path ? Optional.empty() : KnownModels.find(reference);
    if (known.isPresent()) {
      throw new MissingModelException(space, known.get(), modelsDir);
    }
    throw new IllegalArgumentException("model folder not found: " + direct + " (a catalog's folders are "
        + "relative to the catalog file's folder, " + base + ", or to " + modelsDir + " for models fetched by name)");
  }

  static void unknownKeys(JsonNode node, Set<String> known) {
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!known.contains(key)) {
        throw new IllegalArgumentException("unknown key '" + key + "' (known: " + known + ")");
      }
    }
  }
}
