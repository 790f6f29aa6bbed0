package dev.mmsearch.encode;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A family whose towers are ONNX graphs: it builds each tower's encoder from the graph, the
 * folder's preprocessing files and an {@link EmbeddingHead}. The manifest's {@code output} (and
 * {@code pooling}) name the head when given; otherwise the family's {@link #defaultHead} does.
 * Subclasses say only what differs: their graph names, model types and default heads.
 */
abstract class OnnxFamily implements ModelFamily {

  private final String id;
  private final Map<Modality, String> graphNames;
  private final Set<String> modelTypes;

  OnnxFamily(String id, Map<Modality, String> graphNames, Set<String> modelTypes) {
    this.id = id;
    this.graphNames = Collections.unmodifiableMap(new EnumMap<>(graphNames));
    this.modelTypes = Set.copyOf(modelTypes);
  }

  @Override
  public final String id() {
    return id;
  }

  @Override
  public final Map<Modality, String> graphNames() {
    return graphNames;
  }

  @Override
  public final Set<String> modelTypes() {
    return modelTypes;
  }

  /**
   * The head of a tower whose manifest names no output. The default refuses: generic families
   * cannot guess which output holds the embedding.
   */
  EmbeddingHead defaultHead(ModelFolder folder, Modality m, OnnxModel model, boolean normalize) {
    throw ModelException.inFile(folder.dir().resolve(ModelFolder.MANIFEST),
        id + " models need \"" + m.id() + "\": {\"output\": ...} naming the embedding output; the graph has "
            + new TreeSet<>(model.outputs().keySet()));
  }

  /** Whether text is padded to its full length by default (SigLIP's towers were trained so). */
  boolean padsTextToMaxLength() {
    return false;
  }

  @Override
  public final Encoder load(ModelFolder folder, Modality modality, EncoderOptions options, boolean adapted) {
    Path graph = folder.graphs().get(modality);
    if (graph == null) {
      throw new ModelException(folder.dir() + ": " + id + " model has no " + modality.id() + " tower (has: "
          + folder.graphs().keySet().stream().map(Modality::id).toList() + ")");
    }
    OnnxModel model = OnnxModel.open(graph, options);
    try {
      EmbeddingHead head = head(folder, modality, model);
      Adapter adapter = adapted ? folder.adapter() : null;
      if (adapter != null) {
        head = head.withAdapter(adapter);
      }
      return switch (modality) {
        case TEXT -> TextTower.encoder(folder, model, head, options, padsTextToMaxLength());
        case IMAGE -> new ImageEncoder(model, PixelPreprocessor.fromConfig(folder.preprocessorConfig()), head,
            folder.identity(), options);
        case AUDIO -> new AudioEncoder(model, new ClapFeatureExtractor(folder.preprocessorConfig()), head,
            folder.identity(), options);
        case NAME -> throw new ModelException(folder.dir()
            + ": names are embedded by the space's text encoder, not a model of their own");
        default -> throw new ModelException(folder.dir() + ": no ONNX tower reads " + modality.id() + " yet");
      };
    } catch (RuntimeException e) {
      model.close();
      if (e instanceof ModelException) {
        throw e;
      }
      throw new ModelException(folder.dir() + ": " + e.getMessage(), e);
    }
  }

  private EmbeddingHead head(ModelFolder folder, Modality m, OnnxModel model) {
    boolean normalize = folder.normalize();
    JsonNode t = folder.tower(m);
    if (t.has("output")) {
      Pooling pooling = Pooling.fromString(t.path("pooling").asText("none"));
      return new EmbeddingHead(t.get("output").asText(), pooling, normalize);
    }
    return defaultHead(folder, m, model, normalize);
  }

  @Override
  public String toString() {
    return id;
  }
}
