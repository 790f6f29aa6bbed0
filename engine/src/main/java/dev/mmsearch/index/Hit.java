package dev.mmsearch.index;

import java.util.Set;

/**
 * One search result from one field.
 *
 * @param score the field's native similarity: cosine for vector fields, BM25 for text
 * @param fields the searchable fields the item has (its vector fields, and {@value #TEXT} when it
 *     has text), so fusion can tell "ranked low" from "cannot appear in this field"
 * @param span the item's moment that scored, when its best match in the field is one of its
 *     moments rather than the item as a whole; null otherwise
 */
public record Hit(String id, float score, Set<String> fields, Span span) {

  /** Name of the BM25 text field in {@link #fields()}. */
  public static final String TEXT = "text";

  /**
   * Name of the text read in pictures in {@link #fields()}: present when the item's picture was
   * read (whether or not any text was found), so the indexer knows it is done.
   */
  public static final String OCR = "ocr";

  /**
   * Name of the sub-string list over the text read in pictures, as explanations, field choices and
   * the calibration name it (a list, not a field an item has).
   */
  public static final String OCR_SUBSTRING = "substring." + OCR;

  public Hit {
    fields = Set.copyOf(fields);
  }

  /** A hit on the item as a whole. */
  public Hit(String id, float score, Set<String> fields) {
    this(id, score, fields, null);
  }
}
