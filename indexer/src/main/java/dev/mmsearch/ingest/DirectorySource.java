package dev.mmsearch.ingest;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mmsearch.encode.Modality;
import dev.mmsearch.media.Media;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Lists a directory tree lazily: media files (any medium mmsearch reads: pictures, sounds) are
 * items, identified by their path relative to the root; files sharing a base name make one item
 * ({@code cow.png} + {@code cow.ogg} + {@code cow.txt}), identified by its first file (the picture).
 * {@code name.txt} next to them is the caption, {@code name.json} the caption, tags and metadata.
 * Files are not read here, except the small sidecars.
 *
 * <p>Items come in sorted path order, one folder at a time: memory holds the entries of the
 * folders on the current path, not the tree. A folder that cannot be read is one reported error
 * ({@code UNREADABLE_FOLDER}); the rest of the tree is still listed.
 */
final class DirectorySource {

  private static final ObjectMapper JSON = new ObjectMapper();

  private DirectorySource() {}

  static Path root(Path root) {
    if (Files.isRegularFile(root)) {
      throw new IllegalArgumentException(root + " is a file, not a folder: give the folder that holds it, or list files in a "
          + "manifest (--manifest items.jsonl)");
    }
    if (!Files.isDirectory(root)) {
      throw new IllegalArgumentException("input folder not found: " + root);
    }
    return root.toAbsolutePath().normalize();
  }

  /** Lists one folder's entries; the file system's, or a test's that fails. */
  @FunctionalInterface
  interface Lister {
    List<Path> list(Path dir) throws IOException;

    Lister FILES = dir -> {
      List<Path> entries = new ArrayList<>();
      try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
        for (Path p : s) {
          entries.add(p);
        }
      } catch (java.nio.file.DirectoryIteratorException e) {
        throw e.getCause();
      }
      return entries;
    };
  }

  /** Items under {@code root}, listed as they are consumed; failures go to {@code errors}. */
  static Iterator<SourceItem> items(Path root, ErrorReport errors) {
    return items(root, errors, Lister.FILES);
  }

  static Iterator<SourceItem> items(Path root, ErrorReport errors, Lister lister) {
    Path abs = root(root);
    return new Lookahead<>() {
      private final Deque<Iterator<Object>> stack = new ArrayDeque<>(List.of(entries(abs, errors, lister).iterator()));

      @Override
      protected SourceItem computeNext() {
        while (!stack.isEmpty()) {
          Iterator<Object> top = stack.peek();
          if (!top.hasNext()) {
            stack.pop();
            continue;
          }
          Object e = top.next();
          if (e instanceof Path dir) {
            stack.push(entries(dir, errors, lister).iterator());
          } else {
            @SuppressWarnings("unchecked")
            SourceItem item = item(abs, (Map<Modality, Path>) e, errors);
            if (item != null) {
              return item;
            }
          }
        }
        return null;
      }
    };
  }

  /**
   * Items under {@code root}, counted without reading or sorting anything: media files, less those
   * that join an earlier file of their item (a sound next to a picture of the same base name).
   */
  static long count(Path root) {
    try (Stream<Path> files = Files.walk(root(root))) {
      return files.filter(p -> Media.modalityOfFile(p.getFileName().toString()) != null && Files.isRegularFile(p)
          && !joinsAnEarlierFile(p)).count();
    } catch (IOException | UncheckedIOException e) {
      return -1;
    }
  }

  /** Whether a file of an earlier modality with the same base name sits next to {@code file}. */
  private static boolean joinsAnEarlierFile(Path file) {
    Modality own = Media.modalityOfFile(file.getFileName().toString());
    String stem = stem(file);
    for (Modality m : Media.fileModalities()) {
      if (m == own) {
        return false;
      }
      for (String ext : Media.extensionsOf(m)) {
        if (Files.isRegularFile(file.resolveSibling(stem + "." + ext))) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * A folder's entries in sorted order: subfolders (as paths) and items (as their files by
   * modality). Media files sharing a base name are one item when each medium appears once;
   * otherwise each file is an item of its own.
   */
  private static List<Object> entries(Path dir, ErrorReport errors, Lister lister) {
    List<Object> out = new ArrayList<>();
    Map<String, List<Path>> byStem = new java.util.LinkedHashMap<>();
    for (Path p : list(dir, errors, lister)) {
      if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
        out.add(p);
      } else if (Media.modalityOfFile(p.getFileName().toString()) != null && Files.isRegularFile(p)) {
        byStem.computeIfAbsent(stem(p), s -> new ArrayList<>()).add(p);
      }
    }
    for (List<Path> group : byStem.values()) {
      Map<Modality, Path> files = new EnumMap<>(Modality.class);
      boolean clash = false;
      for (Path p : group) {
        clash |= files.put(Media.modalityOfFile(p.getFileName().toString()), p) != null;
      }
      if (clash) {
        for (Path p : group) {
          out.add(Map.of(Media.modalityOfFile(p.getFileName().toString()), p));
        }
      } else {
        out.add(files);
      }
    }
    return out;
  }

  private static String stem(Path file) {
    String name = file.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return dot < 0 ? name : name.substring(0, dot);
  }

  private static List<Path> list(Path dir, ErrorReport errors, Lister lister) {
    List<Path> entries;
    try {
      entries = new ArrayList<>(lister.list(dir));
    } catch (IOException | UncheckedIOException | java.nio.file.InvalidPathException e) {
      errors.add(new IngestError(dir.toString(), "read", "UNREADABLE_FOLDER", "cannot list folder: " + e));
      return List.of();
    }
    entries.sort(null);
    return entries;
  }

  /** The item of a group of media files, or null for a bad sidecar (reported). */
  private static SourceItem item(Path root, Map<Modality, Path> files, ErrorReport errors) {
    Path first = files.values().iterator().next();
    String id = root.relativize(first).toString().replace('\\', '/');
    try {
      Path sidecar = sidecar(first);
      Annotations a = sidecar == null ? Annotations.ofCaption("") : read(sidecar);
      return new SourceItem(id, files, sidecar, a.text(), a.fields(), a.metadata(), root.toString(), SourceItem.nameOf(id));
    } catch (IOException | IllegalArgumentException | UncheckedIOException e) {
      errors.add(new IngestError(first.toString(), "read", "BAD_SIDECAR", e.getMessage()));
      return null;
    }
  }

  private static Path sidecar(Path file) {
    String name = file.getFileName().toString();
    String stem = name.substring(0, name.lastIndexOf('.'));
    for (String ext : List.of(".json", ".txt")) {
      Path s = file.resolveSibling(stem + ext);
      if (Files.isRegularFile(s)) {
        return s;
      }
    }
    return null;
  }

  private static Annotations read(Path sidecar) throws IOException {
    long size = Files.size(sidecar);
    if (size > ManifestSource.MAX_LINE_CHARS) {
      throw new IllegalArgumentException(sidecar + ": sidecar is " + size + " bytes, more than the limit of "
          + ManifestSource.MAX_LINE_CHARS);
    }
    if (sidecar.toString().endsWith(".txt")) {
      try {
        return Annotations.ofCaption(Files.readString(sidecar, StandardCharsets.UTF_8));
      } catch (java.nio.charset.MalformedInputException e) {
        throw new IllegalArgumentException(sidecar + ": caption is not UTF-8 text");
      }
    }
    try {
      return Annotations.of(JSON.readTree(sidecar.toFile()), Set.of());
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalArgumentException(sidecar + ": not valid JSON: " + e.getOriginalMessage());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(sidecar + ": " + e.getMessage());
    }
  }
}
