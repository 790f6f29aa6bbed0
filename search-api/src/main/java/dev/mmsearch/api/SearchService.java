package dev.mmsearch.api;

import dev.mmsearch.api.Dtos.PartBody;
import dev.mmsearch.api.Dtos.SearchBody;
import dev.mmsearch.api.Dtos.SearchResponse;
import dev.mmsearch.derive.DerivedMetadata;
import dev.mmsearch.derive.LookWords;
import dev.mmsearch.derive.Palette;
import dev.mmsearch.encode.EncoderInput;
import dev.mmsearch.extract.DecodeException;
import dev.mmsearch.index.Filter;
import dev.mmsearch.index.ItemIndex;
import dev.mmsearch.index.NumberTarget;
import dev.mmsearch.media.Media;
import dev.mmsearch.media.Medium;
import dev.mmsearch.predict.Route;
import dev.mmsearch.query.Facets;
import dev.mmsearch.query.Fusion;
import dev.mmsearch.query.QueryPart;
import dev.mmsearch.query.SearchRequest;
import dev.mmsearch.query.SearchResult;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Turns API requests into engine queries and engine results into responses. Checks everything
 * cheap (sizes, counts, names, that some space encodes each medium) before anything expensive,
 * decodes images and sounds through the engine's {@link Media} and runs the query inside
 * the {@link InferenceGate}, and records per-stage latency histograms
 * ({@code mmsearch_search_stage_seconds{stage=encode|knn|fuse}}).
 */
@ApplicationScoped
public class SearchService {

  @Inject
  SearchEngine engine;

  @Inject
  InferenceGate gate;

  @Inject
  MeterRegistry registry;

  private final Map<String, Timer> timers = new ConcurrentHashMap<>();

  /** Paging and fusion settings shared by every form of request. */
  record Options(Integer k, Integer offset, Integer window, String fusion, Boolean facets) {

    /** What the window is, for the API document. */
    static final String WINDOW_DOC = "How many fused results are ranked and can be paged through; every ranked list is "
        + "fetched this deep. Pages of one query with the same window never overlap. Default: max(100, k).";

    /** Names of the paging and fusion parameters, as query parameters and form fields. */
    static final java.util.Set<String> NAMES = java.util.Set.of("k", "offset", "window", "fusion", "facets");

    /** What {@code facets} does, for the API document. */
    static final String FACETS_DOC = "Also list, from the whole fused ranking (not only this page), each keyword metadata "
        + "key's most frequent values and each numeric key's span: the filters that would narrow these results. A value's "
        + "count is the number of results (the total, at most the window) the same query gives with that value as its "
        + "filter on the key.";

    /** Reads the options from text values by name (query parameters, form fields); numbers are checked. */
    static Options parse(java.util.function.UnaryOperator<String> value) {
      return new Options(QueryParams.integer("k", value.apply("k")), QueryParams.integer("offset", value.apply("offset")),
          QueryParams.integer("window", value.apply("window")), value.apply("fusion"),
          QueryParams.bool("facets", value.apply("facets")));
    }
  }

  public SearchResponse search(SearchBody body) {
    if (body == null) {
      throw new IllegalArgumentException("request body must be a JSON object with \"parts\"");
    }
    List<PartBody> in = body.parts();
    if (in == null || in.isEmpty()) {
      throw new IllegalArgumentException("query must have at least one part");
    }
    if (in.size() > SearchRequest.MAX_PARTS) {
      throw new IllegalArgumentException("query has " + in.size() + " parts, more than the limit of " + SearchRequest.MAX_PARTS);
    }
    // Everything but decoding is checked before a slot is taken.
    for (int i = 0; i < in.size(); i++) {
      checkPart(i, in.get(i));
    }
    Filter filter = filter(withModalities(body.filter(), body.modalities()), body.ranges(), near(body.near()));
    SearchRequest.SortBy sort = sort(body.sort());
    if (sort != null) {
      requireNumberKey(sort.key(), "\"sort\".\"by\"");
    }
    for (int i = 0; i < in.size(); i++) {
      if (in.get(i).targets() != null) {
        for (String key : in.get(i).targets().keySet()) {
          requireNumberKey(key, "part " + i + " target");
        }
      }
    }
    Set<String> spaces = names(body.spaces(), "spaces");
    Set<String> fields = names(body.fields(), "fields");
    Options options = new Options(body.k(), body.offset(), body.window(), body.fusion(), body.facets());
    double minScore = body.minScore() == null ? Double.NEGATIVE_INFINITY : body.minScore();
    check(options, List.of(new QueryPart.Text("-", 1)), filter, minScore, spaces, fields, sort);
    return gate.run(() -> {
      List<QueryPart> parts = new ArrayList<>(in.size());
      for (int i = 0; i < in.size(); i++) {
        parts.add(part(i, in.get(i)));
      }
      return run(request(parts, options, filter, minScore, spaces, fields, sort), options);
    });
  }

  /** An uploaded file of a medium and its weight, as the multipart form gives it. */
  record Upload(Medium medium, byte[] bytes, double weight) {}

  /**
   * Names of the parts a flat form gives as text values (GET query parameters, multipart fields):
   * text, colours, and look words, each with a weight.
   */
  static final Set<String> FORM_PARTS = Set.of("text", "textWeight", "q", "colours", "proportions", "coloursWeight", "coloursRoute",
      "look", "lookWeight", "lookRoute");

  /**
   * The cheap parts of a flat form, read by name: {@code text} (or {@code q}), {@code colours}
   * ({@code #rrggbb} separated by commas) with optional {@code proportions}, and {@code look}
   * (words such as "bright, colourful"); each with an optional {@code …Weight}.
   */
  static List<QueryPart> formParts(java.util.function.UnaryOperator<String> value) {
    List<QueryPart> parts = new ArrayList<>();
    String text = value.apply("text") != null ? value.apply("text") : value.apply("q");
    if (text != null && !text.isBlank()) {
      parts.add(new QueryPart.Text(text, weight(value, "textWeight")));
    }
    String colours = value.apply("colours");
    if (colours != null && !colours.isBlank()) {
      List<String> hex = List.of(colours.strip().split("\\s*,\\s*"));
      String shares = value.apply("proportions");
      List<Double> proportions = null;
      if (shares != null && !shares.isBlank()) {
        proportions = new ArrayList<>();
        for (String share : shares.strip().split("\\s*,\\s*")) {
          proportions.add(QueryParams.number("proportions", share.strip()));
        }
      }
      parts.add(colours(new PartBody("palette", null, null, null, hex, proportions, null, null, value.apply("coloursRoute"), null),
          weight(value, "coloursWeight")));
    } else if (value.apply("proportions") != null) {
      throw new IllegalArgumentException("\"proportions\" needs \"colours\"");
    }
    String look = value.apply("look");
    if (look != null && !look.isBlank()) {
      parts.add(new QueryPart.Metadata(LookWords.targets(look), weight(value, "lookWeight"), route(value.apply("lookRoute"))));
    }
    return parts;
  }

  private static double weight(java.util.function.UnaryOperator<String> value, String name) {
    Double w = QueryParams.number(name, value.apply(name));
    return w == null ? 1 : w;
  }

  /** Cheap parts (text, colours, look) and/or uploaded media (an image, a sound), as the multipart form and GET query give them. */
  public SearchResponse search(List<QueryPart> cheap, List<Upload> uploads, Options options) {
    if (uploads.isEmpty() && cheap.isEmpty()) {
      throw new IllegalArgumentException("query is empty: give text, colours, look words, " + mediaPhrase() + ", or several");
    }
    for (Upload u : uploads) {
      // Checked before anything is decoded, not after.
      QueryPart.checkWeight(u.weight());
      requireEncoder(u.medium(), "");
    }
    check(options, cheap.isEmpty() ? List.of(new QueryPart.Text("-", 1)) : cheap, Filter.NONE, Double.NEGATIVE_INFINITY,
        Set.of(), Set.of(), null);
    return gate.run(() -> {
      List<QueryPart> parts = new ArrayList<>(cheap);
      for (Upload u : uploads) {
        parts.add(new QueryPart.Media(decode(u.medium(), u.bytes()), u.weight()));
      }
      return run(request(parts, options, Filter.NONE, Double.NEGATIVE_INFINITY, Set.of(), Set.of(), null), options);
    });
  }

  /** "an image (PNG, …) or a sound (WAV, …)": the media a query may upload, for messages. */
  private String mediaPhrase() {
    return String.join(" or ", engine.media().all().stream().map(Medium::expected).toList());
  }

  /** Refuses a medium no space encodes before its bytes are decoded. */
  private void requireEncoder(Medium medium, String where) {
    if (engine.spaces().accepting(medium.modality()).isEmpty()) {
      throw new IllegalArgumentException(where + "no space in the catalog encodes " + medium.name() + " (spaces: "
          + engine.spaces().all().stream().map(s -> s.name() + " " + s.modalities().stream().map(m -> m.id()).sorted().toList())
          .toList() + ")");
    }
  }

  /** More like an indexed item: its stored vectors are the query, so nothing is encoded. */
  public SearchResponse similar(String id, Options options) {
    return run(request(List.of(new QueryPart.ItemRef(id, 1.0)), options, Filter.NONE, Double.NEGATIVE_INFINITY, Set.of(),
        Set.of(), null), options);
  }

  /**
   * Refuses a numeric metadata key that no item of the index was ever written with (a misspelt
   * {@code "widht"} would otherwise sort nothing or score every item alike, silently). An index
   * written before keys were recorded accepts any key.
   */
  private void requireNumberKey(String key, String what) {
    if (key == null) {
      return;
    }
    engine.index().numberKeys().ifPresent(known -> {
      if (!known.contains(key)) {
        throw new IllegalArgumentException(what + " '" + QueryParams.abbreviate(key) + "' is not a numeric metadata key of this "
            + "index (known: " + QueryParams.abbreviate(String.join(", ", known), 512) + ")");
      }
    });
  }

  /** Validates paging and selection with a stand-in part, so a bad k fails before an image is decoded. */
  private static void check(Options o, List<QueryPart> parts, Filter filter, double minScore, Set<String> spaces,
      Set<String> fields, SearchRequest.SortBy sort) {
    List<QueryPart> positive = parts.stream().anyMatch(p -> p.weight() > 0) ? parts : List.of(new QueryPart.Text("-", 1));
    request(positive, o, filter, minScore, spaces, fields, sort);
  }

  private static SearchRequest request(List<QueryPart> parts, Options o, Filter filter, double minScore, Set<String> spaces,
      Set<String> fields, SearchRequest.SortBy sort) {
    return new SearchRequest(parts, o.k() == null ? SearchRequest.DEFAULT_K : o.k(), o.offset() == null ? 0 : o.offset(),
        o.window() == null ? 0 : requirePositive(o.window()), filter, fusion(o.fusion()), minScore, spaces, fields, sort);
  }

  private static int requirePositive(int window) {
    if (window < 1) {
      throw new IllegalArgumentException("window must be in 1.." + SearchRequest.MAX_WINDOW + ", got: " + window);
    }
    return window;
  }

  private SearchResponse run(SearchRequest request, Options options) {
    SearchResult result = engine.searcher().search(request);
    Facets facets = Boolean.TRUE.equals(options.facets())
        ? Facets.count(engine.index(), result, Facets.DEFAULT_MAX_VALUES) : null;
    result.timingsNanos().forEach((stage, nanos) -> timers.computeIfAbsent(stage, s -> Timer.builder("mmsearch.search.stage")
        .description("Search latency per stage")
        .tag("stage", s)
        .publishPercentileHistogram()
        .register(registry)).record(nanos, TimeUnit.NANOSECONDS));
    return SearchResponse.of(request, result, facets);
  }

  private EncoderInput decode(Medium medium, byte[] bytes) {
    try {
      return medium.decode(bytes);
    } catch (DecodeException e) {
      throw new MediaRejectedException(medium.name(), e);
    }
  }

  /** Part types: text, item, and one per medium (image, audio). */
  private List<String> partTypes() {
    List<String> types = new ArrayList<>(List.of("text"));
    engine.media().all().forEach(m -> types.add(m.name()));
    types.add("item");
    types.add("palette");
    types.add("metadata");
    return types;
  }

  /** Checks a part's shape: its type, the key its type needs, no key of another type, and an encoder for its medium. */
  private void checkPart(int i, PartBody p) {
    if (p == null) {
      throw new IllegalArgumentException("part " + i + " is null; parts are objects with a \"type\"");
    }
    if (p.type() == null) {
      throw new IllegalArgumentException("part " + i + " needs a \"type\": " + String.join(", ", partTypes()));
    }
    Medium medium = engine.media().named(p.type()).orElse(null);
    String needed = switch (p.type()) {
      case "text" -> "text";
      case "item" -> "id";
      case "palette" -> "colours";
      case "metadata" -> p.describe() != null ? "describe" : "targets";
      default -> {
        if (medium == null) {
          throw new IllegalArgumentException("part " + i + " has unknown type '" + QueryParams.abbreviate(p.type())
              + "' (known: " + String.join(", ", partTypes()) + ")");
        }
        yield "data";
      }
    };
    Map<String, Object> given = new TreeMap<>();
    if (p.text() != null) {
      given.put("text", p.text());
    }
    if (p.data() != null) {
      given.put("data", p.data());
    }
    if (p.id() != null) {
      given.put("id", p.id());
    }
    if (p.colours() != null) {
      given.put("colours", p.colours());
    }
    if (p.proportions() != null && !p.type().equals("palette")) {
      given.put("proportions", p.proportions()); // a palette part's optional companion of "colours"
    }
    if (p.describe() != null) {
      given.put("describe", p.describe());
    }
    if (p.route() != null && !p.type().equals("palette") && !p.type().equals("metadata")) {
      given.put("route", p.route()); // palette and metadata parts take a route beside their own key
    }
    if (p.targets() != null && !(p.type().equals("metadata") && p.describe() != null)) {
      given.put("targets", p.targets()); // a metadata part takes "describe", "targets" or both
    }
    if (!given.containsKey(needed)) {
      throw new IllegalArgumentException("part " + i + " (" + p.type() + ") needs \"" + needed + "\""
          + (p.type().equals("metadata") ? " or \"describe\"" : ""));
    }
    given.remove(needed);
    if (!given.isEmpty()) {
      throw new IllegalArgumentException("part " + i + " (" + p.type() + ") takes \"" + needed + "\", not " + given.keySet()
          .stream().map(k -> "\"" + k + "\"").toList());
    }
    try {
      double weight = p.weight() == null ? 1.0 : p.weight();
      switch (p.type()) {
        case "text" -> new QueryPart.Text(p.text(), weight);
        case "item" -> new QueryPart.ItemRef(p.id(), weight);
        case "palette" -> colours(p, weight);
        case "metadata" -> metadata(p, weight);
        default -> QueryPart.checkWeight(weight);
      }
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("part " + i + ": " + e.getMessage(), e);
    }
    if (medium != null) {
      requireEncoder(medium, "part " + i + ": ");
    }
  }

  /** A palette part, its list sizes checked before any colour is read. */
  private static QueryPart.Colours colours(PartBody p, double weight) {
    if (p.colours().isEmpty() || p.colours().size() > QueryPart.Colours.MAX_COLOURS) {
      throw new IllegalArgumentException("\"colours\" takes 1 to " + QueryPart.Colours.MAX_COLOURS + " colours, got " + p.colours().size());
    }
    for (String c : p.colours()) {
      if (c == null) {
        throw new IllegalArgumentException("\"colours\" holds colours written #rrggbb, not null");
      }
    }
    if (p.proportions() != null && p.proportions().contains(null)) {
      throw new IllegalArgumentException("\"proportions\" holds positive numbers, not null");
    }
    return new QueryPart.Colours(Palette.of(p.colours(), p.proportions()), weight, route(p.route()));
  }

  private static Route route(String route) {
    return route == null || route.isBlank() ? null : Route.parse(route);
  }

  /** A metadata part: look words and/or explicit targets, each target with exactly one of value, min, max. */
  private static QueryPart.Metadata metadata(PartBody p, double weight) {
    List<NumberTarget> targets = new ArrayList<>();
    if (p.describe() != null) {
      targets.addAll(LookWords.targets(p.describe()));
    }
    if (p.targets() != null) {
      if (p.targets().isEmpty() || p.targets().size() > ItemIndex.MAX_TARGETS) {
        throw new IllegalArgumentException("\"targets\" takes 1 to " + ItemIndex.MAX_TARGETS + " keys, got " + p.targets().size());
      }
      p.targets().forEach((key, t) -> targets.add(target(key, t)));
    }
    return new QueryPart.Metadata(targets, weight, route(p.route()));
  }

  private static NumberTarget target(String key, Dtos.TargetBody t) {
    String name = QueryParams.abbreviate(key);
    if (t == null) {
      throw new IllegalArgumentException("target of '" + name + "' is null; give {\"value\"|\"min\"|\"max\": …, \"scale\": …}");
    }
    int given = (t.value() != null ? 1 : 0) + (t.min() != null ? 1 : 0) + (t.max() != null ? 1 : 0);
    if (given != 1) {
      throw new IllegalArgumentException("target of '" + name + "' takes exactly one of \"value\", \"min\", \"max\", got " + given);
    }
    Double scale = t.scale() != null ? t.scale() : LookWords.defaultScale(key);
    if (scale == null) {
      throw new IllegalArgumentException("target of '" + name + "' needs a \"scale\" (how far off still counts as close, "
          + "in its units); keys with a default: " + LookWords.scaledKeys());
    }
    NumberTarget.Side side = t.value() != null ? NumberTarget.Side.NEAR
        : t.min() != null ? NumberTarget.Side.AT_LEAST : NumberTarget.Side.AT_MOST;
    double value = t.value() != null ? t.value() : t.min() != null ? t.min() : t.max();
    try {
      return new NumberTarget(key, value, scale, side);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("target of '" + name + "': " + e.getMessage(), e);
    }
  }

  private static Filter.Near near(Dtos.NearBody near) {
    if (near == null) {
      return null;
    }
    if (near.latitude() == null || near.longitude() == null || near.radius() == null) {
      throw new IllegalArgumentException("\"near\" needs \"latitude\", \"longitude\" and \"radius\" (metres)");
    }
    return new Filter.Near(near.latitude(), near.longitude(), near.radius());
  }

  private static SearchRequest.SortBy sort(Dtos.SortBody sort) {
    if (sort == null) {
      return null;
    }
    if (sort.by() == null) {
      throw new IllegalArgumentException("\"sort\" needs \"by\": a numeric metadata key");
    }
    String order = sort.order() == null ? "asc" : sort.order();
    if (!order.equals("asc") && !order.equals("desc")) {
      throw new IllegalArgumentException("\"sort\".\"order\" is \"asc\" or \"desc\", got: " + QueryParams.abbreviate(order));
    }
    return new SearchRequest.SortBy(sort.by(), order.equals("desc"));
  }

  private QueryPart part(int i, PartBody p) {
    double weight = p.weight() == null ? 1.0 : p.weight();
    return switch (p.type()) {
      case "text" -> new QueryPart.Text(p.text(), weight);
      case "item" -> new QueryPart.ItemRef(p.id(), weight);
      case "palette" -> colours(p, weight);
      case "metadata" -> metadata(p, weight);
      default -> {
        Medium medium = engine.media().named(p.type()).orElseThrow();
        try {
          yield new QueryPart.Media(decode(medium, base64(p.data(), i, medium)), weight);
        } catch (MediaRejectedException e) {
          throw new MediaRejectedException(i, e);
        }
      }
    };
  }

  private byte[] base64(String data, int i, Medium medium) {
    String payload = data.startsWith("data:") && data.contains(",") ? data.substring(data.indexOf(',') + 1) : data;
    // Base64 is 4 characters per 3 bytes: refuse an oversized input before decoding it.
    long bytes = payload.length() / 4L * 3;
    long limit = medium.maxBytes();
    if (bytes > limit + 3) {
      throw new MediaRejectedException(medium.name(), new DecodeException(DecodeException.Reason.TOO_MANY_BYTES,
          medium.name() + " is about " + bytes + " bytes, more than the limit of " + limit + " bytes"));
    }
    try {
      // Strict: any character outside the alphabet is an error. Whitespace (line-wrapped base64) is
      // dropped first, copying the payload only when it has any.
      return Base64.getDecoder().decode(payload.chars().anyMatch(Character::isWhitespace) ? payload.replaceAll("\\s", "") : payload);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("part " + i + " \"data\" is not base64: " + e.getMessage());
    }
  }

  private static Fusion fusion(String name) {
    return name == null || name.isBlank() ? Fusion.DEFAULT : Fusion.fromString(name);
  }

  private static Set<String> names(List<String> names, String key) {
    if (names == null) {
      return Set.of();
    }
    if (names.size() > SearchRequest.MAX_SELECTION) {
      throw new IllegalArgumentException("\"" + key + "\" lists " + names.size() + " names, more than the limit of "
          + SearchRequest.MAX_SELECTION);
    }
    for (int i = 0; i < names.size(); i++) {
      if (names.get(i) == null) {
        throw new IllegalArgumentException("\"" + key + "\"[" + i + "] is null; give names as strings");
      }
    }
    return new HashSet<>(names);
  }

  /** The keyword filter with {@code modalities} added as a filter on the derived {@code modality} keyword. */
  private Map<String, List<String>> withModalities(Map<String, List<String>> filter, List<String> modalities) {
    if (modalities == null) {
      return filter;
    }
    List<String> known = new ArrayList<>(List.of(dev.mmsearch.encode.Modality.TEXT.id()));
    engine.media().all().forEach(m -> known.add(m.name()));
    if (modalities.isEmpty()) {
      throw new IllegalArgumentException("\"modalities\" lists at least one of " + known + "; leave it out for all");
    }
    for (int i = 0; i < modalities.size(); i++) {
      if (!known.contains(modalities.get(i))) {
        throw new IllegalArgumentException("\"modalities\"[" + i + "] is " + (modalities.get(i) == null ? "null"
            : "'" + QueryParams.abbreviate(modalities.get(i)) + "'") + "; known: " + known);
      }
    }
    if (filter != null && filter.containsKey(DerivedMetadata.MODALITY)) {
      throw new IllegalArgumentException("give \"modalities\" or a filter on \"" + DerivedMetadata.MODALITY + "\", not both");
    }
    Map<String, List<String>> out = filter == null ? new TreeMap<>() : new TreeMap<>(filter);
    out.put(DerivedMetadata.MODALITY, modalities);
    return out;
  }

  /** Keyword filters and numeric ranges of a JSON search body. */
  private static Filter filter(Map<String, List<String>> filter, Map<String, Dtos.RangeBody> ranges, Filter.Near near) {
    Filter keywords = filter(filter);
    if (ranges == null || ranges.isEmpty()) {
      return near == null ? keywords : new Filter(keywords.anyOf(), Set.of(), Map.of(), near);
    }
    if (ranges.size() > Filter.MAX_KEYS) {
      throw new IllegalArgumentException("ranges has " + ranges.size() + " keys, more than the limit of " + Filter.MAX_KEYS);
    }
    Map<String, Filter.Range> out = new TreeMap<>();
    ranges.forEach((k, r) -> {
      if (r == null) {
        throw new IllegalArgumentException("range of '" + QueryParams.abbreviate(k) + "' is null; give {\"min\": …, \"max\": …}");
      }
      try {
        out.put(k, new Filter.Range(r.min(), r.max()));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("range of '" + QueryParams.abbreviate(k) + "': " + e.getMessage(), e);
      }
    });
    return new Filter(keywords.anyOf(), Set.of(), out, near);
  }

  private static Filter filter(Map<String, List<String>> filter) {
    if (filter == null || filter.isEmpty()) {
      return Filter.NONE;
    }
    if (filter.size() > Filter.MAX_KEYS) {
      throw new IllegalArgumentException("filter has " + filter.size() + " keys, more than the limit of " + Filter.MAX_KEYS);
    }
    Map<String, Set<String>> anyOf = new TreeMap<>();
    filter.forEach((k, v) -> {
      if (v == null || v.isEmpty()) {
        throw new IllegalArgumentException("filter on '" + QueryParams.abbreviate(k) + "' must list at least one value");
      }
      if (v.size() > Filter.MAX_VALUES) {
        throw new IllegalArgumentException("filter on '" + QueryParams.abbreviate(k) + "' lists " + v.size()
            + " values, more than the limit of " + Filter.MAX_VALUES);
      }
      if (v.contains(null)) {
        throw new IllegalArgumentException("filter on '" + QueryParams.abbreviate(k) + "' has a null value; values are strings");
      }
      anyOf.put(k, new HashSet<>(v));
    });
    return new Filter(anyOf, Set.of());
  }
}
