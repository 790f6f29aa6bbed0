package dev.mmsearch.ingest;

import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Lists a directory tree lazily: every image or audio file is an item, identified by its path
 * relative to the root; {@code name.txt} next to it is its caption, {@code name.json} its caption,
 * tags and metadata. Files are not read here, except the small sidecars.
 *
 * <p>Items come in sorted path order, one folder at a time: memory holds the entries of the
 * folders on the current path, not the tree. A folder that cannot be read is one reported error
 * ({@code UNREADABLE_FOLDER}); the rest of the tree is still listed.
 */
final class DirectorySource {

  static final Set<String> IMAGE_EXTENSIONS = Set.of("png", "jpg", "jpeg", "webp", "gif", "bmp");
  static final Set<String> AUDIO_EXTENSIONS = Set.of("wav");

  private static final ObjectMapper JSON = new ObjectMapper();

  private DirectorySource() {}

  static Path root(Path root) {
    if (!Files.isDirectory(root)) {
      throw new IllegalArgumentException("input directory not found: " + root);
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
      private final Deque<Iterator<Path>> stack = new ArrayDeque<>(List.of(list(abs, errors, lister).iterator()));

      @Override
      protected SourceItem computeNext() {
        while (!stack.isEmpty()) {
          Iterator<Path> top = stack.peek();
          if (!top.hasNext()) {
            stack.pop();
            continue;
          }
          Path p = top.next();
          if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
            stack.push(list(p, errors, lister).iterator());
          } else {
            SourceItem item = item(abs, p, errors);
            if (item != null) {
              return item;
            }
          }
        }
        return null;
      }
    };
  }

  /** Media files under {@code root}, counted without reading or sorting anything. */
  static long count(Path root) {
    try (Stream<Path> files = Files.walk(root(root))) {
      return files.filter(p -> media(p) != null && Files.isRegularFile(p)).count();
    } catch (IOException | UncheckedIOException e) {
      return -1;
    }
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

  /** "image", "audio" or null by extension. */
  private static String media(Path p) {
    String ext = extension(p);
    return IMAGE_EXTENSIONS.contains(ext) ? "image" : AUDIO_EXTENSIONS.contains(ext) ? "audio" : null;
  }

  /** The item of a media file, or null for other files and bad sidecars (reported). */
  private static SourceItem item(Path root, Path p, ErrorReport errors) {
    String kind = media(p);
    if (kind == null || !Files.isRegularFile(p)) {
      return null;
    }
    boolean image = kind.equals("image");
    String id = root.relativize(p).toString().replace('\\', '/');
    try {
      Path sidecar = sidecar(p);
      Annotations a = sidecar == null ? Annotations.ofCaption("") : read(sidecar);
      return new SourceItem(id, image ? p : null, image ? null : p, sidecar, a.text(), a.fields(), a.metadata(), root.toString());
    } catch (IOException | IllegalArgumentException | UncheckedIOException e) {
      errors.add(new IngestError(p.toString(), "read", "BAD_SIDECAR", e.getMessage()));
      return null;
    }
  }

  private static String extension(Path p) {
    String name = p.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
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
