package dev.mmsearch.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mmsearch.dup.DuplicateGroups;
import dev.mmsearch.dup.KeepSuggestion;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** How many members a page of groups shows: a bounded number, the one to keep always among them. */
class DuplicatesServiceTest {

  private static DuplicateGroups.Group group(int size, String keep) {
    List<String> ids = IntStream.range(0, size).mapToObj(i -> String.format("m%03d", i)).toList();
    return new DuplicateGroups.Group(1, ids, new KeepSuggestion(keep, "largest"));
  }

  @Test
  void aLargeGroupShowsItsFirstMembersAndTheOneToKeep() {
    assertEquals(5, DuplicatesService.shown(group(5, "m004")).size());
    List<String> first = DuplicatesService.shown(group(700, "m003"));
    assertEquals(DuplicatesService.MAX_MEMBERS, first.size());
    assertEquals("m023", first.getLast());
    List<String> late = DuplicatesService.shown(group(700, "m650"));
    assertEquals(DuplicatesService.MAX_MEMBERS, late.size());
    assertEquals("m650", late.getLast(), "the one to keep replaces the last shown");
    assertEquals("m022", late.get(DuplicatesService.MAX_MEMBERS - 2));
  }
}
