package dev.mmsearch.index.lucene;

import dev.mmsearch.index.IndexSchema;
import org.apache.lucene.search.IndexSearcher;

/**
 * A point-in-time view of the index: a searcher and the schema of the commit it reads. Swapped as
 * one by {@link IndexViews}, so a query never pairs a searcher with another commit's schema.
 */
record IndexView(IndexSearcher searcher, IndexSchema schema) {}
