package dev.mmsearch.index;

import java.util.Map;

/**
 * What an index holds now.
 *
 * @param items live items
 * @param vectors live vectors per field
 * @param version version of the reader searches see; grows with each visible change
 */
public record IndexStats(long items, Map<String, Long> vectors, long version, IndexSchema schema) {}
