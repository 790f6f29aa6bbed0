package dev.mmsearch.index;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.type.TypeFactory;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The vector fields of an index, by name. Stored as JSON beside the data — in each Lucene commit's
 * user data, in a cluster's collection properties — under {@value #COMMIT_KEY} and reconciled with
 * the catalog whenever the index is opened, by every backend alike.
 */
public record IndexSchema(Map<String, VectorFieldSpec> fields) {

  public static final String COMMIT_KEY = "mmsearch.schema";
  private static final ObjectMapper JSON = new ObjectMapper();

  public IndexSchema {
    fields = Collections.unmodifiableMap(new TreeMap<>(fields));
    fields.forEach((name, spec) -> {
      if (!name.equals(spec.name())) {
        throw new IllegalArgumentException("schema key '" + name + "' differs from field name '" + spec.name() + "'");
      }
    });
  }

  public static IndexSchema of(List<VectorFieldSpec> specs) {
    Map<String, VectorFieldSpec> m = new TreeMap<>();
    for (VectorFieldSpec s : specs) {
      if (m.put(s.name(), s) != null) {
        throw new IllegalArgumentException("vector field defined twice: " + s.name());
      }
    }
    return new IndexSchema(m);
  }

  public static final IndexSchema EMPTY = new IndexSchema(Map.of());

  /**
   * Merges what an index already holds ({@code stored}) with this (the catalog's) schema. Fields in
   * both must agree on model, dimension, similarity and format; fields only in one are kept.
   *
   * @throws IndexSchemaException listing every disagreement
   */
  public IndexSchema reconcile(IndexSchema stored) {
    List<String> problems = new ArrayList<>();
    Map<String, VectorFieldSpec> merged = new TreeMap<>(stored.fields);
    for (VectorFieldSpec want : fields.values()) {
      VectorFieldSpec have = stored.fields.get(want.name());
      if (have != null) {
        if (!have.model().sha256().equals(want.model().sha256())) {
          problems.add("field " + want.name() + " holds vectors from model " + have.model() + " but the catalog gives "
              + want.model() + " for it");
        } else if (have.dimension() != want.dimension() || have.similarity() != want.similarity()) {
          problems.add("field " + want.name() + " has dimension " + have.dimension() + "/" + have.similarity().id()
              + " but the catalog says " + want.dimension() + "/" + want.similarity().id());
        } else if (have.format() != want.format()) {
          problems.add("field " + want.name() + " is stored as " + have.format().id() + " but the catalog asks for "
              + want.format().id());
        }
      }
      merged.put(want.name(), want);
    }
    if (!problems.isEmpty()) {
      throw new IndexSchemaException(String.join("; ", problems)
          + ". Never mixed: index into a new directory, or point the catalog back at the original model.");
    }
    return new IndexSchema(merged);
  }

  /**
   * The spec of a vector field.
   *
   * @throws IllegalArgumentException for a field this schema does not have
   */
  public VectorFieldSpec require(String field) {
    VectorFieldSpec spec = fields.get(field);
    if (spec == null) {
      throw new IllegalArgumentException("unknown vector field '" + field + "' (index has: " + fields.keySet() + ")");
    }
    return spec;
  }

  /** The schema as stored beside an index (a Lucene commit's user data, a cluster's collection property). */
  public String toJson() {
    try {
      return JSON.writeValueAsString(fields);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Reads {@link #toJson()}; null or empty is the empty schema.
   *
   * @throws IndexSchemaException when the text is not a schema
   */
  public static IndexSchema fromJson(String json) {
    if (json == null || json.isEmpty()) {
      return EMPTY;
    }
    try {
      TypeFactory t = JSON.getTypeFactory();
      Map<String, VectorFieldSpec> m = JSON.readValue(json, t.constructMapType(TreeMap.class, String.class, VectorFieldSpec.class));
      return new IndexSchema(m);
    } catch (JsonProcessingException e) {
      throw new IndexSchemaException("the index carries an unreadable schema: " + e.getOriginalMessage());
    }
  }
}
