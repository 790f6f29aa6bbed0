package dev.mmsearch.predict;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.mmsearch.encode.Adapter;
import dev.mmsearch.encode.ModelIdentity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Objects;

/**
 * Predicts a visual space's embedding from a derived modality (4M-21's route from pseudo labels to
 * global embeddings): a palette vector, or a picture's look numbers ({@link MetadataFeatures}),
 * mapped by an {@link Adapter} trained on the collection itself (every item has both), so a
 * palette or metadata query can also search where pictures are compared by what they show.
 *
 * <p>Kept in the index folder ({@code predictors/<from>-to-<to>/}) beside the vectors it was
 * learnt from, with the identities of both fields: a predictor whose fields were since rebuilt by
 * another model is refused on load, like a vector from another model. Immutable, thread-safe.
 *
 * @param from the source: a palette vector field ({@code palette.image}) or {@value #METADATA}
 * @param fromIdentity the source field's model identity (the metadata features' own for {@value #METADATA})
 * @param to the predicted vector field ({@code clip.image})
 * @param space the space of {@code to}
 * @param toIdentity the model identity of {@code to}
 * @param preferred the route measured best on held-out items, used when a query names none
 * @param report what training measured (held-out figures per route), as written to predictor.json
 */
public record Predictor(String from, ModelIdentity fromIdentity, String to, String space, ModelIdentity toIdentity, Route preferred,
    Adapter adapter, Map<String, Object> report) {

  /** Source name of predictors that read the look numbers. */
  public static final String METADATA = "metadata";

  /** The identity recorded for the metadata features: changes when {@link MetadataFeatures} changes. */
  public static final ModelIdentity METADATA_IDENTITY = new ModelIdentity("metadata-features",
      sha256(String.join(",", MetadataFeatures.KEYS) + "; log1p sharpness, log aspect, log megapixels"));

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  public Predictor {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(preferred, "preferred");
    Objects.requireNonNull(adapter, "adapter");
    report = Map.copyOf(report);
  }

  /** The predicted embedding, at unit length, of a source vector (for metadata, missing values are the collection's mean). */
  public float[] predict(float[] source) {
    float[] in = from.equals(METADATA) ? MetadataFeatures.fill(source, adapter.inputMean()) : source;
    return Adapter.unit(adapter.apply(in));
  }

  /** The folder name of a predictor under {@code predictors/}. */
  public static String folderName(String from, String to) {
    return from + "-to-" + to;
  }

  /** Writes {@code predictor.json} and {@code adapter.safetensors} into {@code folder}, replacing it whole. */
  public void write(Path folder) throws IOException {
    Path tmp = Files.createTempDirectory(folder.getParent(), folder.getFileName() + ".tmp");
    adapter.write(tmp.resolve("adapter.safetensors"), Map.of("from", from, "to", to));
    Map<String, Object> json = new java.util.LinkedHashMap<>();
    json.put("from", from);
    json.put("fromIdentity", fromIdentity);
    json.put("to", to);
    json.put("space", space);
    json.put("toIdentity", toIdentity);
    json.put("preferred", preferred.id());
    json.put("report", report);
    JSON.writeValue(tmp.resolve("predictor.json").toFile(), json);
    if (Files.exists(folder)) {
      Path old = Files.createTempDirectory(folder.getParent(), folder.getFileName() + ".old");
      Files.delete(old);
      Files.move(folder, old, StandardCopyOption.ATOMIC_MOVE);
      Files.move(tmp, folder, StandardCopyOption.ATOMIC_MOVE);
      org.apache.lucene.util.IOUtils.rm(old);
    } else {
      Files.move(tmp, folder, StandardCopyOption.ATOMIC_MOVE);
    }
  }

  /** Reads a predictor folder written by {@link #write}. */
  @SuppressWarnings("unchecked")
  public static Predictor read(Path folder) throws IOException {
    Map<String, Object> json = JSON.readValue(folder.resolve("predictor.json").toFile(), Map.class);
    Adapter adapter = Adapter.read(folder.resolve("adapter.safetensors"));
    return new Predictor((String) json.get("from"), identity(json.get("fromIdentity")), (String) json.get("to"),
        (String) json.get("space"), identity(json.get("toIdentity")), Route.parse((String) json.get("preferred")), adapter,
        (Map<String, Object>) json.getOrDefault("report", Map.of()));
  }

  @SuppressWarnings("unchecked")
  private static ModelIdentity identity(Object o) {
    Map<String, String> m = (Map<String, String>) o;
    return new ModelIdentity(m.get("name"), m.get("sha256"));
  }

  private static String sha256(String s) {
    try {
      return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
          .digest(s.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }
}
