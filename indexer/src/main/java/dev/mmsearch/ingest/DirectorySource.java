package dev.mmsearch.ingest;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Lists a directory tree: every image or audio file is an item, identified by its path relative to
 * the root; {@code name.txt} next to it is its caption, {@code name.json} its caption, tags and
 * metadata. Files are not read here, except the small sidecars.
 */
final class DirectorySource {

  static final Set<String> IMAGE_EXTENSIONS = Set.of("png", "jpg", "jpeg", "webp", "gif", "bmp");
  static final Set<String> AUDIO_EXTENSIONS = Set.of("wav");

  private static final ObjectMapper JSON = new ObjectMapper();

  private DirectorySource() {}

  static Listing list(Path root) {
    if (!Files.isDirectory(root)) {
      throw new IllegalArgumentException("input directory not found: " + root);
    }
    Path abs = root.toAbsolutePath().normalize();
    List<SourceItem> items = new ArrayList<>();
    List<IngestError> errors = new ArrayList<>();
    try (Stream<Path> files = Files.walk(abs)) {
      for (Path p : files.filter(Files::isRegularFile).sorted().toList()) {
        String ext = extension(p);
        boolean image = IMAGE_EXTENSIONS.contains(ext);
        if (!image && !AUDIO_EXTENSIONS.contains(ext)) {
          continue;
        }
        String id = abs.relativize(p).toString().replace('\\', '/');
        try {
          Path sidecar = sidecar(p);
          Annotations a = sidecar == null ? Annotations.ofCaption("") : read(sidecar);
          items.add(new SourceItem(id, image ? p : null, image ? null : p, sidecar, a.text(), a.fields(), a.metadata(),
              abs.toString()));
        } catch (IOException | IllegalArgumentException e) {
          errors.add(new IngestError(p.toString(), "read", "BAD_SIDECAR", e.getMessage()));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + root, e);
    }
    return new Listing(items, errors, abs);
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
