package dev.mmsearch.index;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;

/**
 * An item's display data as every backend stores it: one JSON value in one stored field, beside
 * the fields each backend indexes its own way (id, source, hash, text, vectors, preview). One
 * record, so that the embedded index and a cluster read back the same item from the same JSON.
 * Unknown keys are ignored, so an older reader can open a newer index's items.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record StoredDoc(String text, Map<String, String> fields, Map<String, List<String>> metadata, Map<String, String> files,
    Map<String, Double> numbers, Map<String, String> fileKeys) {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The JSON stored for {@code item}. */
  public static String json(Item item) {
    try {
      return JSON.writeValueAsString(new StoredDoc(item.text(), item.fields(), item.metadata(), item.files(), item.numbers(),
          item.fileKeys()));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise item " + item.id(), e);
    }
  }

  /**
   * The item stored as {@code json}, without vectors.
   *
   * @throws IllegalStateException when the stored value is not readable
   */
  public static Item item(String id, String source, String contentHash, String json, byte[] thumbnail) {
    StoredDoc d;
    try {
      d = JSON.readValue(json, StoredDoc.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("unreadable stored item " + id + ": " + e.getOriginalMessage(), e);
    }
    return new Item(id, source, contentHash, d.text(), d.fields(), d.metadata(), Map.of(), thumbnail, d.files(), d.numbers(),
        d.fileKeys());
  }
}
