package dev.mmsearch.api;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mmsearch.encode.Modality;
import dev.mmsearch.index.Item;
import dev.mmsearch.index.ItemIndex;
import dev.mmsearch.media.Media;
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

  /** A servable original: where it is, the type it is sent as, and whether a browser may show it inline. */
  public record Original(Path path, String mediaType, boolean inline) {}

  /**
   * The files of an item by medium name ({@code image}, {@code audio}); an item indexed before
   * items recorded their files has its one source file, under the medium of its extension.
   */
  public static Map<String, String> files(Item item) {
    if (!item.files().isEmpty() || item.source().isEmpty()) {
      return item.files();
    }
    Modality m = Media.modalityOfFile(item.source());
    return Map.of(m == null ? "file" : m.id(), item.source());
  }

  /**
   * The original file of an item (its first, or the one of {@code medium}), checked to be under an
   * indexed root, with its media type. Media files go out with their type ({@link Media#typeOfFile});
   * anything else as an {@code application/octet-stream} attachment, so no indexed file is ever
   * rendered as HTML or script by a browser (with {@code X-Content-Type-Options: nosniff} on every
   * response).
   */
  public Original original(Item item, String medium) {
    String source;
    if (medium == null) {
      source = item.source();
    } else {
      Map<String, String> files = files(item);
      source = files.get(medium);
      if (source == null) {
        throw new NoSuchElementException("item '" + item.id() + "' has no " + QueryParams.abbreviate(medium) + " file (has: "
            + files.keySet() + ")");
      }
    }
    Path file = originalPath(item, source);
    String type = Media.typeOfFile(file.getFileName().toString());
    return type == null ? new Original(file, "application/octet-stream", false) : new Original(file, type, true);
  }

  private Path originalPath(Item item, String source) {
    if (source.isEmpty()) {
      throw new NoSuchElementException("item '" + item.id() + "' has no media file");
    }
    Path real;
    try {
      real = Path.of(source).toRealPath();
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
