package dev.mmsearch.query;

import dev.mmsearch.media.Medium;
import java.util.List;
import java.util.Set;

/**
 * A kind of query part: the {@link QueryPart} record it parses into, the ranked lists such a part
 * searches, and the {@link PartType}s it offers requests (one, or one per medium for uploaded
 * media). Registered once in {@link PartTypes#KINDS}; {@link MultimodalSearcher} asks the kind of
 * each part for its lists instead of switching on part classes.
 *
 * @param <P> the part record
 */
public interface PartKind<P extends QueryPart> {

  /** The record parts of this kind are. */
  Class<P> partClass();

  /**
   * Adds the ranked lists {@code part} searches to {@code plan}.
   *
   * @throws IllegalArgumentException when the catalog or index cannot answer the part
   * @throws java.util.NoSuchElementException when the part names something not indexed
   */
  void lists(P part, ListPlan plan);

  /** The part types requests write for this kind, given the media of the process. */
  List<PartType> types(List<Medium> media);

  /**
   * Names of spaces this kind's lists search outside the catalog ({@code bm25}): always
   * selected, whatever spaces a request names.
   */
  default Set<String> ownSpaces() {
    return Set.of();
  }

  /** Names of fields this kind's lists search besides vector fields ({@code text}): a request may select them. */
  default Set<String> ownFields() {
    return Set.of();
  }
}
