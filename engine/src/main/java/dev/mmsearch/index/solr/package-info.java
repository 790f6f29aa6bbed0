/**
 * A SolrCloud collection as the index, over HTTP. {@link dev.mmsearch.index.solr.SolrItemIndex}
 * opens it; the reads are {@code SolrItemReader}'s, the buffered bulk writes {@code SolrItemWriter}'s;
 * queries come from {@code SolrQueries} and {@code SolrFilters}, documents from
 * {@code SolrDocuments} under the names of {@code SolrNames}.
 */
package dev.mmsearch.index.solr;
