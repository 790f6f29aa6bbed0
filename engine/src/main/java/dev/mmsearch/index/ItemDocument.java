package dev.mmsearch.index;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mmsearch.derive.ocr.PictureText;
import dev.mmsearch.derive.ocr.TextLine;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * An item as every backend stores it, decided once: the field names, the list of searchable fields
 * an item has ({@value #HAS}), the GPS rule ({@value #GEO}), and the display data kept as one JSON
 * value ({@value #STORED}). A backend only maps this document to its own field types and back, so
 * the embedded index and a cluster store the same things and read back the same item.
 *
 * <p>Built with {@link #of}, which checks every vector against the index's schema first: an item a
 * backend would refuse is refused before any of it is written. Immutable.
 */
public final class ItemDocument {

  /** The item's id: the key of every update and get. */
  public static final String ID = "id";
  /** Where the original lives. */
  public static final String SOURCE = "source";
  /** Hash of the inputs the stored data came from. */
  public static final String HASH = "hash";
  /** Item text, analysed for BM25. */
  public static final String TEXT = "text";
  /** The text read in the item's picture, analysed for BM25 like {@value #TEXT}. */
  public static final String OCR = Hit.OCR;
  /** The character trigrams of the text read in the item's picture ({@link TextGrams}): sub-string matches. */
  public static final String OCR_GRAMS = "_ocr_grams";
  /** The display data as JSON ({@link #storedJson}). */
  public static final String STORED = "_stored";
  /** The names of the searchable fields an item has (see {@link Hit#fields()}). */
  public static final String HAS = "_has";
  /** The thumbnail JPEG. */
  public static final String THUMB = "_thumb";
  /** The item's GPS position, from its {@code latitude} and {@code longitude} numbers (the {@code near} filter). */
  public static final String GEO = "_geo";
  /** Prefix of keyword metadata fields (term filters). */
  public static final String META = "meta.";
  /** Prefix of numeric metadata fields (range filters, closeness, sorting). */
  public static final String NUMBER = "number.";
  /**
   * The item a moment belongs to (its id): what a moment's own document carries instead of
   * {@value #ID}, so that every item query, which matches on {@value #ID} or item fields, never
   * sees a moment.
   */
  public static final String MOMENT_OF = "_moment_of";
  /** A moment's position among its item's moments. */
  public static final String MOMENT = "_moment";
  /** A moment's start and end, seconds. */
  public static final String MOMENT_START = "_moment_start";
  public static final String MOMENT_END = "_moment_end";
  /** Prefix of a moment's vector fields: {@code moment.clip.image} holds the moments of {@code clip.image}. */
  public static final String MOMENT_FIELD = "moment.";

  /** The field holding the moments' vectors of item field {@code field}. */
  public static String momentField(String field) {
    return MOMENT_FIELD + field;
  }

  /** The item field whose moments {@code field} holds, or null when it holds no moments. */
  public static String itemFieldOfMoments(String field) {
    return field.startsWith(MOMENT_FIELD) ? field.substring(MOMENT_FIELD.length()) : null;
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * A GPS position.
   *
   * @param latitude degrees north, -90..90
   * @param longitude degrees east, -180..180
   */
  public record GeoPoint(double latitude, double longitude) {}

  private final Item item;
  private final Map<String, float[]> vectors;

  private ItemDocument(Item item) {
    this.item = item;
    this.vectors = item.vectors();
  }

  /**
   * The document of {@code item}.
   *
   * @throws IllegalArgumentException if a vector has no field in {@code schema} or does not fit it
   */
  public static ItemDocument of(Item item, IndexSchema schema) {
    ItemDocument d = new ItemDocument(item);
    d.vectors.forEach((field, v) -> schema.require(field).checkVector(v));
    item.moments().forEach(m -> m.vectors().forEach((field, v) -> schema.require(field).checkVector(v)));
    return d;
  }

  public Item item() {
    return item;
  }

  /** The vectors by field, sorted by field name (one copy, made once). */
  public Map<String, float[]> vectors() {
    return vectors;
  }

  /**
   * The searchable fields the item has, the value of {@value #HAS}: its vector fields in name
   * order, then {@value Hit#TEXT} when it has text, then {@value Hit#OCR} when its picture was read.
   */
  public List<String> has() {
    List<String> has = new ArrayList<>(vectors.keySet());
    if (!item.text().isBlank()) {
      has.add(Hit.TEXT);
    }
    if (item.pictureText() != null) {
      has.add(Hit.OCR);
    }
    return has;
  }

  /** The text read in the item's picture, lines joined by newlines; empty when none was read or found. */
  public String pictureText() {
    return item.pictureText() == null ? "" : item.pictureText().text();
  }

  /** The distinct character trigrams of {@link #pictureText()}, the values of {@value #OCR_GRAMS}. */
  public java.util.Set<String> pictureTextGrams() {
    return TextGrams.ofLines(item.pictureText() == null ? List.of()
        : item.pictureText().lines().stream().map(dev.mmsearch.derive.ocr.TextLine::text).toList());
  }

  /**
   * The item's position for the {@code near} filter: present when it has both a
   * {@value Item#LATITUDE} and a {@value Item#LONGITUDE} number within their ranges.
   */
  public Optional<GeoPoint> geo() {
    Double latitude = item.numbers().get(Item.LATITUDE);
    Double longitude = item.numbers().get(Item.LONGITUDE);
    if (latitude != null && longitude != null && Math.abs(latitude) <= 90 && Math.abs(longitude) <= 180) {
      return Optional.of(new GeoPoint(latitude, longitude));
    }
    return Optional.empty();
  }

  /** The value of {@value #STORED}: what {@link #item(String, String, String, String, byte[])} reads back. */
  public String storedJson() {
    try {
      return JSON.writeValueAsString(new Stored(item.text(), item.fields(), item.metadata(), item.files(), item.numbers(),
          item.fileKeys(), item.moments().stream().map(m -> new StoredMoment(m.start(), m.end())).toList(),
          item.pictureText() == null ? null : item.pictureText().lines().stream()
              .map(l -> new StoredLine(l.text(), l.confidence(), l.box())).toList()));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise item " + item.id(), e);
    }
  }

  /**
   * The item stored as {@code storedJson}, without vectors.
   *
   * @throws IllegalStateException when the stored value is not readable
   */
  public static Item item(String id, String source, String contentHash, String storedJson, byte[] thumbnail) {
    Stored d;
    try {
      d = JSON.readValue(storedJson, Stored.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("unreadable stored item " + id + ": " + e.getOriginalMessage(), e);
    }
    List<Moment> moments = d.moments() == null ? List.of()
        : d.moments().stream().map(m -> new Moment(m.start(), m.end())).toList();
    PictureText read = d.ocr() == null ? null
        : new PictureText(d.ocr().stream().map(l -> new TextLine(l.text(), l.confidence(), l.box())).toList());
    return new Item(id, source, contentHash, d.text(), d.fields(), d.metadata(), Map.of(), thumbnail, d.files(), d.numbers(),
        d.fileKeys(), moments, read);
  }

  /** The field set stored in {@value #HAS}, from its values. */
  public static Set<String> fieldSet(Collection<String> has) {
    return Set.copyOf(has);
  }

  /** The field set stored in {@value #HAS}, from its values joined by spaces (how an embedded index keeps them). */
  public static Set<String> fieldSet(String joined) {
    return joined.isEmpty() ? Set.of() : Set.of(joined.split(" "));
  }

  /**
   * An item's display data as one JSON value, beside the fields each backend indexes its own way.
   * Unknown keys are ignored, so an older reader can open a newer index's items.
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record Stored(String text, Map<String, String> fields, Map<String, List<String>> metadata, Map<String, String> files,
      Map<String, Double> numbers, Map<String, String> fileKeys,
      @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_EMPTY)
      List<StoredMoment> moments,
      @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
      List<StoredLine> ocr) {}

  /** A line read in the item's picture ({@link TextLine}). */
  record StoredLine(String text, float confidence, float[] box) {}

  /** A moment's times, kept with its item so that reading the item lists them without its moments' documents. */
  record StoredMoment(double start, double end) {}
}
