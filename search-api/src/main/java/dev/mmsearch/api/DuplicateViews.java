package dev.mmsearch.api;

import dev.mmsearch.dup.DuplicateGroups;
import dev.mmsearch.dup.DuplicateLevel;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The JSON shapes of duplicate groups: pages of groups, a level's summary, an item's groups, a hit's collapsed group. */
final class DuplicateViews {

  private DuplicateViews() {}

  static final String LEVELS = "exact: the same decoded pixels or samples; near: the same picture or sound resized, recompressed, "
      + "slightly cropped, recoloured, with text or a logo over it, in another format (sounds re-encoded, resampled, at "
      + "another volume); similar: near, plus other shots of the same scene.";

  @Schema(name = "DuplicateLevel", description = "A level whose groups exist for this index.")
  record LevelView(
      @Schema(required = true, enumeration = {"exact", "near", "similar"}) String level,
      @Schema(required = true, description = "Groups found.") int groups,
      @Schema(required = true, description = "Items in those groups.") long itemsInGroups,
      @Schema(required = true, description = "Items the index held when the groups were found.") long items,
      @Schema(required = true, description = "Whether the index changed since: run `mmsearch duplicates` again.") boolean stale) {

    static LevelView of(DuplicateLevel level, DuplicateStore.Loaded loaded, boolean stale) {
      Object items = loaded.groups().summary().get("items");
      return new LevelView(level.id(), loaded.groups().groups().size(), loaded.groups().members(),
          items instanceof Number n ? n.longValue() : 0, stale);
    }
  }

  @Schema(name = "DuplicateGroup", description = "Items that are copies of one another (or similar shots), side by side.")
  record GroupView(
      @Schema(required = true, description = "1-based number of the group in its level (largest groups first).") int group,
      @Schema(required = true, description = "Members in the group.") int size,
      @Schema(required = true, description = "Id of the member suggested to keep.") String keep,
      @Schema(required = true, description = "Why: the criteria that decided (most pixels, sharpest, oldest EXIF date, "
          + "largest file), with their values.") String reason,
      @Schema(required = true, description = "The members still indexed, sorted by id: at most the first "
          + DuplicatesService.MAX_MEMBERS + ", the one to keep always among them (in the last place when it sorts later); size "
          + "says how many there are.")
      List<Dtos.ItemView> members) {}

  @Schema(name = "DuplicatesPage", description = "One page of a level's groups, largest first.")
  record PageView(
      @Schema(required = true) LevelView level,
      @Schema(required = true, description = "Groups skipped.") int offset,
      @Schema(required = true, description = "Page size asked for.") int limit,
      @Schema(required = true) List<GroupView> groups) {}

  @Schema(name = "ItemGroup", description = "The group an item is in at one level.")
  record ItemGroupView(
      @Schema(required = true, enumeration = {"exact", "near", "similar"}) String level,
      @Schema(required = true) int group,
      @Schema(required = true) int size,
      @Schema(required = true, description = "Id of the member suggested to keep.") String keep,
      @Schema(required = true) String reason,
      @Schema(required = true, description = "The other members' ids.") List<String> others) {

    static ItemGroupView of(DuplicateLevel level, DuplicateGroups.Group g, String id) {
      return new ItemGroupView(level.id(), g.number(), g.members().size(), g.keep().id(), g.keep().reason(),
          g.members().stream().filter(m -> !m.equals(id)).toList());
    }
  }

  @Schema(name = "Collapsed", description = "The group a hit stands for when results are collapsed.")
  record CollapsedView(
      @Schema(required = true, enumeration = {"exact", "near"}) String level,
      @Schema(required = true) int group,
      @Schema(required = true, description = "Members in the group, this hit included.") int size) {}
}
