package dev.mmsearch.api;

import dev.mmsearch.dup.DuplicateGroups;
import dev.mmsearch.dup.DuplicateLevel;
import dev.mmsearch.index.Item;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Pages of groups with their members' items, an item's groups, and the levels available. */
@ApplicationScoped
public class DuplicatesService {

  /** Most groups per page: a page loads its members' items with their previews. */
  static final int MAX_LIMIT = 100;
  /** Most members shown per group (the one to keep always among them), so a page loads at most 100 × 24 items. */
  static final int MAX_MEMBERS = 24;
  static final int DEFAULT_LIMIT = 20;

  @Inject
  DuplicateStore store;

  @Inject
  SearchEngine engine;

  DuplicateViews.PageView page(String levelName, Integer offset, Integer limit) {
    DuplicateLevel level = DuplicateLevel.fromString(levelName == null ? "near" : levelName);
    int from = offset == null ? 0 : offset;
    int size = limit == null ? DEFAULT_LIMIT : limit;
    if (from < 0) {
      throw new IllegalArgumentException("offset must be at least 0, got: " + from);
    }
    if (size < 1 || size > MAX_LIMIT) {
      throw new IllegalArgumentException("limit must be in 1.." + MAX_LIMIT + ", got: " + size);
    }
    DuplicateStore.Loaded loaded = store.require(level);
    List<DuplicateGroups.Group> groups = loaded.groups().groups();
    List<DuplicateGroups.Group> page = from >= groups.size() ? List.of() : groups.subList(from, Math.min(groups.size(), from + size));
    List<String> ids = page.stream().flatMap(g -> shown(g).stream()).toList();
    Map<String, Item> items = engine.index().getAll(ids);
    List<DuplicateViews.GroupView> views = new ArrayList<>(page.size());
    for (DuplicateGroups.Group g : page) {
      List<Dtos.ItemView> members = shown(g).stream().filter(items::containsKey).map(id -> Dtos.ItemView.of(items.get(id))).toList();
      views.add(new DuplicateViews.GroupView(g.number(), g.members().size(), g.keep().id(), g.keep().reason(), members));
    }
    return new DuplicateViews.PageView(DuplicateViews.LevelView.of(level, loaded, store.stale(loaded)), from, size, views);
  }

  /** The members a page shows of a group: the first {@value #MAX_MEMBERS} by id, the one to keep always among them (in the last place when it sorts later). */
  static List<String> shown(DuplicateGroups.Group g) {
    if (g.members().size() <= MAX_MEMBERS) {
      return g.members();
    }
    List<String> out = new ArrayList<>(g.members().subList(0, MAX_MEMBERS));
    if (!out.contains(g.keep().id())) {
      out.set(MAX_MEMBERS - 1, g.keep().id());
    }
    return out;
  }

  List<DuplicateViews.LevelView> levels() {
    List<DuplicateViews.LevelView> out = new ArrayList<>();
    for (DuplicateLevel level : DuplicateLevel.values()) {
      store.level(level).ifPresent(l -> out.add(DuplicateViews.LevelView.of(level, l, store.stale(l))));
    }
    return out;
  }

  /** The groups {@code id} is in, by level; empty when none (or none were found). */
  Map<String, DuplicateViews.ItemGroupView> of(String id) {
    Map<String, DuplicateViews.ItemGroupView> out = new LinkedHashMap<>();
    for (DuplicateLevel level : DuplicateLevel.values()) {
      store.level(level).map(l -> l.byMember().get(id))
          .ifPresent(g -> out.put(level.id(), DuplicateViews.ItemGroupView.of(level, g, id)));
    }
    return out;
  }

  /** What a hit stands for under {@code collapse}, or null when it is alone. */
  DuplicateViews.CollapsedView collapsed(DuplicateLevel level, String id) {
    return store.level(level).map(l -> l.byMember().get(id))
        .map(g -> new DuplicateViews.CollapsedView(level.id(), g.number(), g.members().size())).orElse(null);
  }
}
