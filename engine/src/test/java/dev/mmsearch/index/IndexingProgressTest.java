package dev.mmsearch.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class IndexingProgressTest {

  private static final Instant START = Instant.parse("2026-12-06T02:00:00Z");

  @Test
  void readsBackWhatItWrote() {
    IndexingProgress p = new IndexingProgress(true, 1200, 340, 2, START, START.plusSeconds(95));
    assertEquals(Optional.of(p), IndexingProgress.of(Map.of(IndexingProgress.COMMIT_KEY, p.toJson())));
    IndexingProgress uncounted = new IndexingProgress(false, -1, 7, 0, START, START);
    assertEquals(Optional.of(uncounted), IndexingProgress.of(Map.of(IndexingProgress.COMMIT_KEY, uncounted.toJson())));
  }

  @Test
  void anIndexWithoutItOrWithAnUnreadableOneHasNone() {
    assertEquals(Optional.empty(), IndexingProgress.of(Map.of()));
    for (String bad : new String[] {"", "{", "[]", "{\"running\": true}", "null",
        "{\"running\":true,\"listed\":5,\"finished\":9,\"failed\":10,\"started\":\"x\",\"committed\":\"2026-12-06T02:00:00Z\"}",
        "{\"running\":true,\"listed\":5,\"finished\":3,\"failed\":9,\"started\":\"2026-12-06T02:00:00Z\",\"committed\":\"2026-12-06T02:00:00Z\"}"}) {
      assertEquals(Optional.empty(), IndexingProgress.of(Map.of(IndexingProgress.COMMIT_KEY, bad)), bad);
    }
  }

  @Test
  void refusesCountsThatCannotBe() {
    assertThrows(IllegalArgumentException.class, () -> new IndexingProgress(true, 5, 2, 3, START, START));
    assertThrows(IllegalArgumentException.class, () -> new IndexingProgress(true, -2, 0, 0, START, START));
    assertThrows(IllegalArgumentException.class, () -> new IndexingProgress(true, 5, -1, 0, START, START));
    assertThrows(NullPointerException.class, () -> new IndexingProgress(true, 5, 1, 0, null, START));
  }
}
