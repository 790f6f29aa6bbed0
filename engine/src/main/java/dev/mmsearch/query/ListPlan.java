package dev.mmsearch.query;

import dev.mmsearch.catalog.Space;
import dev.mmsearch.catalog.Spaces;
import dev.mmsearch.encode.EmbeddingCache;
import dev.mmsearch.encode.Encoder;
import dev.mmsearch.encode.EncoderInput;
import dev.mmsearch.encode.Modality;
import dev.mmsearch.encode.Role;
import dev.mmsearch.encode.SharedEncoding;
import dev.mmsearch.encode.TimelineEncoding;
import dev.mmsearch.index.Filter;
import dev.mmsearch.index.IndexSchema;
import dev.mmsearch.index.ItemReader;
import dev.mmsearch.index.VectorFieldSpec;
import dev.mmsearch.predict.Predictor;
import dev.mmsearch.predict.Predictors;
import dev.mmsearch.predict.Route;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The ranked lists of one query as its parts' kinds add them ({@link PartKind#lists}), with what
 * they need to decide: the request, the catalog, the index and its schema (read once per query),
 * the predictors. Also the shared steps: embedding an input in every space that accepts it, and
 * choosing a palette or metadata part's route. One per query; not thread-safe.
 */
public final class ListPlan {

  private final SearchRequest request;
  private final IndexSchema schema;
  private final Spaces spaces;
  private final ItemReader index;
  private final Predictors predictors;
  private final EmbeddingCache embeddings;
  private final List<RankedList> lists = new ArrayList<>();
  private Filter filter;
  private int part;

  ListPlan(SearchRequest request, IndexSchema schema, Spaces spaces, ItemReader index, Predictors predictors,
      EmbeddingCache embeddings) {
    this.request = request;
    this.embeddings = embeddings;
    this.schema = schema;
    this.spaces = spaces;
    this.index = index;
    this.predictors = predictors;
    this.filter = request.filter();
  }

  /** Plans the part at {@code p}: the lists added from now on are its. */
  void part(int p) {
    this.part = p;
  }

  List<RankedList> lists() {
    return lists;
  }

  /** The request's filter, narrowed by the parts (an item part leaves its item out). */
  Filter filter() {
    return filter;
  }

  public Spaces spaces() {
    return spaces;
  }

  public ItemReader index() {
    return index;
  }

  public IndexSchema schema() {
    return schema;
  }

  public Predictors predictors() {
    return predictors;
  }

  /** Adds a list of the current part. */
  void add(RankedList list) {
    lists.add(list);
  }

  /** The current part's position. */
  int part() {
    return part;
  }

  /** Leaves {@code id} out of the results (the item an item part names). */
  public void exclude(String id) {
    filter = filter.excluding(id);
  }

  /** Whether the request selects a list over {@code space} and {@code field}. */
  boolean selected(String space, String field) {
    return PartTypes.selected(request, space, field);
  }

  /** Adds a BM25 list of {@code text} for the current part. */
  public void bm25(String text) {
    add(new RankedList.Bm25List(part, text));
  }

  /**
   * Adds the lists of {@code text} against the text read in pictures (whole words, sub-strings)
   * for the current part, when the catalog reads pictures.
   */
  public void pictureText(String text) {
    if (spaces.readsPictures()) {
      add(new RankedList.PictureTextList(part, text, false));
      add(new RankedList.PictureTextList(part, text, true));
    }
  }

  /** Adds a list of how close items' numbers lie to {@code targets}, for the current part. */
  public void closest(List<dev.mmsearch.index.NumberTarget> targets) {
    add(new RankedList.MetadataList(part, targets));
  }

  /** Adds a kNN list of {@code vector} in {@code field} of {@code space}, whose query side is in {@code queryModality}. */
  public void knn(String space, String field, String queryModality, float[] vector) {
    add(new RankedList.VectorList(part, space, field, queryModality, RankedList.about(field), vector));
  }

  /**
   * Embeds one input in every selected space accepting its modality (one forward pass per
   * backbone, {@link SharedEncoding}; vectors of the same content already computed come from the
   * searcher's {@link EmbeddingCache}, and then the input is not decoded at all); adds a list per
   * field of each space. An input no space reads whole is decoded to see whether its parts can be
   * read (a video's frames and sound, {@link EncoderInput.Timeline}).
   *
   * @param input the decoded input, asked only when something must be encoded
   * @param content the input's cache key, or null to encode it without caching
   * @return whether any space accepts the modality (a space the request deselected counts: the
   *     searcher reports that the selection cannot answer)
   */
  public boolean embed(Modality modality, Supplier<EncoderInput> input, String content) {
    List<Space> accepting = spaces.accepting(modality);
    if (accepting.isEmpty() && input.get() instanceof EncoderInput.Timeline timeline) {
      return embed(timeline);
    }
    boolean any = false;
    List<Encoder> work = new ArrayList<>();
    List<Space> encoding = new ArrayList<>();
    for (Space space : accepting) {
      if (space.fields().stream().noneMatch(f -> selected(space.name(), f.name()))) {
        any = true; // deselected by the request, not unable: the emptiness check reports it
        continue;
      }
      work.add(space.encoder(modality));
      encoding.add(space);
    }
    if (work.isEmpty()) {
      return any;
    }
    Map<Encoder, float[]> vectors = embeddings.encode(work, input, content, Role.QUERY);
    for (Space space : encoding) {
      any |= fieldsOf(space, modality, vectors.get(space.encoder(modality)));
    }
    return any;
  }

  /**
   * Embeds a video query as the index embeds videos ({@link TimelineEncoding}): its frames in every
   * selected space with an image encoder, its sound in every one with an audio encoder, each
   * space's vector the whole video's; adds a list per field of each space, calibrated as a query
   * of the modality it was embedded as (a picture, a sound).
   */
  private boolean embed(EncoderInput.Timeline timeline) {
    boolean any = false;
    Map<Encoder, Space> encoding = new LinkedHashMap<>();
    for (Modality modality : java.util.List.of(Modality.IMAGE, Modality.AUDIO)) {
      for (Space space : spaces.accepting(modality)) {
        if (space.fields().stream().noneMatch(f -> selected(space.name(), f.name()))) {
          any = true;
          continue;
        }
        encoding.put(space.encoder(modality), space);
      }
    }
    TimelineEncoding.Vectors vectors = TimelineEncoding.encode(TimelineEncoding.prepare(encoding.keySet(), timeline), Role.QUERY);
    for (Map.Entry<Encoder, Space> e : encoding.entrySet()) {
      float[] v = vectors.whole().get(e.getKey());
      if (v != null) {
        any |= fieldsOf(e.getValue(), e.getKey().modality(), v);
      }
    }
    return any;
  }

  /** Adds a list per indexed field of {@code space} for {@code vector}, a query in {@code query}; whether any. */
  public boolean fieldsOf(Space space, Modality query, float[] vector) {
    boolean any = false;
    for (VectorFieldSpec f : space.fields()) {
      if (schema.fields().containsKey(f.name())) {
        add(new RankedList.VectorList(part, space.name(), f.name(), query.id(), f.modality().id(), vector));
        any = true;
      }
    }
    return any;
  }

  /** The route a part asked for, or the one its predictor measured best (direct without one). */
  public static Route route(Route asked, List<Predictor> from, String what) {
    if (asked == null) {
      return from.isEmpty() ? Route.DIRECT : from.getFirst().preferred();
    }
    if (asked.predicted() && from.isEmpty()) {
      throw new IllegalArgumentException("no predictor from " + what + " to a visual field in this index (train one with "
          + "mmsearch train-predictor), so the route '" + asked.id() + "' cannot be taken; use 'direct'");
    }
    return asked;
  }

  /**
   * Adds a vector predicted into a visual field: it stands in for a picture's, so it is
   * calibrated as a picture query against that field.
   */
  public void predicted(Predictor p, float[] vector) {
    add(new RankedList.VectorList(part, p.space(), p.to(), Modality.IMAGE.id(), RankedList.about(p.to()), vector));
  }
}
