package dev.mmsearch.encode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A model as users get it from the Hugging Face hub after an ONNX export: {@code onnx/*.onnx} (or
 * the graph at the top level), {@code config.json}, {@code preprocessor_config.json},
 * {@code tokenizer.json} and, for sentence-transformers, {@code modules.json} and
 * {@code 1_Pooling/config.json}.
 *
 * <p>The family comes from {@code config.json}'s {@code model_type} or from sentence-transformers'
 * files. Where the folder leaves something open (a feature extractor with no family, a different
 * output, a quantized variant), an optional {@value #MANIFEST} next to the files says it:
 *
 * <pre>{@code
 * {"family": "image-features", "variant": "quantized", "normalize": true,
 *  "image": {"onnx": "onnx/model.onnx", "output": "features", "pooling": "none"},
 *  "text": {"maxLength": 128, "padToMaxLength": false, "padId": 0, "lowercase": false,
 *           "queryPrefix": "query: ", "documentPrefix": "passage: "},
 *  "adapter": "adapter.safetensors"}
 * }</pre>
 *
 * <p>{@code adapter} names a learned map ({@link Adapter}) applied to the tower's features, as
 * {@code mmsearch train-adapter} writes it; {@code image.onnx} may then point at the backbone's
 * graph in another folder ({@code "../backbone/onnx/model.onnx"}).
 *
 * <p>Opening reads only the small JSON files and hashes the shaping files; ONNX sessions are
 * created by {@link #load}. A missing or inconsistent file is a {@link ModelException} naming it.
 */
public final class ModelFolder {

  public static final String MANIFEST = "mmsearch-model.json";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path dir;
  private final JsonNode manifest;
  private final JsonNode config;
  private final ModelFamily family;
  private final Map<Modality, Path> graphs;
  private final ModelIdentity identity;

  private ModelFolder(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new ModelException(dir + ": model folder not found");
    }
    this.dir = dir;
    this.manifest = readJson(dir.resolve(MANIFEST), false);
    this.config = readJson(dir.resolve("config.json"), false);
    this.family = detectFamily();
    this.graphs = findGraphs();
    this.identity = new ModelIdentity(
        manifest.path("name").asText(dir.toAbsolutePath().normalize().getFileName().toString()), hash());
  }

  /** Reads a model folder's description; no ONNX session is created yet. */
  public static ModelFolder open(Path dir) {
    return new ModelFolder(dir);
  }

  public Path dir() {
    return dir;
  }

  public ModelFamily family() {
    return family;
  }

  public ModelIdentity identity() {
    return identity;
  }

  /** The ONNX graph of a tower. */
  public Path graphFile(Modality modality) {
    Path g = graphs.get(modality);
    if (g == null) {
      throw new ModelException(dir + ": " + family.id() + " model has no " + modality.id() + " tower");
    }
    return g;
  }

  /** Modalities this folder has a tower for. */
  public Set<Modality> modalities() {
    return family.modalities();
  }

  /** Whether the tower of {@code modality} reads an ONNX graph (the signal-statistics family reads none). */
  public boolean hasGraph(Modality modality) {
    return graphs.containsKey(modality);
  }

  /** Creates the encoder for one modality; the caller owns (and closes) it. */
  public Encoder load(Modality modality, EncoderOptions options) {
    return load(modality, options, true);
  }

  /**
   * Creates the encoder of one modality without the folder's adapter: the backbone's own features,
   * what an adapter is trained on ({@code mmsearch train-adapter}). The caller owns (and closes) it.
   */
  public Encoder loadFeatures(Modality modality, EncoderOptions options) {
    return load(modality, options, false);
  }

  private Encoder load(Modality modality, EncoderOptions given, boolean adapted) {
    // A dynamically quantized graph scales its activations by the whole batch: the same input
    // would get another vector beside other inputs (0.03 apart, measured on bge-small int8). One
    // input per run keeps an item's stored vector equal to its query vector, whatever it was batched with.
    EncoderOptions options = quantized() ? given.withMaxBatchSize(1) : given;
    return family.load(this, modality, options, adapted);
  }

  // ------------------------------------------------------------------ what families read

  /** The tower graphs found, by modality. */
  Map<Modality, Path> graphs() {
    return graphs;
  }

  /** The manifest's block for a tower ({@code "image": {...}}), missing when absent. */
  JsonNode tower(Modality m) {
    return manifest.path(m.id());
  }

  /** {@code config.json}, missing when absent. */
  JsonNode config() {
    return config;
  }

  /** Whether vectors are L2-normalised: the manifest's {@code normalize}, true by default. */
  boolean normalize() {
    return manifest.path("normalize").asBoolean(true);
  }

  boolean hasAdapter() {
    return manifest.has("adapter");
  }

  /** The learned map the manifest names, read now, or null when it names none. */
  Adapter adapter() {
    return hasAdapter() ? Adapter.read(dir.resolve(manifest.get("adapter").asText())) : null;
  }

  JsonNode preprocessorConfig() {
    return json("preprocessor_config.json", true);
  }

  /** A JSON file of the folder by relative path; a missing one fails when {@code required}, else is a missing node. */
  JsonNode json(String relativePath, boolean required) {
    return readJson(dir.resolve(relativePath), required);
  }

  // ------------------------------------------------------------------ family and files

  private ModelFamily detectFamily() {
    if (manifest.has("family")) {
      return ModelFamilies.byId(manifest.get("family").asText());
    }
    Optional<ModelFamily> byFiles = ModelFamilies.byFiles(dir);
    if (byFiles.isPresent()) {
      return byFiles.get();
    }
    if (config.isMissingNode()) {
      throw ModelException.inFile(dir.resolve("config.json"),
          "not found; it tells the model family (or add " + MANIFEST + " with \"family\")");
    }
    String modelType = config.path("model_type").asText("");
    return ModelFamilies.byModelType(modelType).orElseThrow(() -> ModelException.inFile(dir.resolve("config.json"),
        "model_type '" + modelType + "' is not a known family (" + ModelFamilies.detectedByModelType()
            + ") and there is no modules.json; add " + MANIFEST + " with \"family\""));
  }

  private Map<Modality, Path> findGraphs() {
    Map<Modality, Path> g = new EnumMap<>(Modality.class);
    family.graphNames().forEach((m, baseName) -> g.put(m, graph(m, baseName)));
    return Collections.unmodifiableMap(g);
  }

  /** Whether the folder's graphs are a quantized variant ({@code "variant": "quantized"}, or an int8/uint8 one). */
  private boolean quantized() {
    String variant = manifest.path("variant").asText("").toLowerCase(java.util.Locale.ROOT);
    return variant.contains("quant") || variant.contains("int8");
  }

  /** The tower's graph: the manifest's path, else {@code onnx/NAME[_variant].onnx} or {@code NAME[_variant].onnx}. */
  private Path graph(Modality m, String baseName) {
    String explicit = tower(m).path("onnx").asText("");
    if (!explicit.isEmpty()) {
      Path p = dir.resolve(explicit);
      if (!Files.isRegularFile(p)) {
        throw ModelException.inFile(p, "ONNX graph named in " + MANIFEST + " not found");
      }
      return p;
    }
    String variant = manifest.path("variant").asText("");
    String file = baseName + (variant.isEmpty() ? "" : "_" + variant) + ".onnx";
    for (Path p : List.of(dir.resolve("onnx").resolve(file), dir.resolve(file))) {
      if (Files.isRegularFile(p)) {
        return p;
      }
    }
    throw ModelException.inFile(dir.resolve("onnx").resolve(file), family.id() + " " + m.id()
        + " tower not found (looked for onnx/" + file + " and " + file + ")");
  }

  // ------------------------------------------------------------------ identity

  /** SHA-256 over every file that shapes the vectors, by relative path, in sorted order. */
  private String hash() {
    Set<Path> files = new TreeSet<>(graphs.values());
    if (manifest.has("adapter")) {
      files.add(dir.resolve(manifest.get("adapter").asText()));
    }
    for (String name : List.of(MANIFEST, "config.json", "tokenizer.json", "tokenizer_config.json",
        "preprocessor_config.json", "modules.json", "1_Pooling/config.json", "sentence_bert_config.json",
        "config_sentence_transformers.json")) {
      Path p = dir.resolve(name);
      if (Files.isRegularFile(p)) {
        files.add(p);
      }
    }
    try {
      MessageDigest all = MessageDigest.getInstance("SHA-256");
      byte[] buf = new byte[1 << 16];
      for (Path p : files) {
        all.update(dir.relativize(p).toString().replace('\\', '/').getBytes(java.nio.charset.StandardCharsets.UTF_8));
        all.update((byte) 0);
        try (InputStream in = new DigestInputStream(Files.newInputStream(p), all)) {
          while (in.read(buf) != -1) {
            // the digest stream consumes the bytes
          }
        }
      }
      return HexFormat.of().formatHex(all.digest());
    } catch (IOException e) {
      throw new ModelException(dir + ": cannot read model files for hashing: " + e.getMessage(), e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static JsonNode readJson(Path file, boolean required) {
    if (!Files.isRegularFile(file)) {
      if (required) {
        throw ModelException.inFile(file, "required file not found");
      }
      return MissingNode.getInstance();
    }
    try {
      return JSON.readTree(file.toFile());
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw ModelException.inFile(file, "not valid JSON: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw ModelException.inFile(file, "cannot read: " + e.getMessage(), e);
    }
  }

  @Override
  public String toString() {
    return "ModelFolder(" + dir + ", " + family.id() + ", " + identity + ")";
  }
}
