package dev.mmsearch.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.mmsearch.index.Filter;
import dev.mmsearch.index.Item;
import dev.mmsearch.query.Contribution;
import dev.mmsearch.query.Facets;
import dev.mmsearch.query.PartInput;
import dev.mmsearch.query.QueryPart;
import dev.mmsearch.query.SearchHit;
import dev.mmsearch.query.SearchRequest;
import dev.mmsearch.query.SearchResult;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * JSON shapes of the API. Records, so they are immutable and Jackson maps them directly; Jackson is
 * strict ({@link StrictJson}): unknown keys and wrong types are 400s, never ignored or coerced.
 */
final class Dtos {

  private Dtos() {}

  @Schema(name = "Part", description = "One part of a query. Which keys it takes depends on its type: text parts take "
      + "\"text\", image and audio parts \"data\", item parts \"id\", palette parts \"colours\" (and optionally "
      + "\"proportions\"), metadata parts \"describe\" and/or \"targets\"; a key of another type is an error.")
  record PartBody(
      @Schema(required = true, description = "Modality of the part.") // its values: RegistryOpenApiFilter
      String type,
      @Schema(description = "Text to match (type text).", minLength = 1, maxLength = QueryPart.MAX_TEXT_CHARS) String text,
      @Schema(description = "Base64 file bytes, optionally as a data: URL: an image (PNG, JPEG, WebP, GIF, BMP; type image, "
          + "limited by mmsearch.limits.max-image-bytes and max-pixels) or a sound (WAV, FLAC, Ogg Vorbis, MP3; type audio, "
          + "limited by mmsearch.limits.max-audio-bytes and max-audio-seconds).", format = "byte") String data,
      @Schema(description = "Id of an indexed item whose vectors are the query (type item).", minLength = 1,
          maxLength = QueryPart.MAX_ID_CHARS) String id,
      @Schema(description = "Colours to search for, as #rrggbb (type palette; needs a catalog space with "
          + "\"derived\": \"palette\").", minItems = 1, maxItems = QueryPart.Colours.MAX_COLOURS,
          pattern = "^#?[0-9a-fA-F]{6}$") List<String> colours,
      @Schema(description = "Share of each colour, positive, one per colour, scaled to sum to 1 (type palette; default: "
          + "equal shares).", minItems = 1, maxItems = QueryPart.Colours.MAX_COLOURS) List<Double> proportions,
      @Schema(description = "Look words, e.g. \"bright, colourful, landscape\" (type metadata): each stands for soft targets "
          + "on the derived numbers; an unknown word is an error that lists the known ones.", maxLength = QueryPart.MAX_TEXT_CHARS)
      String describe,
      @Schema(description = "Soft targets on numeric metadata (type metadata): items are ranked by how close their numbers "
          + "lie, not filtered.", maxProperties = dev.mmsearch.index.ItemIndex.MAX_TARGETS) Map<String, TargetBody> targets,
      @Schema(description = "How a palette or metadata part searches: \"direct\" (palettes against palettes, numbers against "
          + "numbers), \"predicted\" (an embedding predicted from it, in the visual field a predictor was trained for with "
          + "mmsearch train-predictor) or \"both\". Default: the route the predictor measured best; direct without one.",
          enumeration = {"direct", "predicted", "both"}) String route,
      @Schema(description = "Weight of the part; negative pushes matching results down.", defaultValue = "1",
          minimum = "-100", maximum = "100") Double weight) {}

  @Schema(name = "SearchRequest", description = "A query of one or more parts in any modality, fused into one ranking.")
  record SearchBody(
      @Schema(required = true, minItems = 1, maxItems = SearchRequest.MAX_PARTS) List<PartBody> parts,
      @Schema(description = "Hits per page.", defaultValue = "" + SearchRequest.DEFAULT_K, minimum = "1",
          maximum = "" + SearchRequest.MAX_K) Integer k,
      @Schema(description = "Hits to skip; at most the window.", defaultValue = "0", minimum = "0",
          maximum = "" + SearchRequest.MAX_WINDOW) Integer offset,
      @Schema(description = SearchService.Options.WINDOW_DOC, minimum = "1", maximum = "" + SearchRequest.MAX_WINDOW)
      Integer window,
      @Schema(description = "Metadata filter: for each key, the accepted values (an item passes when every key matches one "
          + "value).", maxProperties = Filter.MAX_KEYS) Map<String, List<String>> filter,
      @Schema(description = "Numeric metadata filter: for each key (width, height, aspect, megapixels, brightness, contrast, "
          + "saturation, colourfulness, entropy, sharpness, file_bytes, taken, taken_year, latitude, longitude; for sounds duration, "
          + "sample_rate, audio_file_bytes), an interval "
          + "with \"min\" and/or \"max\" (inclusive); applied inside the kNN search like \"filter\"; items without the key "
          + "never pass.", maxProperties = Filter.MAX_KEYS) Map<String, RangeBody> ranges,
      @Schema(description = "GPS filter: only items whose EXIF position lies within \"radius\" metres of the point.")
      NearBody near,
      @Schema(description = "Only items holding one of these: \"image\" (a picture), \"audio\" (a sound), \"text\" (a "
          + "caption). A filter on the derived keyword \"modality\", applied inside the kNN search like \"filter\".",
          maxItems = 8) List<String> modalities,
      @Schema(description = "Order the fused window by a numeric metadata key instead of by score; items without it come "
          + "last.") SortBody sort,
      @Schema(description = "How ranked lists are combined.", enumeration = {"score", "rrf"}, defaultValue = "score")
      String fusion,
      @Schema(description = "Hits with a lower fused score are dropped.") Double minScore,
      @Schema(description = "Spaces to search (default: all).", maxItems = SearchRequest.MAX_SELECTION) List<String> spaces,
      @Schema(description = "Fields to search: vector fields like clip.image, text for BM25 over captions, ocr for every list over the text read in pictures (default: all).",
          maxItems = SearchRequest.MAX_SELECTION) List<String> fields,
      @Schema(description = SearchService.Options.FACETS_DOC, defaultValue = "false") Boolean facets,
      @Schema(description = SearchService.Options.COLLAPSE_DOC, enumeration = {"exact", "near", "none"}) String collapse) {}

  @Schema(name = "Range", description = "An inclusive interval; give \"min\", \"max\" or both.")
  record RangeBody(@Schema(description = "Lowest accepted value.") Double min,
      @Schema(description = "Highest accepted value.") Double max) {}

  @Schema(name = "Target", description = "A soft target on one number: exactly one of \"value\" (close to it), \"min\" "
      + "(at least it) or \"max\" (at most it); closeness is exp(-½ (distance / scale)²).")
  record TargetBody(@Schema(description = "Target value.") Double value,
      @Schema(description = "Lower bound: values at or above it score 1.") Double min,
      @Schema(description = "Upper bound: values at or below it score 1.") Double max,
      @Schema(description = "How far off still counts as close, in the key's units; defaults exist for the derived look "
          + "numbers (brightness, contrast, saturation, colourfulness, entropy, sharpness, aspect, megapixels, width, height, "
          + "taken_year, duration).", exclusiveMinimum = true, minimum = "0") Double scale)
      implements PartInput.Target {}

  @Schema(name = "Near", description = "A circle on the Earth.")
  record NearBody(@Schema(required = true, minimum = "-90", maximum = "90") Double latitude,
      @Schema(required = true, minimum = "-180", maximum = "180") Double longitude,
      @Schema(required = true, description = "Radius in metres.", exclusiveMinimum = true, minimum = "0",
          maximum = "20037509") Double radius) {}

  @Schema(name = "Sort", description = "Sort order by a numeric metadata key.")
  record SortBody(@Schema(required = true, description = "Numeric metadata key, e.g. taken.") String by,
      @Schema(enumeration = {"asc", "desc"}, defaultValue = "asc") String order) {}

  @Schema(name = "Item", description = "An indexed item.")
  record ItemView(
      @Schema(required = true) String id,
      @Schema(required = true, description = "Searchable text (caption and tags).") String text,
      @Schema(required = true) Map<String, String> fields,
      @Schema(required = true) Map<String, List<String>> metadata,
      @Schema(required = true, description = "Numeric metadata computed at index time (pictures: size, look, file size, EXIF "
          + "capture time and place; sounds: duration, sample rate, file size); usable in \"ranges\".") Map<String, Double> numbers,
      @Schema(description = "Preview JPEG, made at index time; absent for items without one.") String thumbnail,
      @Schema(description = "The original file (the picture, else the sound); absent for items without one.") String original,
      @Schema(required = true, description = "The item's files by modality (image, audio), each with its original's URL; "
          + "empty for text-only items.") Map<String, String> media,
      @Schema(required = true, description = "More like this.") String similar,
      @Schema(description = "A video's moments (its shots, cut to at most a maximum length), in time order, each with its "
          + "preview; absent for items without moments.")
      @JsonInclude(JsonInclude.Include.NON_EMPTY) List<MomentView> moments,
      @Schema(description = "The text read inside the item's picture at index time, line by line with boxes; an empty list "
          + "when the picture was read and holds none; absent when it was not read (no picture, or a catalog without \"ocr\").")
      @JsonInclude(JsonInclude.Include.NON_NULL) List<TextLineView> pictureText,
      @Schema(description = "The groups the item is in, by level (exact, near, similar), as `mmsearch duplicates` found them; "
          + "only in /api/items/{id}, absent when it is in none.")
      @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, DuplicateViews.ItemGroupView> duplicates) {

    /** This view with the item's duplicate groups. */
    ItemView withDuplicates(Map<String, DuplicateViews.ItemGroupView> groups) {
      return new ItemView(id, text, fields, metadata, numbers, thumbnail, original, media, similar, moments, pictureText, groups);
    }

    static ItemView of(Item item) {
      String path = encode(item.id());
      boolean hasFile = !item.source().isEmpty();
      Map<String, String> media = new java.util.TreeMap<>();
      for (String modality : MediaFiles.files(item).keySet()) {
        media.put(modality, "/api/originals/" + path + "?modality=" + modality);
      }
      return new ItemView(item.id(), item.text(), item.fields(), item.metadata(), item.numbers(),
          item.hasThumbnail() ? "/api/thumbnails/" + path : null, hasFile ? "/api/originals/" + path : null, media,
          "/api/similar/" + path, moments(item, path), item.pictureText() == null ? null
              : item.pictureText().lines().stream().map(TextLineView::of).toList(), null);
    }

    private static List<MomentView> moments(Item item, String path) {
      List<MomentView> out = new java.util.ArrayList<>(item.moments().size());
      for (int i = 0; i < item.moments().size(); i++) {
        var m = item.moments().get(i);
        out.add(new MomentView(i, m.start(), m.end(), null, MomentView.thumbnail(path, i)));
      }
      return out;
    }
  }

  @Schema(name = "TextLine", description = "A line of text read inside a picture.")
  record TextLineView(
      @Schema(required = true) String text,
      @Schema(required = true, description = "The reader's mean character probability, 0-1.", minimum = "0", maximum = "1")
      double confidence,
      @Schema(required = true, description = "The line's four corners in the picture's pixels, x0,y0,x1,y1,x2,y2,x3,y3, "
          + "clockwise from the top-left.", minItems = 8, maxItems = 8) float[] box) {
    static TextLineView of(dev.mmsearch.derive.ocr.TextLine l) {
      return new TextLineView(l.text(), l.confidence(), l.box());
    }
  }

  @Schema(name = "TextMatch", description = "A line of text read in the hit's picture that the query's text matched.")
  record TextMatchView(
      @Schema(required = true, description = "0-based position of the line in the item's pictureText.", minimum = "0") int line,
      @Schema(required = true) String text,
      @Schema(required = true, description = "The line's corners, as in pictureText.", minItems = 8, maxItems = 8) float[] box,
      @Schema(required = true, description = "Character ranges of text the query matched, [start, end), in order: words of "
          + "the query, or the query as a sub-string of letters and digits.") List<int[]> matches) {
    static TextMatchView of(dev.mmsearch.query.PictureTextMatch m) {
      return new TextMatchView(m.line(), m.text(), m.box(), m.matches());
    }
  }

  @Schema(name = "Moment", description = "A stretch of a video: one shot, or part of a long one.")
  record MomentView(
      @Schema(required = true, description = "0-based position among the item's moments.", minimum = "0") int moment,
      @Schema(required = true, description = "Start, seconds from the beginning.") double start,
      @Schema(required = true, description = "End, seconds from the beginning.") double end,
      @Schema(description = "How well the moment alone answers the query, on the scale of hit scores; only in a hit's "
          + "moments.") @JsonInclude(JsonInclude.Include.NON_NULL) Double score,
      @Schema(required = true, description = "Preview JPEG of the moment, made at index time.") String thumbnail) {

    static String thumbnail(String path, int moment) {
      return "/api/thumbnails/" + path + "?moment=" + moment;
    }

    static MomentView of(dev.mmsearch.query.MomentHit h, String path) {
      return new MomentView(h.span().moment(), h.span().start(), h.span().end(), h.score(), thumbnail(path, h.span().moment()));
    }
  }

  @Schema(name = "Contribution", description = "What one ranked list added to a hit's fused score.")
  record ContributionView(
      @Schema(required = true, description = "Index of the query part.") int part,
      @Schema(required = true, description = "Space searched, or bm25.") String space,
      @Schema(required = true, description = "Field searched (clip.image, or text for BM25).") String field,
      @Schema(required = true, description = "1-based rank in that list.", minimum = "1") int rank,
      @Schema(required = true, description = "The field's own score (cosine, BM25, metadata closeness).") double score,
      @Schema(required = true, description = "The score calibrated to evidence of relatedness, log(1 + likelihood ratio), "
          + "comparable across fields and queries (docs/architecture.md, Scoring); 0.69 is even odds.") double evidence,
      @Schema(required = true, description = "What it added to the fused score: the evidence times the part's weight, or 0 when "
          + "another list about the same modality of the item gave stronger evidence.") double contribution,
      @Schema(description = "The moment of a video this list matched best (the score is that moment's); absent when the list "
          + "scored the item as a whole.") @JsonInclude(JsonInclude.Include.NON_NULL) SpanView moment) {

    static ContributionView of(Contribution c) {
      return new ContributionView(c.part(), c.space(), c.field(), c.rank(), c.score(), c.evidence(), c.contribution(),
          c.span() == null ? null : new SpanView(c.span().moment(), c.span().start(), c.span().end()));
    }
  }

  @Schema(name = "Span", description = "Which moment of a video, and when.")
  record SpanView(@Schema(required = true, minimum = "0") int moment, @Schema(required = true) double start,
      @Schema(required = true) double end) {}

  @Schema(name = "Hit")
  record HitView(@Schema(required = true) ItemView item, @Schema(required = true) double score,
      @Schema(required = true) List<ContributionView> explanation,
      @Schema(description = "A video's best moments for this query, best first (at most 3), each scored alone; absent for "
          + "items without moments, and where the index does not search moments (a cluster).")
      @JsonInclude(JsonInclude.Include.NON_EMPTY) List<MomentView> moments,
      @Schema(description = "The lines of text read in the item's picture that the query's text matched, with the matched "
          + "characters; absent when none.")
      @JsonInclude(JsonInclude.Include.NON_EMPTY) List<TextMatchView> pictureTextMatches,
      @Schema(description = "With \"collapse\": the group of duplicates this hit stands for; absent for a hit in no group.")
      @JsonInclude(JsonInclude.Include.NON_NULL) DuplicateViews.CollapsedView collapsed) {
    static HitView of(SearchHit h) {
      String path = encode(h.item().id());
      return new HitView(ItemView.of(h.item()), h.score(), h.explanation().stream().map(ContributionView::of).toList(),
          h.moments().stream().map(m -> MomentView.of(m, path)).toList(),
          h.pictureText().stream().map(TextMatchView::of).toList(), null);
    }

    HitView withCollapsed(DuplicateViews.CollapsedView group) {
      return new HitView(item, score, explanation, moments, pictureTextMatches, group);
    }
  }

  @Schema(name = "SearchResponse", description = "One page of the fused ranking.")
  record SearchResponse(
      @Schema(required = true, description = "Length of the fused ranking (at most window): the results a pager can "
          + "reach. The same for every page of one query.") int total,
      @Schema(required = true, description = "Hits skipped.") int offset,
      @Schema(required = true, description = "Page size asked for.") int k,
      @Schema(required = true, description = "Ranking depth used.") int window,
      @Schema(required = true) List<HitView> hits,
      @Schema(required = true, description = "Milliseconds per stage: encode, knn, fuse.", type = SchemaType.OBJECT)
      Map<String, Double> timingsMs,
      @Schema(description = "Present when the request asks for facets: values and spans from the whole fused ranking; "
          + "each value's count is the total the query gives with that value as its filter.")
      @JsonInclude(JsonInclude.Include.NON_NULL) FacetsView facets) {

    SearchResponse withHits(List<HitView> newHits) {
      return new SearchResponse(total, offset, k, window, newHits, timingsMs, facets);
    }

    static SearchResponse of(SearchRequest request, SearchResult r, Facets facets) {
      Map<String, Double> t = new LinkedHashMap<>();
      r.timingsNanos().forEach((k, v) -> t.put(k, v / 1e6));
      return new SearchResponse(r.total(), request.offset(), request.k(), request.window(),
          r.hits().stream().map(HitView::of).toList(), t, facets == null ? null : FacetsView.of(facets));
    }
  }

  @Schema(name = "Facets", description = "Keyword values of the fused ranking, each with the number of results its filter "
      + "gives, and numeric spans over the fused ranking.")
  record FacetsView(
      @Schema(required = true, description = "Items described: the fused ranking's length.") int size,
      @Schema(required = true, description = "Per keyword metadata key, its most frequent values (filter with \"filter\").")
      Map<String, KeywordFacetView> keywords,
      @Schema(required = true, description = "Per numeric key, the span of its values (filter with \"ranges\").")
      Map<String, NumberSpanView> numbers) {
    static FacetsView of(Facets f) {
      Map<String, KeywordFacetView> keywords = new LinkedHashMap<>();
      f.keywords().forEach((k, v) -> keywords.put(k, new KeywordFacetView(
          v.values().stream().map(c -> new ValueCountView(c.value(), c.count())).toList(), v.distinct())));
      Map<String, NumberSpanView> numbers = new LinkedHashMap<>();
      f.numbers().forEach((k, v) -> numbers.put(k, new NumberSpanView(v.min(), v.max(), v.count())));
      return new FacetsView(f.size(), keywords, numbers);
    }
  }

  @Schema(name = "KeywordFacet", description = "A keyword key's most frequent values.")
  record KeywordFacetView(@Schema(required = true, description = "Values by decreasing count.") List<ValueCountView> values,
      @Schema(required = true, description = "Different values among the ranking's items.") int distinct) {}

  @Schema(name = "ValueCount")
  record ValueCountView(@Schema(required = true) String value,
      @Schema(required = true, description = "Results the same query gives with the filter on this key accepting only "
          + "this value (the rest of the filter as sent): its total, at most the window.") int count) {}

  @Schema(name = "NumberSpan", description = "Smallest and largest value of a numeric key.")
  record NumberSpanView(@Schema(required = true) double min, @Schema(required = true) double max,
      @Schema(required = true, description = "Items of the ranking with a value.") int count) {}

  /** An id as one URL path segment group: each segment escaped, slashes kept. */
  static String encode(String id) {
    StringBuilder sb = new StringBuilder();
    for (String segment : id.split("/", -1)) {
      if (!sb.isEmpty()) {
        sb.append('/');
      }
      sb.append(URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20"));
    }
    return sb.toString();
  }
}
