package dev.mmsearch.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a sidecar {@code name.json} or a manifest line says about an item besides its files:
 * searchable text ({@code caption}, {@code title}, {@code text}, {@code tags}), display fields and
 * filterable metadata. Every other scalar or list of scalars becomes both a display field and
 * metadata, so {@code {"brand": "acme"}} can be filtered on.
 */
record Annotations(String text, Map<String, String> fields, Map<String, List<String>> metadata) {

  private static final List<String> TEXT_KEYS = List.of("title", "caption", "text", "description");

  static Annotations ofCaption(String caption) {
    String c = caption.strip();
    return new Annotations(c, c.isEmpty() ? Map.of() : Map.of("caption", c), Map.of());
  }

  /**
   * @param skip keys that are not annotations (a manifest's {@code id}, {@code image}, {@code audio})
   * @throws IllegalArgumentException for values that are neither scalars nor lists of scalars
   */
  static Annotations of(JsonNode object, Set<String> skip) {
    if (!object.isObject()) {
      throw new IllegalArgumentException("expected a JSON object, got: " + object.getNodeType().name().toLowerCase());
    }
    StringBuilder text = new StringBuilder();
    Map<String, String> fields = new LinkedHashMap<>();
    Map<String, List<String>> metadata = new LinkedHashMap<>();
    for (String key : TEXT_KEYS) {
      JsonNode v = object.get(key);
      if (v != null && !skip.contains(key)) {
        if (!v.isValueNode()) {
          throw new IllegalArgumentException("'" + key + "' must be a string, got: " + v.getNodeType().name().toLowerCase());
        }
        append(text, v.asText());
        fields.put(key, v.asText());
      }
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String key = e.getKey();
      if (skip.contains(key) || TEXT_KEYS.contains(key)) {
        continue;
      }
      List<String> values = scalars(key, e.getValue());
      if (key.equals("tags") || key.equals("keywords")) {
        values.forEach(v -> append(text, v));
      }
      metadata.put(key, values);
      fields.put(key, String.join(", ", values));
    }
    return new Annotations(text.toString(), fields, metadata);
  }

  private static List<String> scalars(String key, JsonNode v) {
    List<String> out = new ArrayList<>();
    if (v.isValueNode() && !v.isNull()) {
      out.add(v.asText());
    } else if (v.isArray()) {
      for (JsonNode x : v) {
        if (!x.isValueNode() || x.isNull()) {
          throw new IllegalArgumentException("'" + key + "' must hold strings or numbers, got an element of type "
              + x.getNodeType().name().toLowerCase());
        }
        out.add(x.asText());
      }
    } else if (!v.isNull()) {
      throw new IllegalArgumentException("'" + key + "' must be a string, number or list, got: " + v.getNodeType().name().toLowerCase());
    }
    return out;
  }

  private static void append(StringBuilder sb, String s) {
    if (!s.isBlank()) {
      if (!sb.isEmpty()) {
        sb.append(". ");
      }
      sb.append(s.strip());
    }
  }
}
