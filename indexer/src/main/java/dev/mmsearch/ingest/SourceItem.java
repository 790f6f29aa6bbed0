package dev.mmsearch.ingest;

import dev.mmsearch.encode.Modality;
import java.nio.file.Path;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * One item as an input describes it, before anything is read: its media files, its text and
 * metadata. Files are read, hashed and decoded later, on the decode threads.
 *
 * @param id stable id: path relative to the input root (of its first file), or the manifest's {@code id}
 * @param files media files by modality (a picture and a sound may share an item); may be empty
 * @param sidecar caption file read for this item, or null (part of the content hash)
 * @param text caption and tags, searchable
 * @param origin the input that produced the item: a directory root or a manifest file with line number
 */
public record SourceItem(
    String id,
    Map<Modality, Path> files,
    Path sidecar,
    String text,
    Map<String, String> fields,
    Map<String, List<String>> metadata,
    String origin) {

  public SourceItem {
    EnumMap<Modality, Path> f = new EnumMap<>(Modality.class);
    f.putAll(files);
    files = Collections.unmodifiableMap(f);
    fields = Map.copyOf(fields);
    metadata = Map.copyOf(metadata);
  }

  /** The file of a modality, or null. */
  public Path file(Modality modality) {
    return files.get(modality);
  }

  /** Whether the item has an input of a modality: its text, or a file. */
  public boolean has(Modality modality) {
    return modality == Modality.TEXT ? !text.isEmpty() : files.containsKey(modality);
  }

  /** The item's main file (the first by modality: a picture before a sound), or empty for text-only items. */
  public String source() {
    return files.isEmpty() ? "" : absolute(files.values().iterator().next());
  }

  /** Every file by modality id, as the index stores them. */
  public Map<String, String> fileNames() {
    Map<String, String> out = new java.util.TreeMap<>();
    files.forEach((m, p) -> out.put(m.id(), absolute(p)));
    return out;
  }

  private static String absolute(Path p) {
    return p.toAbsolutePath().normalize().toString();
  }
}
