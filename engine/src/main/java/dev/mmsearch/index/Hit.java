package dev.mmsearch.index;

import java.util.Set;

/**
 * One search result from one field.
 *
 * @param score the field's native similarity: cosine for vector fields, BM25 for text
 * @param fields the searchable fields the item has (its vector fields, and {@value #TEXT} when it
 *     has text), so fusion can tell "ranked low" from "cannot appear in this field"
 */
public record Hit(String id, float score, Set<String> fields) {

  /** Name of the BM25 text field in {@link #fields()}. */
  public static final String TEXT = "text";

  public Hit {
    fields = Set.copyOf(fields);
  }
}
