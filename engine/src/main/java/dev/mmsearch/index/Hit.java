package dev.mmsearch.index;

/**
 * One search result from one field.
 *
 * @param score the field's native similarity: cosine for vector fields, BM25 for text
 */
public record Hit(String id, float score) {}
