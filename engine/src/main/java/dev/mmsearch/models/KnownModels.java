package dev.mmsearch.models;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The built-in list of models {@code mmsearch models fetch} knows by name, read from
 * {@code known-models.json} beside this class. Immutable.
 */
public final class KnownModels {

  private static final List<KnownModel> ALL = load();

  private KnownModels() {}

  public static List<KnownModel> all() {
    return ALL;
  }

  public static Optional<KnownModel> find(String name) {
    return ALL.stream().filter(m -> m.name().equals(name)).findFirst();
  }

  public static List<String> names() {
    return ALL.stream().map(KnownModel::name).toList();
  }

  private static List<KnownModel> load() {
    try (InputStream in = KnownModels.class.getResourceAsStream("known-models.json")) {
      if (in == null) {
        throw new IllegalStateException("known-models.json is missing from the classpath");
      }
      ObjectMapper json = new ObjectMapper();
      JsonNode root = json.readTree(in);
      List<KnownModel> out = new ArrayList<>();
      for (JsonNode m : root.path("models")) {
        List<String> common = new ArrayList<>();
        m.path("common").forEach(f -> common.add(f.asText()));
        Map<String, Map<String, Long>> variants = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = m.path("variants").fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> v = it.next();
          Map<String, Long> files = new LinkedHashMap<>();
          v.getValue().path("files").fields().forEachRemaining(f -> files.put(f.getKey(), f.getValue().asLong()));
          variants.put(v.getKey(), files);
        }
        out.add(new KnownModel(m.path("name").asText(), m.path("repo").asText(), m.path("revision").asText(),
            m.path("space").asText(), m.path("family").asText(), m.path("dimension").asInt(), m.path("licence").asText(),
            List.copyOf(common), variants, m.path("settings").isObject() ? m.get("settings") : json.createObjectNode()));
      }
      return List.copyOf(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
