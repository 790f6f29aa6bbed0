package dev.mmsearch.api;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/**
 * Makes request parsing strict, so that a typo or a wrong type fails loudly instead of quietly
 * changing the query: unknown keys, duplicate keys, trailing content, and coercions between types
 * ({@code "k": "5"}, {@code "k": 5.5}, {@code "text": 5}, a single value for an array) are all
 * errors that {@link Problems} turns into 400s naming the key.
 *
 * <p>Also sizes Jackson's string limit to the configured image limit: a base64 image is one JSON
 * string, and the default cap (20 MB of characters) would otherwise reject it with an unrelated
 * message, or let through more than the limit.
 */
@Singleton
public class StrictJson implements ObjectMapperCustomizer {

  /** Nesting no request needs more than a few levels of. */
  static final int MAX_NESTING = 32;

  @Inject
  MmsearchConfig config;

  @Override
  public void customize(ObjectMapper mapper) {
    mapper.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, DeserializationFeature.FAIL_ON_TRAILING_TOKENS,
        DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);
    mapper.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT, DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY);
    mapper.disable(MapperFeature.ALLOW_COERCION_OF_SCALARS);
    mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    for (LogicalType t : new LogicalType[] {LogicalType.Textual, LogicalType.Integer, LogicalType.Float, LogicalType.Boolean}) {
      mapper.coercionConfigFor(t)
          .setCoercion(CoercionInputShape.String, t == LogicalType.Textual ? CoercionAction.TryConvert : CoercionAction.Fail)
          .setCoercion(CoercionInputShape.Integer, t == LogicalType.Integer || t == LogicalType.Float
              ? CoercionAction.TryConvert : CoercionAction.Fail)
          .setCoercion(CoercionInputShape.Float, t == LogicalType.Float ? CoercionAction.TryConvert : CoercionAction.Fail)
          .setCoercion(CoercionInputShape.Boolean, t == LogicalType.Boolean ? CoercionAction.TryConvert : CoercionAction.Fail)
          .setCoercion(CoercionInputShape.EmptyString, t == LogicalType.Textual ? CoercionAction.TryConvert : CoercionAction.Fail);
    }
    // "k": null is not "k" left out: an explicit null for a number or switch of the request is an error.
    mapper.registerModule(new com.fasterxml.jackson.databind.module.SimpleModule("mmsearch-no-null-scalars")
        .addDeserializer(Integer.class, new NoNull<>(Integer.class))
        .addDeserializer(Boolean.class, new NoNull<>(Boolean.class)));
    // 4 characters per 3 bytes, plus a data: URL prefix.
    long largest = Math.max(config.limits().maxVideoBytes(), Math.max(config.limits().maxImageBytes(), config.limits().maxAudioBytes()));
    long base64 = (largest + 2) / 3 * 4 + 1024;
    mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
        .maxStringLength((int) Math.min(Integer.MAX_VALUE, base64))
        .maxNestingDepth(MAX_NESTING)
        .maxNumberLength(64)
        .build());
  }

  /**
   * A number or switch of the request ({@code Integer}, {@code Boolean}) that may be left out, its
   * default then applying, but not given as {@code null}. Parsing is Jackson's own for the type,
   * coercion rules included.
   */
  static final class NoNull<T> extends com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer<T> {
    private final Class<T> type;

    NoNull(Class<T> type) {
      super(type);
      if (type != Integer.class && type != Boolean.class) {
        throw new IllegalArgumentException("only Integer and Boolean, got: " + type);
      }
      this.type = type;
    }

    @Override
    public T deserialize(JsonParser p, com.fasterxml.jackson.databind.DeserializationContext ctxt) throws java.io.IOException {
      return type.cast(type == Integer.class ? _parseInteger(p, ctxt, Integer.class) : _parseBoolean(p, ctxt, Boolean.class));
    }

    @Override
    public T getNullValue(com.fasterxml.jackson.databind.DeserializationContext ctxt)
        throws com.fasterxml.jackson.databind.JsonMappingException {
      return ctxt.reportInputMismatch(this, "null given for " + (type == Integer.class ? "an integer" : "true or false")
          + "; leave the key out for its default");
    }

    @Override
    public Object getAbsentValue(com.fasterxml.jackson.databind.DeserializationContext ctxt) {
      return null;
    }
  }
}
