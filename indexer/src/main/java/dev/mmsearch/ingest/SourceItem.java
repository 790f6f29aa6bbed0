package dev.mmsearch.ingest;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One item as an input describes it, before anything is read: where its files are, its text and
 * metadata. Files are read, hashed and decoded later, on the decode threads.
 *
 * @param id stable id: path relative to the input root, or the manifest's {@code id}
 * @param image image file, or null
 * @param audio audio file, or null (hashed and stored; embedded once an audio space exists)
 * @param sidecar caption file read for this item, or null (part of the content hash)
 * @param text caption and tags, searchable
 * @param origin the input that produced the item: a directory root or a manifest file with line number
 */
public record SourceItem(
    String id,
    Path image,
    Path audio,
    Path sidecar,
    String text,
    Map<String, String> fields,
    Map<String, List<String>> metadata,
    String origin) {

  public SourceItem {
    fields = Map.copyOf(fields);
    metadata = Map.copyOf(metadata);
  }

  /** The item's main file (image, else audio), or empty for text-only items. */
  public String source() {
    Path main = image != null ? image : audio;
    return main == null ? "" : main.toAbsolutePath().normalize().toString();
  }
}
