package dev.mmsearch.api;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mmsearch.index.Item;
import dev.mmsearch.index.ItemIndex;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.ForbiddenException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * Finds an item's original file, and only serves files that really lie under a root the indexer
 * recorded ({@link ItemIndex#ROOTS_COMMIT_KEY} in the commit data). Symbolic links and {@code ..} are resolved
 * before the check, so no id or stored path can reach outside the indexed folders.
 */
@ApplicationScoped
public class MediaFiles {

  @Inject
  SearchEngine engine;

  public Item item(String id) {
    return engine.index().get(id).orElseThrow(() -> new NoSuchElementException("no item with id '" + id + "'"));
  }

  /**
   * Types served inline, by file extension. Anything else goes out as an
   * {@code application/octet-stream} attachment, so no indexed file is ever rendered as HTML or
   * script by a browser (with {@code X-Content-Type-Options: nosniff} on every response).
   */
  static final Map<String, String> INLINE_TYPES = Map.ofEntries(
      Map.entry("png", "image/png"), Map.entry("jpg", "image/jpeg"), Map.entry("jpeg", "image/jpeg"),
      Map.entry("webp", "image/webp"), Map.entry("gif", "image/gif"), Map.entry("bmp", "image/bmp"),
      Map.entry("wav", "audio/wav"), Map.entry("flac", "audio/flac"), Map.entry("ogg", "audio/ogg"),
      Map.entry("oga", "audio/ogg"), Map.entry("mp3", "audio/mpeg"));

  /** A servable original: where it is, the type it is sent as, and whether a browser may show it inline. */
  public record Original(Path path, String mediaType, boolean inline) {}

  /** The original file of an item, checked to be under an indexed root, with its media type. */
  public Original original(Item item) {
    Path file = originalPath(item);
    String name = file.getFileName().toString();
    int dot = name.lastIndexOf('.');
    String type = dot < 0 ? null : INLINE_TYPES.get(name.substring(dot + 1).toLowerCase(java.util.Locale.ROOT));
    return type == null ? new Original(file, "application/octet-stream", false) : new Original(file, type, true);
  }

  private Path originalPath(Item item) {
    if (item.source().isEmpty()) {
      throw new NoSuchElementException("item '" + item.id() + "' has no media file");
    }
    Path real;
    try {
      real = Path.of(item.source()).toRealPath();
    } catch (IOException e) {
      throw new NoSuchElementException("the file of item '" + item.id() + "' is gone");
    }
    for (Path root : roots()) {
      if (real.startsWith(root) && Files.isRegularFile(real)) {
        return real;
      }
    }
    throw new ForbiddenException("the file of item '" + item.id() + "' is outside the indexed folders");
  }

  private List<Path> roots() {
    String json = engine.index().commitData().get(ItemIndex.ROOTS_COMMIT_KEY);
    List<Path> roots = new ArrayList<>();
    if (json == null) {
      return roots;
    }
    try {
      for (String r : new ObjectMapper().readValue(json, new TypeReference<List<String>>() {})) {
        try {
          roots.add(Path.of(r).toRealPath());
        } catch (IOException e) {
          // A root that no longer exists serves nothing.
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("index commit data has unreadable " + ItemIndex.ROOTS_COMMIT_KEY, e);
    }
    return roots;
  }
}
