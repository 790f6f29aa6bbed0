package dev.mmsearch.api;

import dev.mmsearch.api.Dtos.PartBody;
import dev.mmsearch.catalog.Spaces;
import dev.mmsearch.extract.DecodeException;
import dev.mmsearch.query.MediaRejectedException;
import dev.mmsearch.query.PartInput;
import dev.mmsearch.query.PartType;
import dev.mmsearch.query.PartTypes;
import dev.mmsearch.query.QueryPart;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Reads the parts of a JSON query through the part-type registry ({@link PartTypes}): each
 * {@link PartBody} becomes a {@link PartInput} holding the keys it was given, whatever they are,
 * so a part type with a new key needs only that key on {@link PartBody}. Checked before the query
 * takes an inference slot; parsed inside it (media are decoded during the search, only where their
 * embeddings are not cached: {@link QueryPart.Media#upload}).
 */
final class JsonParts {

  /** The keys every part has, read by the registry itself rather than by its type. */
  private static final Set<String> COMMON = Set.of("type", "weight");

  private JsonParts() {}

  /** A part whose shape and cheap values were checked, with its type. */
  record Checked(PartType type, PartInput input) {

    /** Parses the part; a medium refused before decoding (too many bytes) is said of its part. */
    QueryPart parse() {
      try {
        return type.parse(input);
      } catch (DecodeException e) {
        throw new MediaRejectedException(input.index(), new MediaRejectedException(type.name(), e));
      }
    }
  }

  /**
   * Checks part {@code i}: that it is an object, its type, its keys, its values and that the
   * catalog ({@code spaces}) can search it.
   */
  static Checked check(int i, PartBody p, Supplier<PartTypes> types, Supplier<Spaces> spaces) {
    if (p == null) {
      throw new IllegalArgumentException("part " + i + " is null; parts are objects with a \"type\"");
    }
    PartInput in = input(i, p);
    return new Checked(types.get().check(in, spaces.get()), in);
  }

  /** The part as the registry reads it: its type, weight (1 when absent) and every other key given. */
  static PartInput input(int i, PartBody p) {
    Map<String, Object> given = new LinkedHashMap<>();
    for (RecordComponent c : PartBody.class.getRecordComponents()) {
      if (COMMON.contains(c.getName())) {
        continue;
      }
      try {
        Object value = c.getAccessor().invoke(p);
        if (value != null) {
          given.put(c.getName(), value);
        }
      } catch (IllegalAccessException | InvocationTargetException e) {
        throw new IllegalStateException("cannot read " + c.getName() + " of a part", e);
      }
    }
    return new PartInput(i, p.type(), p.weight() == null ? 1.0 : p.weight(), given);
  }
}
