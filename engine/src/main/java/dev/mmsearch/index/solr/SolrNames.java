package dev.mmsearch.index.solr;

import dev.mmsearch.index.ItemDocument;
import java.nio.charset.StandardCharsets;

/**
 * Solr field names for mmsearch's names. Metadata keys are free text (spaces, colons, any script)
 * and vector fields contain dots and hyphens, which Solr's query and function parsers read as
 * syntax; so every byte outside {@code [a-z0-9]} is written as {@code _xx} (hex). The mapping is
 * one-to-one ({@code _} itself is escaped), and names that are already plain stay readable. The
 * names themselves are the backend-neutral ones of {@link ItemDocument}.
 */
final class SolrNames {
  private SolrNames() {}

  static final String ID = ItemDocument.ID;
  static final String SOURCE = ItemDocument.SOURCE;
  static final String HASH = ItemDocument.HASH;
  static final String TEXT = ItemDocument.TEXT;
  static final String STORED = ItemDocument.STORED;
  static final String HAS = ItemDocument.HAS;
  static final String THUMB = ItemDocument.THUMB;
  static final String GEO = ItemDocument.GEO;
  /** Whether the item has a preview: answered without fetching the preview ({@link dev.mmsearch.index.ItemState}). */
  static final String THUMBED = "_thumbed";

  /** The dense vector field of a vector field ({@code clip.image} → {@code v_clip_2eimage}). */
  static String vector(String field) {
    return "v_" + escape(field);
  }

  /** The field type of a vector field: each has its own dimension and HNSW parameters. */
  static String vectorType(String field) {
    return "vt_" + escape(field);
  }

  /** The keyword field of a metadata key (dynamic field {@code meta.*}). */
  static String meta(String key) {
    return ItemDocument.META + escape(key);
  }

  /** The numeric field of a numeric metadata key (dynamic field {@code number.*}). */
  static String number(String key) {
    return ItemDocument.NUMBER + escape(key);
  }

  static String escape(String name) {
    StringBuilder sb = new StringBuilder(name.length() + 8);
    for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if (c >= 'a' && c <= 'z' || c >= '0' && c <= '9') {
        sb.append((char) c);
      } else {
        sb.append('_').append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 15, 16));
      }
    }
    return sb.toString();
  }
}
