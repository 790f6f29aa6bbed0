package dev.mmsearch.query;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One part of a JSON query as it arrived, before its type read it: its position (for messages),
 * its type name, its weight and the other keys it was given with their values (strings, lists,
 * maps; absent keys are left out). The API fills it from its request record without knowing any
 * part type, so a part type with a new key needs no parsing code outside its {@link PartType}.
 *
 * @param index the part's position in the query, named in messages ("part 2 ...")
 * @param weight the part's weight, 1 when the request gave none
 * @param given each key the part was given (besides {@code type} and {@code weight}) and its value
 */
public record PartInput(int index, String type, double weight, Map<String, Object> given) {

  public PartInput {
    given = Map.copyOf(given);
  }

  /** The keys given. */
  public Set<String> keys() {
    return given.keySet();
  }

  /** A string key's value, or null. */
  public String string(String key) {
    return (String) given.get(key);
  }

  /** A list key's value, or null. */
  @SuppressWarnings("unchecked")
  public <T> List<T> list(String key) {
    return (List<T>) given.get(key);
  }

  /** An object key's value, its values of the type the part type declared, or null. */
  @SuppressWarnings("unchecked")
  public <T> Map<String, T> map(String key) {
    return (Map<String, T>) given.get(key);
  }

  /** "part 2", for messages. */
  public String where() {
    return "part " + index;
  }

  /**
   * A soft target on one number as a request writes it (the values of a metadata part's
   * {@code targets}): exactly one of value, min and max, and an optional scale. The API's request
   * record implements it, so the metadata part type reads it without a copy.
   */
  public interface Target {
    Double value();

    Double min();

    Double max();

    Double scale();
  }
}
