package dev.mmsearch.spark;

import java.io.Serializable;

/** What one partition did; summed by the driver. */
public record PartitionSummary(int partition, long listed, long added, long updated, long unchanged, long failed)
    implements Serializable {

  static final PartitionSummary ZERO = new PartitionSummary(-1, 0, 0, 0, 0, 0);

  PartitionSummary plus(PartitionSummary o) {
    return new PartitionSummary(-1, listed + o.listed, added + o.added, updated + o.updated, unchanged + o.unchanged,
        failed + o.failed);
  }

  public String describe() {
    return String.format("listed %d: added %d, updated %d, unchanged %d, failed %d", listed, added, updated, unchanged, failed);
  }
}
