package dev.mmsearch.query;

/**
 * What one ranked list added to a hit's fused score.
 *
 * @param part index of the query part
 * @param space the space searched, or {@code "bm25"} for text matching
 * @param field the field searched ({@code clip.image}, or {@code text} for BM25)
 * @param rank 1-based rank of the hit in that list
 * @param score the field's native score (cosine, BM25)
 * @param contribution what it added to the fused score (negative for negative weights)
 */
public record Contribution(int part, String space, String field, int rank, double score, double contribution) {}
