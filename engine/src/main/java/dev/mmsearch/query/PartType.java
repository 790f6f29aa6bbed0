package dev.mmsearch.query;

import dev.mmsearch.catalog.Spaces;
import dev.mmsearch.extract.DecodeException;
import dev.mmsearch.media.Medium;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * One type of query part as requests write it ({@code text}, {@code image}, {@code item}, ...):
 * its name, the keys of its JSON object, the fields it reads from a flat form (GET query
 * parameters, multipart fields), how it is checked and parsed, with the messages, and whether a
 * catalog can answer it. The API iterates {@link PartTypes} for all of these instead of switching
 * on names, so a new part type is a new implementation plus its registration.
 *
 * <p>What a parsed part searches (its ranked lists) is said by its {@link PartKind}.
 */
public interface PartType {

  /** Name in requests ({@code "type"} of a JSON part) and in {@code /api/stats}. */
  String name();

  /**
   * The JSON keys a part of this type is read from besides {@code type} and {@code weight}, in
   * order of preference: a part needs one of them and is read from the first it has. Messages
   * name them last-first ({@code "targets" or "describe"}).
   */
  List<String> keys();

  /** JSON keys a part of this type also takes beside its key ({@code proportions}, {@code route}). */
  default Set<String> companions() {
    return Set.of();
  }

  /**
   * Checks a JSON part before the query takes an inference slot: everything but decoding.
   * Messages name the rule and the bad value; the caller prefixes the part's position.
   */
  default void check(PartInput in) {
    try {
      parse(in);
    } catch (DecodeException e) {
      throw new IllegalStateException("a part type that decodes must override check", e);
    }
  }

  /** Reads a JSON part already {@link #check}ed; may decode (images, sounds) and so throws what decoders throw. */
  QueryPart parse(PartInput in) throws DecodeException;

  /**
   * Numeric metadata keys the part names ({@code targets}), which the index must have been
   * written with: a misspelt key would otherwise score every item alike.
   */
  default Set<String> numberKeys(PartInput in) {
    return Set.of();
  }

  /**
   * Refuses the part before anything is decoded when no space of the catalog could search it;
   * {@code where} prefixes the message ("part 2: ", or "" for a form upload).
   */
  default void requireSearchable(Spaces spaces, String where) {}

  /** Whether the catalog can answer parts of this type: what {@code /api/stats} lists. */
  boolean answerable(Spaces spaces);

  /** Text fields a multipart search form takes for this type (a weight, a route, ...), uploads included. */
  default Set<String> formFields() {
    return Set.of();
  }

  /** Query parameters a GET search takes for this type; the form's fields without uploads unless said. */
  default Set<String> queryFields() {
    return upload().isPresent() ? Set.of() : formFields();
  }

  /**
   * The part a flat form (GET query, multipart text fields) gives for this type, read by field
   * name, or empty when the form gives none. Uploads are read by the API ({@link #upload}).
   */
  default Optional<QueryPart> fromForm(UnaryOperator<String> value) {
    return Optional.empty();
  }

  /** The medium a multipart form uploads as a file field named after this type, if it does. */
  default Optional<Medium> upload() {
    return Optional.empty();
  }

  /** The form field holding the weight of a part of type {@code name}: {@code textWeight}, {@code imageWeight}. */
  static String weightField(String name) {
    return name + "Weight";
  }
}
