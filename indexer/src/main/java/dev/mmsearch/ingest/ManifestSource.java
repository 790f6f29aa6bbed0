package dev.mmsearch.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads a JSONL manifest: one item per line with {@code id} and any of {@code image},
 * {@code text}, {@code audio} (paths relative to the manifest); every other field is stored and
 * filterable. A bad line is reported with its line number and the rest are read.
 */
final class ManifestSource {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> FILE_KEYS = Set.of("id", "image", "audio");

  private ManifestSource() {}

  static Listing list(Path manifest) {
    if (!Files.isRegularFile(manifest)) {
      throw new IllegalArgumentException("manifest not found: " + manifest);
    }
    Path base = manifest.toAbsolutePath().normalize().getParent();
    List<SourceItem> items = new ArrayList<>();
    List<IngestError> errors = new ArrayList<>();
    try (BufferedReader in = Files.newBufferedReader(manifest, StandardCharsets.UTF_8)) {
      String line;
      int n = 0;
      while ((line = in.readLine()) != null) {
        n++;
        if (line.isBlank()) {
          continue;
        }
        String where = manifest + ":" + n;
        try {
          items.add(item(base, JSON.readTree(line), where));
        } catch (JsonProcessingException e) {
          errors.add(new IngestError(where, "read", "BAD_MANIFEST_LINE", "line " + n + " is not valid JSON: " + e.getOriginalMessage()));
        } catch (IllegalArgumentException e) {
          errors.add(new IngestError(where, "read", "BAD_MANIFEST_LINE", "line " + n + ": " + e.getMessage()));
        }
      }
    } catch (java.nio.charset.MalformedInputException e) {
      errors.add(new IngestError(manifest.toString(), "read", "BAD_MANIFEST", "manifest is not UTF-8; lines after the bad bytes were not read"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read manifest " + manifest, e);
    }
    return new Listing(items, errors, null);
  }

  private static SourceItem item(Path base, JsonNode line, String where) {
    if (!line.isObject()) {
      throw new IllegalArgumentException("expected a JSON object");
    }
    JsonNode id = line.get("id");
    if (id == null || !id.isValueNode() || id.asText().isBlank()) {
      throw new IllegalArgumentException("missing \"id\"");
    }
    Path image = file(base, line, "image");
    Path audio = file(base, line, "audio");
    Annotations a = Annotations.of(line, FILE_KEYS);
    if (image == null && audio == null && a.text().isEmpty()) {
      throw new IllegalArgumentException("item '" + id.asText() + "' has no image, audio or text");
    }
    return new SourceItem(id.asText(), image, audio, null, a.text(), a.fields(), a.metadata(), where);
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
