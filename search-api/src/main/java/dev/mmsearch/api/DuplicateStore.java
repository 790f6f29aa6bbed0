package dev.mmsearch.api;

import dev.mmsearch.dup.DuplicateGroups;
import dev.mmsearch.dup.DuplicateLevel;
import dev.mmsearch.query.Collapse;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.WebApplicationException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The groups {@code mmsearch duplicates} wrote beside the served index ({@code <index>/duplicates/}),
 * read on first use and again whenever a file changes (one {@code stat} per request), so a run of
 * the command shows without a restart. Memory: each level's groups and one map of member → group.
 * A cluster index (a URL) has no folder beside it: its levels are all absent.
 */
@ApplicationScoped
public class DuplicateStore {

  @Inject
  MmsearchConfig config;

  @Inject
  SearchEngine engine;

  /** One level as read, with its members' groups. */
  record Loaded(FileTime modified, DuplicateGroups groups, Map<String, DuplicateGroups.Group> byMember) {}

  private final Map<DuplicateLevel, Loaded> cache = new ConcurrentHashMap<>();

  /** The folder the groups are kept in, or empty for a cluster index. */
  Optional<Path> folder() {
    String index = config.index();
    return index.matches("(?i)^https?://.*") ? Optional.empty() : Optional.of(DuplicateGroups.folder(Path.of(index)));
  }

  /** The groups of {@code level}, or empty when the command has not written them. */
  public Optional<Loaded> level(DuplicateLevel level) {
    Optional<Path> folder = folder();
    if (folder.isEmpty()) {
      return Optional.empty();
    }
    Path file = DuplicateGroups.file(folder.get(), level);
    try {
      if (!Files.isRegularFile(file)) {
        cache.remove(level);
        return Optional.empty();
      }
      FileTime modified = Files.getLastModifiedTime(file);
      Loaded loaded = cache.get(level);
      if (loaded == null || !loaded.modified().equals(modified)) {
        DuplicateGroups groups = DuplicateGroups.read(folder.get(), level).orElseThrow();
        loaded = new Loaded(modified, groups, groups.byMember());
        cache.put(level, loaded);
      }
      return Optional.of(loaded);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  /**
   * The groups of {@code level}; a 409 problem naming the command to run when there are none.
   */
  public Loaded require(DuplicateLevel level) {
    return level(level).orElseThrow(() -> new WebApplicationException(folder().isEmpty()
        ? "duplicates are kept beside an embedded index; this server serves a cluster index (" + config.index() + ")"
        : "no " + level.id() + " groups for this index yet: run `mmsearch duplicates --index " + config.index() + " --level "
            + level.id() + "`", 409));
  }

  /** Whether the groups were found on an older version of the index than the one served. */
  public boolean stale(Loaded loaded) {
    Object version = loaded.groups().summary().get("indexVersion");
    return !(version instanceof Number n) || n.longValue() != engine.index().stats().version();
  }

  /** The collapse of search results by the groups of {@code level} (exact or near). */
  public Collapse collapse(DuplicateLevel level) {
    if (level == DuplicateLevel.SIMILAR) {
      throw new IllegalArgumentException("collapse must be \"exact\" or \"near\", got: similar (similar pictures are different "
          + "shots: they stay in results)");
    }
    Map<String, DuplicateGroups.Group> byMember = require(level).byMember();
    return id -> {
      DuplicateGroups.Group g = byMember.get(id);
      return g == null ? null : Integer.toString(g.number());
    };
  }
}
