package dev.mmsearch.query;

/**
 * Which items stand for one another in a result list (copies of one picture): the searcher keeps
 * the best-ranked item of each group in the fused window and drops the rest, before paging, so
 * pages never overlap and the total counts groups. Where the groups come from (the
 * {@code duplicates} command's files) is the caller's business. Implementations are thread-safe.
 */
@FunctionalInterface
public interface Collapse {

  /** The key of the group {@code id} belongs to, or null when it stands alone. */
  String groupOf(String id);

  /** Nothing collapses. */
  Collapse NONE = id -> null;
}
