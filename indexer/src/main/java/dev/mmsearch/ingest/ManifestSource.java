package dev.mmsearch.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import dev.mmsearch.encode.Modality;
import dev.mmsearch.media.Media;

/**
 * Reads a JSONL manifest lazily: one item per line with {@code id} and any of {@code text} and a
 * file per medium ({@code image}, {@code audio}: paths relative to the manifest); every other field
 * is stored and filterable. A bad line is reported with its line number and the rest are read. Memory is one
 * line at a time, whatever the manifest's length; a line longer than {@value #MAX_LINE_CHARS}
 * characters is reported and skipped without being held.
 */
final class ManifestSource {

  /** Longest manifest line (and sidecar file) read. */
  static final int MAX_LINE_CHARS = 1 << 20;

  private static final ObjectMapper JSON = new ObjectMapper();
  /** Keys that are not annotations: the id, the name, and a path per file modality ({@code image}, {@code audio}). */
  private static final Set<String> FILE_KEYS = fileKeys();

  private static Set<String> fileKeys() {
    Set<String> keys = new java.util.HashSet<>(Set.of("id", Modality.NAME.id()));
    Media.fileModalities().forEach(m -> keys.add(m.id()));
    return Set.copyOf(keys);
  }

  private ManifestSource() {}

  static Path check(Path manifest) {
    if (Files.isDirectory(manifest)) {
      throw new IllegalArgumentException(manifest + " is a folder, not a manifest: give folders without --manifest");
    }
    if (!Files.isRegularFile(manifest)) {
      throw new IllegalArgumentException("manifest not found: " + manifest);
    }
    return manifest;
  }

  /** Items of the manifest, read as they are consumed; bad lines go to {@code errors}. */
  static Iterator<SourceItem> items(Path manifest, ErrorReport errors) {
    check(manifest);
    Path base = manifest.toAbsolutePath().normalize().getParent();
    BufferedReader in;
    try {
      in = new BufferedReader(java.nio.channels.Channels.newReader(Files.newByteChannel(manifest),
          StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT), -1));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read manifest " + manifest, e);
    }
    return new Lookahead<>() {
      private int n;

      @Override
      protected SourceItem computeNext() {
        while (true) {
          String line;
          try {
            line = readLine(in);
          } catch (java.nio.charset.CharacterCodingException e) {
            errors.add(new IngestError(manifest + ":" + (n + 1), "read", "BAD_MANIFEST",
                "manifest is not UTF-8; lines after the bad bytes were not read"));
            line = null;
          } catch (IOException e) {
            close();
            throw new UncheckedIOException("cannot read manifest " + manifest, e);
          }
          if (line == null) {
            close();
            return null;
          }
          n++;
          SourceItem item = parse(base, manifest, n, line, errors);
          if (item != null) {
            return item;
          }
        }
      }

      private void close() {
        try {
          in.close();
        } catch (IOException e) {
          // nothing more to read either way
        }
      }
    };
  }

  /**
   * Items of some lines of {@code manifest}, already read by someone else (a Spark partition):
   * each line is parsed and checked exactly as when the file is read here, bad ones reported with
   * their line number.
   */
  static Iterator<SourceItem> lines(Path manifest, Iterator<ManifestLine> lines, ErrorReport errors) {
    Path base = manifest.toAbsolutePath().normalize().getParent();
    return new Lookahead<>() {
      @Override
      protected SourceItem computeNext() {
        while (lines.hasNext()) {
          ManifestLine line = lines.next();
          String text = line.text().length() > MAX_LINE_CHARS ? TOO_LONG : line.text();
          SourceItem item = parse(base, manifest, line.number(), text, errors);
          if (item != null) {
            return item;
          }
        }
        return null;
      }
    };
  }

  /** The item of line {@code n}, or null for a blank line or a bad one (reported). */
  private static SourceItem parse(Path base, Path manifest, long n, String line, ErrorReport errors) {
    String where = manifest + ":" + n;
    if (line == TOO_LONG) {
      errors.add(new IngestError(where, "read", "BAD_MANIFEST_LINE", "line " + n + " is longer than "
          + MAX_LINE_CHARS + " characters"));
    } else if (!line.isBlank()) {
      try {
        return item(base, JSON.readTree(line), where);
      } catch (JsonProcessingException e) {
        errors.add(new IngestError(where, "read", "BAD_MANIFEST_LINE", "line " + n + " is not valid JSON: " + e.getOriginalMessage()));
      } catch (IllegalArgumentException e) {
        errors.add(new IngestError(where, "read", "BAD_MANIFEST_LINE", "line " + n + ": " + e.getMessage()));
      }
    }
    return null;
  }

  /** Non-blank lines, counted without parsing; -1 when the file cannot be read. */
  static long count(Path manifest) {
    try (BufferedReader in = Files.newBufferedReader(check(manifest), StandardCharsets.ISO_8859_1)) {
      long lines = 0;
      String line;
      while ((line = readLine(in)) != null) {
        if (line == TOO_LONG || !line.isBlank()) {
          lines++;
        }
      }
      return lines;
    } catch (IOException e) {
      return -1;
    }
  }

  /** Marks a line over the limit; compared by identity. */
  private static final String TOO_LONG = new String("<too long>");

  /** The next line without its terminator, {@link #TOO_LONG} for an overlong one (consumed), or null at the end. */
  private static String readLine(Reader in) throws IOException {
    StringBuilder sb = new StringBuilder();
    boolean overlong = false;
    int c;
    boolean any = false;
    while ((c = in.read()) != -1) {
      any = true;
      if (c == '\n') {
        break;
      }
      if (overlong) {
        continue;
      }
      if (sb.length() >= MAX_LINE_CHARS) {
        overlong = true;
        sb.setLength(0);
        continue;
      }
      sb.append((char) c);
    }
    if (!any) {
      return null;
    }
    if (overlong) {
      return TOO_LONG;
    }
    int len = sb.length();
    if (len > 0 && sb.charAt(len - 1) == '\r') {
      sb.setLength(len - 1);
    }
    return sb.toString();
  }

  private static SourceItem item(Path base, JsonNode line, String where) {
    if (!line.isObject()) {
      throw new IllegalArgumentException("expected a JSON object");
    }
    JsonNode id = line.get("id");
    if (id == null || !id.isValueNode() || id.asText().isBlank()) {
      throw new IllegalArgumentException("missing \"id\"");
    }
    Map<Modality, Path> files = new EnumMap<>(Modality.class);
    for (Modality m : Media.fileModalities()) {
      Path p = file(base, line, m.id());
      if (p != null) {
        files.put(m, p);
      }
    }
    Annotations a = Annotations.of(line, FILE_KEYS);
    if (files.isEmpty() && a.text().isEmpty()) {
      throw new IllegalArgumentException("item '" + id.asText() + "' has no image, audio or text");
    }
    JsonNode name = line.get(Modality.NAME.id());
    if (name != null && !name.isNull() && !name.isTextual()) {
      throw new IllegalArgumentException("\"name\" must be a string");
    }
    return new SourceItem(id.asText(), files, null, a.text(), a.fields(), a.metadata(), where,
        name == null || name.isNull() ? "" : name.asText());
  }

  private static Path file(Path base, JsonNode line, String key) {
    JsonNode v = line.get(key);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual() || v.asText().isBlank()) {
      throw new IllegalArgumentException("\"" + key + "\" must be a path string");
    }
    return base.resolve(v.asText()).normalize();
  }
}
