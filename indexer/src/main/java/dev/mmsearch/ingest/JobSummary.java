package dev.mmsearch.ingest;

import java.time.Duration;
import java.util.Map;

/**
 * The outcome of an indexing job.
 *
 * @param added items new to the index
 * @param updated items whose content changed and were re-embedded
 * @param unchanged items skipped because their content hash matched
 * @param deleted items removed because their file is gone from a directory input
 * @param failed inputs that could not be indexed (see the error report)
 * @param stageTime time spent per stage, summed over threads
 */
public record JobSummary(
    int listed, int added, int updated, int unchanged, int deleted, int failed, Map<String, Duration> stageTime, Duration wall) {

  public String describe() {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format("listed %d: added %d, updated %d, unchanged %d, deleted %d, failed %d in %.1f s",
        listed, added, updated, unchanged, deleted, failed, wall.toMillis() / 1000.0));
    stageTime.forEach((stage, d) -> sb.append(String.format("%n  %-8s %8.1f s", stage, d.toMillis() / 1000.0)));
    return sb.toString();
  }
}
