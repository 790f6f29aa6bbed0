/**
 * The embedded index: one Lucene directory per index. {@link dev.mmsearch.index.lucene.LuceneItemIndex}
 * opens and closes it; the reads are {@code LuceneItemReader}'s, over point-in-time views
 * ({@code LuceneViews}); the writes {@code LuceneItemWriter}'s; queries come from
 * {@code LuceneQueries} and documents from {@code LuceneDocuments}.
 */
package dev.mmsearch.index.lucene;
