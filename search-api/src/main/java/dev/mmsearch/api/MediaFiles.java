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
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * Finds an item's original file, and only serves the file the indexer read: the same file
 * identity it recorded ({@link Item#fileKeys}), or, for items indexed before identities were kept,
 * a file that really lies under a root the indexer recorded ({@link ItemIndex#ROOTS_COMMIT_KEY}).
 * Symbolic links and {@code ..} are resolved before the check, so no id, stored path or link
 * swapped in since can reach another file.
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
    String modality = medium != null ? medium : files(item).entrySet().stream()
        .filter(e -> e.getValue().equals(source)).map(Map.Entry::getKey).findFirst().orElse(null);
    Path file = originalPath(item, source, modality == null ? null : item.fileKeys().get(modality));
    String type = Media.typeOfFile(file.getFileName().toString());
    return type == null ? new Original(file, "application/octet-stream", false) : new Original(file, type, true);
  }

  /**
   * The file at {@code source} if it may be served: it must still be the file the indexer read
   * (same file key: device and inode on Unix), so a path replaced by a symbolic or hard link to a
   * file elsewhere, or by another file, is refused until the indexer runs again; an item written
   * before identities were kept falls back to the older rule, under a folder the indexer recorded.
   * A manifest's files may lie anywhere the manifest named: their identity is what vouches for them.
   */
  private Path originalPath(Item item, String source, String indexedKey) {
    if (source.isEmpty()) {
      throw new NoSuchElementException("item '" + item.id() + "' has no media file");
    }
    Path real;
    Object key;
    try {
      real = Path.of(source).toRealPath();
      key = Files.readAttributes(real, BasicFileAttributes.class).fileKey();
    } catch (IOException e) {
      throw new NoSuchElementException("the file of item '" + item.id() + "' is gone");
    }
    if (!Files.isRegularFile(real)) {
      throw new ForbiddenException("the file of item '" + item.id() + "' is not a regular file");
    }
    if (indexedKey != null) {
      if (key == null || !indexedKey.equals(key.toString())) {
        throw new ForbiddenException("the file of item '" + item.id() + "' is not the file that was indexed (it was replaced "
            + "since); it is served again once the indexer has read it");
      }
      return real;
    }
    for (Path root : roots()) {
      if (real.startsWith(root)) {
        return real;
      }
    }
    throw new ForbiddenException("the file of item '" + item.id() + "' is outside the indexed folders");
  }

  /**
   * Refuses the preview of an item whose file was deleted: its folder is still there but the file
   * is not. (A folder this server cannot see at all, as when the index was built elsewhere, says
   * nothing about the file, and the preview, which is index data, is served.)
   */
  public void requireNotDeleted(Item item) {
    if (item.source().isEmpty()) {
      return;
    }
    Path file = Path.of(item.source());
    Path folder = file.getParent();
    if (folder != null && Files.isDirectory(folder) && Files.notExists(file)) {
      throw new NoSuchElementException("the file of item '" + item.id() + "' was deleted; its preview is no longer served "
          + "(the indexer removes the item on its next run)");
    }
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
