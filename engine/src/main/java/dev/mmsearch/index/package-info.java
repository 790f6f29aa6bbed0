/**
 * The storage contract, independent of any engine: {@link dev.mmsearch.index.ItemReader} (what
 * search, facets and the API read), {@link dev.mmsearch.index.ItemWriter} (what the indexer writes),
 * {@link dev.mmsearch.index.ItemDocument} (what every backend stores for an item, and under which
 * names) and {@link dev.mmsearch.index.IndexBackend} (where an index lives).
 *
 * <p>Each backend is a package below this one that knows only this package: {@code index.lucene}
 * (embedded) and {@code index.solr} (a SolrCloud collection), each with a reader, a writer, a query
 * builder and a document mapping. {@code index.backend} sits above them and picks one by location.
 * To add a backend: its package, one line in {@code IndexBackends}, and a subclass of the shared
 * contract test ({@code ItemIndexContractTestCase}).
 */
package dev.mmsearch.index;
