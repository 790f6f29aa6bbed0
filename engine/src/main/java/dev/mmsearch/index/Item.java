package dev.mmsearch.index;

import dev.mmsearch.derive.ocr.PictureText;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One searchable thing: an image with its caption, a sound, a product. Everything the index stores
 * about it; vectors are keyed by field name ({@code clip.image}).
 *
 * @param id stable, caller-chosen identifier (a relative path, a manifest id)
 * @param source where the original lives (a path under an indexed root), for thumbnails and downloads
 * @param contentHash hash of the inputs the vectors came from; unchanged items are skipped on re-runs
 * @param text searchable text (caption, tags), scored with BM25
 * @param fields display fields returned with hits (title, caption, width…)
 * @param metadata filterable keyword values
 * @param vectors embedding per vector field
 * @param thumbnail small JPEG preview made at index time, or null for items without an image
 * @param files the item's media files by modality id ({@code image}, {@code audio}): {@code source}
 *     is the first of them; an item may have a picture and a sound
 * @param numbers numeric metadata (width, capture year…): finite values usable in range filters,
 *     soft targets ({@link ItemReader#closest}) and sorting; {@value #LATITUDE} and {@value #LONGITUDE}
 *     together place the item for the {@code near} filter
 * @param fileKeys identity of each file in {@code files} as the indexer read it (the file system's
 *     file key: device and inode on Unix), by modality id: the API serves an original only while the
 *     file at its path is still that file, so a path swapped for a link elsewhere is not followed;
 *     empty for items written before identities were kept, or where the file system has none
 * @param moments the item's stretches in time with their own vectors (a video's shots), in time
 *     order; empty for items without (pictures, sounds). Read back with their times only
 * @param pictureText the text read inside the item's picture, with its lines' boxes (an empty
 *     {@link PictureText} when the picture was read and holds none), or null when it was not read
 *     (no picture, or a catalog that reads none)
 */
public record Item(
    String id,
    String source,
    String contentHash,
    String text,
    Map<String, String> fields,
    Map<String, List<String>> metadata,
    Map<String, float[]> vectors,
    byte[] thumbnail,
    Map<String, String> files,
    Map<String, Double> numbers,
    Map<String, String> fileKeys,
    List<Moment> moments,
    PictureText pictureText) {

  /**
   * The thumbnail of an item read without its preview's bytes ({@link ItemReader#getAll}): it has
   * one ({@link #hasThumbnail}), and {@link ItemReader#thumbnail} reads it.
   */
  public static final byte[] THUMBNAIL_NOT_READ = new byte[0];

  /** Number key of the GPS latitude, degrees north. */
  public static final String LATITUDE = "latitude";
  /** Number key of the GPS longitude, degrees east. */
  public static final String LONGITUDE = "longitude";


  public Item {
    if (id == null || id.isEmpty()) {
      throw new IllegalArgumentException("item id must be non-empty, got: " + (id == null ? "null" : "''"));
    }
    source = Objects.requireNonNullElse(source, "");
    contentHash = Objects.requireNonNullElse(contentHash, "");
    text = Objects.requireNonNullElse(text, "");
    fields = Collections.unmodifiableMap(new TreeMap<>(Objects.requireNonNullElse(fields, Map.of())));
    TreeMap<String, List<String>> meta = new TreeMap<>();
    Objects.requireNonNullElse(metadata, Map.<String, List<String>>of()).forEach((k, v) -> meta.put(k, List.copyOf(v)));
    metadata = Collections.unmodifiableMap(meta);
    TreeMap<String, float[]> vec = new TreeMap<>();
    Objects.requireNonNullElse(vectors, Map.<String, float[]>of()).forEach((k, v) -> vec.put(k, v.clone()));
    vectors = Collections.unmodifiableMap(vec);
    thumbnail = thumbnail == null ? null : thumbnail.clone();
    files = Collections.unmodifiableMap(new TreeMap<>(Objects.requireNonNullElse(files, Map.of())));
    TreeMap<String, Double> num = new TreeMap<>();
    Objects.requireNonNullElse(numbers, Map.<String, Double>of()).forEach((k, v) -> {
      if (k == null || k.isEmpty() || v == null || !Double.isFinite(v)) {
        throw new IllegalArgumentException("numeric metadata needs a name and a finite value, got: " + k + " = " + v);
      }
      num.put(k, v);
    });
    numbers = Collections.unmodifiableMap(num);
    fileKeys = Collections.unmodifiableMap(new TreeMap<>(Objects.requireNonNullElse(fileKeys, Map.of())));
    moments = List.copyOf(Objects.requireNonNullElse(moments, List.of()));
    for (int i = 1; i < moments.size(); i++) {
      if (moments.get(i).start() < moments.get(i - 1).end() - 1e-6) {
        throw new IllegalArgumentException("moments must be in time order without overlap, got: " + moments.get(i - 1)
            + " then " + moments.get(i));
      }
    }
  }

  /** An item whose picture, if any, was not read for text. */
  public Item(String id, String source, String contentHash, String text, Map<String, String> fields,
      Map<String, List<String>> metadata, Map<String, float[]> vectors, byte[] thumbnail, Map<String, String> files,
      Map<String, Double> numbers, Map<String, String> fileKeys, List<Moment> moments) {
    this(id, source, contentHash, text, fields, metadata, vectors, thumbnail, files, numbers, fileKeys, moments, null);
  }

  /** An item without moments. */
  public Item(String id, String source, String contentHash, String text, Map<String, String> fields,
      Map<String, List<String>> metadata, Map<String, float[]> vectors, byte[] thumbnail, Map<String, String> files,
      Map<String, Double> numbers, Map<String, String> fileKeys) {
    this(id, source, contentHash, text, fields, metadata, vectors, thumbnail, files, numbers, fileKeys, List.of());
  }

  /** An item without recorded file identities. */
  public Item(String id, String source, String contentHash, String text, Map<String, String> fields,
      Map<String, List<String>> metadata, Map<String, float[]> vectors, byte[] thumbnail, Map<String, String> files,
      Map<String, Double> numbers) {
    this(id, source, contentHash, text, fields, metadata, vectors, thumbnail, files, numbers, Map.of());
  }

  /** An item without numeric metadata. */
  public Item(String id, String source, String contentHash, String text, Map<String, String> fields,
      Map<String, List<String>> metadata, Map<String, float[]> vectors, byte[] thumbnail, Map<String, String> files) {
    this(id, source, contentHash, text, fields, metadata, vectors, thumbnail, files, Map.of());
  }

  /** An item without a thumbnail. */
  public Item(String id, String source, String contentHash, String text, Map<String, String> fields,
      Map<String, List<String>> metadata, Map<String, float[]> vectors) {
    this(id, source, contentHash, text, fields, metadata, vectors, null, Map.of());
  }

  /** An item whose only file, if any, is {@code source}. */
  public Item(String id, String source, String contentHash, String text, Map<String, String> fields,
      Map<String, List<String>> metadata, Map<String, float[]> vectors, byte[] thumbnail) {
    this(id, source, contentHash, text, fields, metadata, vectors, thumbnail, Map.of());
  }

  /** A copy, so callers cannot change what was indexed; null when the item has none. */
  @Override
  public byte[] thumbnail() {
    return thumbnail == null ? null : thumbnail.clone();
  }

  public boolean hasThumbnail() {
    return thumbnail != null;
  }

  /** The same item with other vectors and thumbnail. */
  public Item with(Map<String, float[]> newVectors, byte[] newThumbnail) {
    return new Item(id, source, contentHash, text, fields, metadata, newVectors, newThumbnail, files, numbers, fileKeys,
        moments, pictureText);
  }

  /** Copies, so callers cannot change what was indexed. */
  @Override
  public Map<String, float[]> vectors() {
    TreeMap<String, float[]> copy = new TreeMap<>();
    vectors.forEach((k, v) -> copy.put(k, v.clone()));
    return copy;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Item other)) {
      return false;
    }
    if (!id.equals(other.id) || !source.equals(other.source) || !contentHash.equals(other.contentHash)
        || !text.equals(other.text) || !fields.equals(other.fields) || !metadata.equals(other.metadata)
        || !vectors.keySet().equals(other.vectors.keySet()) || !Arrays.equals(thumbnail, other.thumbnail)
        || !files.equals(other.files) || !numbers.equals(other.numbers) || !fileKeys.equals(other.fileKeys)
        || !moments.equals(other.moments) || !Objects.equals(pictureText, other.pictureText)) {
      return false;
    }
    for (Map.Entry<String, float[]> e : vectors.entrySet()) {
      if (!Arrays.equals(e.getValue(), other.vectors.get(e.getKey()))) {
        return false;
      }
    }
    return true;
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, source, contentHash, text, fields, metadata, vectors.keySet());
  }

  @Override
  public String toString() {
    return "Item(" + id + ", source=" + source + ", vectors=" + vectors.keySet() + ")";
  }
}
