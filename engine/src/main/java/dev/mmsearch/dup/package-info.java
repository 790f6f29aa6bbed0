/**
 * Duplicates, near-duplicates and similar items: {@link dev.mmsearch.dup.DuplicateFinder} groups an
 * index's items at a {@link dev.mmsearch.dup.DuplicateLevel} by a kNN self-join over stored vectors
 * (the derived {@code signature} space's fields, and a visual field for "similar") and the
 * decoded-content digest; {@link dev.mmsearch.dup.DuplicateGroups} is the result, written beside
 * the index as JSONL and read back by the API; {@link dev.mmsearch.dup.KeepSuggestion} says which
 * member to keep and why. Nothing here writes to the index.
 */
package dev.mmsearch.dup;
