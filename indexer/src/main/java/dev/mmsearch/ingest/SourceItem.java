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
 * @param name the item's name as a weak caption ({@link dev.mmsearch.encode.Modality#NAME}): the words
 *     of a folder item's path, a manifest's {@code name}; empty for none
 */
public record SourceItem(
    String id,
    Map<Modality, Path> files,
    Path sidecar,
    String text,
    Map<String, String> fields,
    Map<String, List<String>> metadata,
    String origin,
    String name) {

  public SourceItem {
    EnumMap<Modality, Path> f = new EnumMap<>(Modality.class);
    f.putAll(files);
    files = Collections.unmodifiableMap(f);
    fields = Map.copyOf(fields);
    metadata = Map.copyOf(metadata);
    name = name == null ? "" : name.strip();
  }

  /** The words of a path relative to its folder, without the extension: {@code animals/giraffe_2.webp} → "animals giraffe 2". */
  public static String nameOf(String relativePath) {
    String noExtension = relativePath.replaceFirst("\\.[^./\\\\]*$", "");
    return String.join(" ", java.util.Arrays.stream(noExtension.split("[^\\p{L}\\p{N}]+")).filter(w -> !w.isEmpty()).toList());
  }

  /** The same item without a name ({@code mmsearch index --no-names}). */
  public SourceItem withoutName() {
    return new SourceItem(id, files, sidecar, text, fields, metadata, origin, "");
  }

  /** The file of a modality, or null. */
  public Path file(Modality modality) {
    return files.get(modality);
  }

  /** Whether the item has an input of a modality: its text, its name, or a file. */
  public boolean has(Modality modality) {
    return switch (modality) {
      case TEXT -> !text.isEmpty();
      case NAME -> !name.isEmpty();
      default -> files.containsKey(modality);
    };
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
