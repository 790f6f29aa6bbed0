package dev.mmsearch.query;

import dev.mmsearch.catalog.Spaces;
import dev.mmsearch.index.Hit;
import dev.mmsearch.media.Medium;
import dev.mmsearch.predict.Route;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * The registry of query part types: the one list of {@link PartKind}s ({@link #KINDS}) and, for a
 * process's media, the {@link PartType}s requests may write, in a fixed order (text, the media,
 * item, palette, metadata). The API reads JSON parts, flat forms and {@code /api/stats} through
 * it; {@link MultimodalSearcher} asks it which lists a part searches. Immutable.
 *
 * <p>To add a part type: a {@link QueryPart} record, its {@link PartKind} and {@link PartType}
 * (one class), and its line in {@link #KINDS}.
 */
public final class PartTypes {

  /** Every kind of part, in the order requests list their types. */
  static final List<PartKind<?>> KINDS = List.of(new TextPart(), new MediaParts(), new ItemPart(), new PalettePart(),
      new MetadataPart());

  private final List<PartType> types;

  private PartTypes(List<PartType> types) {
    this.types = List.copyOf(types);
  }

  /**
   * The part types of a process reading {@code media} ({@link dev.mmsearch.media.Media#all}), one
   * part type per medium. Flat-form text fields and GET parameters do not depend on the media.
   */
  public static PartTypes of(List<Medium> media) {
    List<PartType> types = new ArrayList<>();
    KINDS.forEach(k -> types.addAll(k.types(media)));
    return new PartTypes(types);
  }

  /** Every part type, in order. */
  public List<PartType> all() {
    return types;
  }

  /** Every part type's name, in order. */
  public List<String> names() {
    return types.stream().map(PartType::name).toList();
  }

  public Optional<PartType> named(String name) {
    return types.stream().filter(t -> t.name().equals(name)).findFirst();
  }

  /** The names of the part types {@code spaces} can answer: what a query over this catalog may be composed of. */
  public List<String> answerable(Spaces spaces) {
    return types.stream().filter(t -> t.answerable(spaces)).map(PartType::name).toList();
  }

  /** Every field a multipart search form takes for parts. */
  public Set<String> formFields() {
    Set<String> fields = new LinkedHashSet<>();
    types.forEach(t -> fields.addAll(t.formFields()));
    return fields;
  }

  /** Every query parameter a GET search takes for parts. */
  public Set<String> queryFields() {
    Set<String> fields = new LinkedHashSet<>();
    types.forEach(t -> fields.addAll(t.queryFields()));
    return fields;
  }

  /** The parts a flat form gives as text values, in type order; uploads are not read here ({@link PartType#upload}). */
  public List<QueryPart> fromForm(UnaryOperator<String> value) {
    List<QueryPart> parts = new ArrayList<>();
    types.forEach(t -> t.fromForm(value).ifPresent(parts::add));
    return parts;
  }

  /**
   * Checks a JSON part's shape and everything cheap about it: its type, the key its type needs,
   * no key of another type, its values, and that some space of {@code spaces} can search it.
   *
   * @return its type
   * @throws IllegalArgumentException naming the part's position, the rule and the bad value
   */
  public PartType check(PartInput in, Spaces spaces) {
    String where = in.where();
    if (in.type() == null) {
      throw new IllegalArgumentException(where + " needs a \"type\": " + String.join(", ", names()));
    }
    PartType type = named(in.type()).orElseThrow(() -> new IllegalArgumentException(where + " has unknown type '"
        + abbreviate(in.type()) + "' (known: " + String.join(", ", names()) + ")"));
    List<String> keys = type.keys();
    String needed = keys.stream().filter(in.keys()::contains).findFirst().orElse(keys.getLast());
    Map<String, Object> others = new TreeMap<>(in.given());
    others.keySet().removeAll(type.companions());
    if (!in.keys().contains(needed)) {
      throw new IllegalArgumentException(where + " (" + type.name() + ") needs " + String.join(" or ",
          keys.reversed().stream().map(k -> "\"" + k + "\"").toList()));
    }
    others.remove(needed);
    if (!others.isEmpty()) {
      throw new IllegalArgumentException(where + " (" + type.name() + ") takes \"" + needed + "\", not " + others.keySet()
          .stream().map(k -> "\"" + k + "\"").toList());
    }
    try {
      type.check(in);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
    }
    type.requireSearchable(spaces, where + ": ");
    return type;
  }

  /** Adds the lists {@code part} searches to {@code plan}, as its kind says. */
  static void lists(QueryPart part, ListPlan plan) {
    for (PartKind<?> kind : KINDS) {
      if (kind.partClass().isInstance(part)) {
        plan(kind, part, plan);
        return;
      }
    }
    throw new IllegalArgumentException("no part kind is registered for " + part.getClass().getName());
  }

  private static <P extends QueryPart> void plan(PartKind<P> kind, QueryPart part, ListPlan plan) {
    kind.lists(kind.partClass().cast(part), plan);
  }

  /** Fields searchable besides the index's vector fields ({@code text} for BM25, {@code metadata}). */
  static Set<String> ownFields() {
    Set<String> fields = new LinkedHashSet<>();
    KINDS.forEach(k -> fields.addAll(k.ownFields()));
    return fields;
  }

  /**
   * Whether {@code request} selects a list over {@code space} and {@code field}; lists outside the
   * catalog's spaces always pass the space selection. The field {@value Hit#OCR} selects every list
   * about the text read in pictures: its words, its sub-strings and its embeddings ({@code clip.ocr}).
   */
  static boolean selected(SearchRequest request, String space, String field) {
    boolean spaceOk = request.spaces().isEmpty() || request.spaces().contains(space)
        || KINDS.stream().anyMatch(k -> k.ownSpaces().contains(space));
    boolean fieldOk = request.fields().isEmpty() || request.fields().contains(field)
        || request.fields().contains(Hit.OCR) && Hit.OCR.equals(RankedList.about(field));
    return spaceOk && fieldOk;
  }

  /** A form part's weight: its field's number, 1 when absent. */
  static double weight(UnaryOperator<String> value, String name) {
    Double w = FormValues.number(name, value.apply(name));
    return w == null ? 1 : w;
  }

  static Double number(String name, String value) {
    return FormValues.number(name, value);
  }

  static String abbreviate(String value) {
    return FormValues.abbreviate(value);
  }

  /** A route as written, null when not given (the predictor's preferred route). */
  static Route route(String route) {
    return route == null || route.isBlank() ? null : Route.parse(route);
  }
}
