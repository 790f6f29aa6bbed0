package dev.mmsearch.ingest;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MergeAfterLoadTest {

  @Test
  void autoMergesAfterABulkLoadOnly() {
    assertTrue(MergeAfterLoad.AUTO.merges(12, 100_000, 100_000), "a first load");
    assertTrue(MergeAfterLoad.AUTO.merges(5, 100_000, 20_000), "a fifth of the index");
    assertFalse(MergeAfterLoad.AUTO.merges(5, 100_000, 19_999), "less than a fifth");
    assertFalse(MergeAfterLoad.AUTO.merges(3, 900, 900), "fewer than 1,000 items changed");
    assertFalse(MergeAfterLoad.AUTO.merges(1, 100_000, 100_000), "one segment already");
  }

  @Test
  void alwaysAndNever() {
    assertTrue(MergeAfterLoad.ALWAYS.merges(2, 10, 0));
    assertFalse(MergeAfterLoad.ALWAYS.merges(1, 10, 10));
    assertFalse(MergeAfterLoad.NEVER.merges(50, 1_000_000, 1_000_000));
  }
}
