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
    if (family == ModelFamily.AUDIO_SIGNAL) {
      return Set.of(Modality.AUDIO);
    }
    return Collections.unmodifiableSet(graphs.keySet());
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
    if (family == ModelFamily.AUDIO_SIGNAL) {
      return loadSignal(modality, adapted);
    }
    Path graph = graphs.get(modality);
    if (graph == null) {
      throw new ModelException(dir + ": " + family.id() + " model has no " + modality.id() + " tower (has: "
          + graphs.keySet().stream().map(Modality::id).toList() + ")");
    }
    OnnxModel model = OnnxModel.open(graph, options);
    try {
      EmbeddingHead head = head(modality, model);
      if (adapted && manifest.has("adapter")) {
        head = head.withAdapter(Adapter.read(dir.resolve(manifest.get("adapter").asText())));
      }
      return switch (modality) {
        case TEXT -> newTextEncoder(model, head, options);
        case IMAGE -> new ImageEncoder(model, PixelPreprocessor.fromConfig(preprocessorConfig()), head, identity, options);
        case AUDIO -> new AudioEncoder(model, new ClapFeatureExtractor(preprocessorConfig()), head, identity, options);
        case NAME -> throw new ModelException(dir + ": names are embedded by the space's text encoder, not a model of their own");
      };
    } catch (RuntimeException e) {
      model.close();
      if (e instanceof ModelException) {
        throw e;
      }
      throw new ModelException(dir + ": " + e.getMessage(), e);
    }
  }

  /** The signal-statistics encoder: no graph, its settings in the manifest's {@code audio} block, an adapter required. */
  private Encoder loadSignal(Modality modality, boolean adapted) {
    if (modality != Modality.AUDIO) {
      throw new ModelException(dir + ": " + family.id() + " model has no " + modality.id() + " tower (has: audio)");
    }
    if (adapted && !manifest.has("adapter")) {
      throw ModelException.inFile(dir.resolve(MANIFEST), family.id() + " needs an \"adapter\" mapping its signal features into a space");
    }
    try {
      SignalFeatures features = SignalFeatures.fromConfig(tower(Modality.AUDIO));
      Adapter adapter = adapted ? Adapter.read(dir.resolve(manifest.get("adapter").asText())) : null;
      return new SignalFeatureEncoder(features, adapter, manifest.path("normalize").asBoolean(true), identity);
    } catch (IllegalArgumentException e) {
      throw ModelException.inFile(dir.resolve(MANIFEST), e.getMessage(), e);
    }
  }

  // ------------------------------------------------------------------ family and files

  private ModelFamily detectFamily() {
    if (manifest.has("family")) {
      return ModelFamily.fromString(manifest.get("family").asText());
    }
    if (Files.exists(dir.resolve("modules.json"))) {
      return ModelFamily.SENTENCE_TRANSFORMERS;
    }
    if (config.isMissingNode()) {
      throw ModelException.inFile(dir.resolve("config.json"),
          "not found; it tells the model family (or add " + MANIFEST + " with \"family\")");
    }
    String modelType = config.path("model_type").asText("");
    ModelFamily f = ModelFamily.fromModelType(modelType);
    if (f == null) {
      throw ModelException.inFile(dir.resolve("config.json"), "model_type '" + modelType
          + "' is not a known family (clip, siglip, dinov2) and there is no modules.json; add " + MANIFEST
          + " with \"family\"");
    }
    return f;
  }

  private Map<Modality, Path> findGraphs() {
    Map<Modality, Path> g = new EnumMap<>(Modality.class);
    switch (family) {
      case CLIP, SIGLIP -> {
        g.put(Modality.TEXT, graph(Modality.TEXT, "text_model"));
        g.put(Modality.IMAGE, graph(Modality.IMAGE, "vision_model"));
      }
      case DINOV2, IMAGE_FEATURES -> g.put(Modality.IMAGE, graph(Modality.IMAGE, "model"));
      case SENTENCE_TRANSFORMERS -> g.put(Modality.TEXT, graph(Modality.TEXT, "model"));
      case CLAP -> {
        g.put(Modality.TEXT, graph(Modality.TEXT, "text_model"));
        g.put(Modality.AUDIO, graph(Modality.AUDIO, "audio_model"));
      }
      case AUDIO_FEATURES -> g.put(Modality.AUDIO, graph(Modality.AUDIO, "model"));
      case AUDIO_SIGNAL -> {
        // computed in Java: no graph
      }
    }
    return g;
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

  private JsonNode tower(Modality m) {
    return manifest.path(m.id());
  }

  private JsonNode preprocessorConfig() {
    return readJson(dir.resolve("preprocessor_config.json"), true);
  }

  // ------------------------------------------------------------------ heads and text settings

  private EmbeddingHead head(Modality m, OnnxModel model) {
    boolean normalize = manifest.path("normalize").asBoolean(true);
    JsonNode t = tower(m);
    if (t.has("output")) {
      Pooling pooling = Pooling.fromString(t.path("pooling").asText("none"));
      return new EmbeddingHead(t.get("output").asText(), pooling, normalize);
    }
    return switch (family) {
      case CLIP -> new EmbeddingHead(m == Modality.TEXT ? "text_embeds" : "image_embeds", Pooling.NONE, normalize);
      case CLAP -> new EmbeddingHead(m == Modality.TEXT ? "text_embeds" : "audio_embeds", Pooling.NONE, normalize);
      case SIGLIP -> new EmbeddingHead("pooler_output", Pooling.NONE, normalize);
      case DINOV2 -> {
        Pooling pooling = t.has("pooling") ? Pooling.fromString(t.get("pooling").asText()) : null;
        if (pooling == Pooling.NONE || (pooling == null && model.outputs().containsKey("pooler_output"))) {
          yield new EmbeddingHead("pooler_output", Pooling.NONE, normalize);
        }
        yield new EmbeddingHead("last_hidden_state", pooling == null ? Pooling.CLS : pooling, normalize);
      }
      case SENTENCE_TRANSFORMERS -> {
        if (model.outputs().containsKey("sentence_embedding")) {
          yield new EmbeddingHead("sentence_embedding", Pooling.NONE, normalize);
        }
        String out = model.outputs().containsKey("token_embeddings") ? "token_embeddings" : "last_hidden_state";
        yield new EmbeddingHead(out, sentenceTransformersPooling(), normalize);
      }
      case IMAGE_FEATURES, AUDIO_FEATURES, AUDIO_SIGNAL -> throw ModelException.inFile(dir.resolve(MANIFEST),
          family.id() + " models need \"" + m.id() + "\": {\"output\": ...} naming the embedding output; the graph has "
              + new TreeSet<>(model.outputs().keySet()));
    };
  }

  private Pooling sentenceTransformersPooling() {
    Path file = dir.resolve("1_Pooling").resolve("config.json");
    JsonNode p = readJson(file, true);
    if (p.path("pooling_mode_cls_token").asBoolean(false)) {
      return Pooling.CLS;
    }
    if (p.path("pooling_mode_mean_tokens").asBoolean(false)) {
      return Pooling.MEAN;
    }
    throw ModelException.inFile(file, "pooling mode not supported: only pooling_mode_cls_token and pooling_mode_mean_tokens are");
  }

  private TextEncoder newTextEncoder(OnnxModel model, EmbeddingHead head, EncoderOptions options) {
    JsonNode t = tower(Modality.TEXT);
    Path tokenizerFile = dir.resolve("tokenizer.json");
    JsonNode tokenizerConfig = readJson(dir.resolve("tokenizer_config.json"), false);
    int maxLength = t.path("maxLength").asInt(defaultMaxLength(tokenizerConfig));
    boolean padToMax = t.path("padToMaxLength").asBoolean(family == ModelFamily.SIGLIP);
    long padId = t.has("padId") ? t.get("padId").asLong() : padId(tokenizerFile, tokenizerConfig);
    JsonNode prompts = readJson(dir.resolve("config_sentence_transformers.json"), false).path("prompts");
    String queryPrefix = t.path("queryPrefix").asText(prompts.path("query").asText(""));
    String documentPrefix = t.path("documentPrefix").asText(
        prompts.path("document").asText(prompts.path("passage").asText("")));
    boolean lowercase = t.path("lowercase").asBoolean(false);
    TextTokenizer tokenizer = new TextTokenizer(tokenizerFile, maxLength, padToMax, padId, lowercase);
    try {
      return new TextEncoder(model, tokenizer, head, identity, options, queryPrefix, documentPrefix);
    } catch (RuntimeException e) {
      tokenizer.close();
      throw e;
    }
  }

  /** sentence-transformers' max_seq_length, else the tokenizer's model_max_length, capped by positions. */
  private int defaultMaxLength(JsonNode tokenizerConfig) {
    long positions = config.path("text_config").path("max_position_embeddings")
        .asLong(config.path("max_position_embeddings").asLong(Long.MAX_VALUE));
    long length = readJson(dir.resolve("sentence_bert_config.json"), false).path("max_seq_length")
        .asLong(tokenizerConfig.path("model_max_length").asLong(512));
    // Tokenizers without a limit report model_max_length as a huge sentinel (1e30).
    if (length <= 0 || length > 1_000_000) {
      length = 512;
    }
    return (int) Math.min(length, positions);
  }

  /** The id of tokenizer_config's pad token, else tokenizer.json's padding pad_id, else 0. */
  private static long padId(Path tokenizerFile, JsonNode tokenizerConfig) {
    JsonNode pad = tokenizerConfig.path("pad_token");
    String padToken = pad.isTextual() ? pad.asText() : pad.path("content").asText(null);
    JsonNode spec = readJson(tokenizerFile, true);
    if (padToken != null) {
      for (JsonNode added : spec.path("added_tokens")) {
        if (padToken.equals(added.path("content").asText())) {
          return added.path("id").asLong();
        }
      }
      JsonNode id = spec.path("model").path("vocab").path(padToken);
      if (id.isNumber()) {
        return id.asLong();
      }
      throw ModelException.inFile(tokenizerFile, "pad token '" + padToken + "' from tokenizer_config.json is not in the vocabulary");
    }
    return spec.path("padding").path("pad_id").asLong(0);
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
