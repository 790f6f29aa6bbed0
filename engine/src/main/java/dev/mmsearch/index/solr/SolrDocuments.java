package dev.mmsearch.index.solr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mmsearch.index.Hit;
import dev.mmsearch.index.Item;
import dev.mmsearch.index.ItemDocument;
import dev.mmsearch.index.ItemState;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.DoubleUnaryOperator;

/**
 * An {@link ItemDocument} as a Solr JSON document and back: the same fields as embedded under
 * escaped names ({@link SolrNames}), vectors as dense vector fields, the preview as Base64 with a
 * flag beside it so a state is read without the preview. Stateless.
 */
final class SolrDocuments {
  private SolrDocuments() {}

  /** The stored fields an item is read back from (without its preview). */
  static final String ITEM_FIELDS = "id,source,hash,_stored";
  /** The fields a search hit needs. */
  static final String HIT_FIELDS = "id,_has,score";
  /** The fields an {@link ItemState} needs. */
  static final String STATE_FIELDS = "id,hash,_has,_thumbed";

  /** The Solr document of {@code d}. */
  static ObjectNode of(ItemDocument d) {
    Item item = d.item();
    ObjectNode doc = SolrHttp.JSON.createObjectNode();
    doc.put(SolrNames.ID, item.id());
    doc.put(SolrNames.SOURCE, item.source());
    doc.put(SolrNames.HASH, item.contentHash());
    doc.put(SolrNames.TEXT, item.text());
    String read = d.pictureText();
    if (!read.isEmpty()) {
      doc.put(ItemDocument.OCR, read);
      ArrayNode grams = doc.putArray(ItemDocument.OCR_GRAMS);
      d.pictureTextGrams().forEach(grams::add);
    }
    item.metadata().forEach((key, values) -> {
      ArrayNode a = doc.putArray(SolrNames.meta(key));
      values.forEach(a::add);
    });
    item.numbers().forEach((key, v) -> doc.put(SolrNames.number(key), v));
    d.geo().ifPresent(p -> doc.put(SolrNames.GEO, SolrFilters.plain(p.latitude()) + "," + SolrFilters.plain(p.longitude())));
    ArrayNode has = doc.putArray(SolrNames.HAS);
    d.vectors().forEach((field, v) -> {
      ArrayNode a = doc.putArray(SolrNames.vector(field));
      for (float x : v) {
        a.add(x);
      }
    });
    d.has().forEach(has::add);
    doc.put(SolrNames.THUMBED, item.hasThumbnail());
    if (item.hasThumbnail()) {
      doc.put(SolrNames.THUMB, Base64.getEncoder().encodeToString(item.thumbnail()));
    }
    doc.put(SolrNames.STORED, d.storedJson());
    return doc;
  }

  /** The item a document holds (fields {@link #ITEM_FIELDS}), with its preview when asked for and fetched. */
  static Item item(JsonNode d, boolean withThumbnail) {
    return ItemDocument.item(d.path(SolrNames.ID).asText(), d.path(SolrNames.SOURCE).asText(), d.path(SolrNames.HASH).asText(),
        d.path(SolrNames.STORED).asText(), withThumbnail ? thumbnail(d) : null);
  }

  /**
   * The item a document holds (fields {@link #ITEM_FIELDS} and {@code _thumbed}) as a page shows
   * it: {@link Item#THUMBNAIL_NOT_READ} where it has a preview, whose bytes were not fetched.
   */
  static Item itemForPage(JsonNode d) {
    return ItemDocument.item(d.path(SolrNames.ID).asText(), d.path(SolrNames.SOURCE).asText(), d.path(SolrNames.HASH).asText(),
        d.path(SolrNames.STORED).asText(), d.path(SolrNames.THUMBED).asBoolean(false) ? Item.THUMBNAIL_NOT_READ : null);
  }

  /** The preview a document holds, or null. */
  static byte[] thumbnail(JsonNode d) {
    return d.hasNonNull(SolrNames.THUMB) ? Base64.getDecoder().decode(d.get(SolrNames.THUMB).asText()) : null;
  }

  /** The state a document holds (fields {@link #STATE_FIELDS}). */
  static ItemState state(JsonNode d) {
    return new ItemState(d.path(SolrNames.HASH).asText(), ItemDocument.fieldSet(has(d)),
        d.path(SolrNames.THUMBED).asBoolean(false));
  }

  private static List<String> has(JsonNode d) {
    List<String> has = new ArrayList<>();
    d.path(SolrNames.HAS).forEach(f -> has.add(f.asText()));
    return has;
  }

  /** The hits of a search (fields {@link #HIT_FIELDS}), each distinct field set made once. */
  static List<Hit> hits(JsonNode docs, DoubleUnaryOperator score) {
    List<Hit> out = new ArrayList<>(docs.size());
    Map<String, Set<String>> fieldSets = new HashMap<>();
    for (JsonNode d : docs) {
      List<String> has = has(d);
      Set<String> fields = fieldSets.computeIfAbsent(String.join(" ", has), k -> ItemDocument.fieldSet(has));
      out.add(new Hit(d.path(SolrNames.ID).asText(), (float) score.applyAsDouble(d.path("score").asDouble()), fields));
    }
    return out;
  }
}
