package dev.mmsearch.index.lucene;

import static dev.mmsearch.index.ItemDocument.GEO;
import static dev.mmsearch.index.ItemDocument.ID;
import static dev.mmsearch.index.ItemDocument.META;
import static dev.mmsearch.index.ItemDocument.NUMBER;
import static dev.mmsearch.index.ItemDocument.TEXT;

import dev.mmsearch.index.Filter;
import dev.mmsearch.index.ItemDocument;
import dev.mmsearch.index.NumberTarget;
import dev.mmsearch.index.TextGrams;
import dev.mmsearch.index.TextTerms;
import java.util.List;
import org.apache.lucene.document.DoubleField;
import org.apache.lucene.document.LatLonPoint;
import org.apache.lucene.index.Term;
import org.apache.lucene.queries.function.FunctionScoreQuery;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.FieldExistsQuery;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.join.BitSetProducer;
import org.apache.lucene.search.join.DiversifyingChildrenFloatKnnVectorQuery;
import org.apache.lucene.search.join.QueryBitSetProducer;
import org.apache.lucene.search.join.ToChildBlockJoinQuery;
import org.apache.lucene.util.BytesRef;

/**
 * The Lucene queries of the embedded index, built from the fields {@link LuceneDocuments} writes:
 * filters as pre-filters (inside the HNSW search, so a selective filter still returns k hits),
 * BM25 as a disjunction of the analysed terms, closeness as a function score. Stateless.
 */
final class LuceneQueries {
  private LuceneQueries() {}

  /** The graph search of {@code field}, exploring {@code candidates}, among items that pass {@code filter}. */
  static Query knn(String field, float[] vector, int candidates, Filter filter) {
    return new KnnFloatVectorQuery(field, vector, candidates, filter(filter));
  }

  /**
   * The items of every block: moments' documents precede their item's ({@link LuceneDocuments#block}),
   * and only items have an id. Cached per segment by the producer.
   */
  static final BitSetProducer ITEMS = new QueryBitSetProducer(new FieldExistsQuery(ID));

  /**
   * The graph search of the moments of {@code field}, best moment per item, among the moments of
   * items that pass {@code filter}: Lucene's parent-diversified kNN, so {@code candidates} items
   * come back rather than many moments of one.
   */
  static Query momentKnn(String field, float[] vector, int candidates, Filter filter) {
    Query items = filter(filter);
    // Items only: a filter of exclusions alone matches all documents, moments too.
    Query moments = items == null ? null : new ToChildBlockJoinQuery(new BooleanQuery.Builder()
        .add(items, Occur.FILTER).add(new FieldExistsQuery(ID), Occur.FILTER).build(), ITEMS);
    return new DiversifyingChildrenFloatKnnVectorQuery(ItemDocument.momentField(field), vector, moments, candidates, ITEMS);
  }

  /** The moments' documents of one item. */
  static Query momentsOf(String id) {
    return new TermQuery(new Term(ItemDocument.MOMENT_OF, id));
  }

  /** Items with a vector in {@code field} that pass {@code filter}. */
  static Query withVector(String field, Filter filter) {
    return filtered(new FieldExistsQuery(field), filter);
  }

  /** BM25 over item text for the terms of {@code text}, or null when it has none. */
  static Query bm25(String text, Filter filter) {
    return bm25(TEXT, text, filter);
  }

  /** BM25 over {@code field} ({@value ItemDocument#TEXT}, {@value ItemDocument#OCR}) for the terms of {@code text}, or null when it has none. */
  static Query bm25(String field, String text, Filter filter) {
    BooleanQuery.Builder terms = new BooleanQuery.Builder();
    int n = 0;
    for (String term : TextTerms.of(text)) {
      terms.add(new TermQuery(new Term(field, term)), Occur.SHOULD);
      n++;
    }
    return n == 0 ? null : filtered(terms.build(), filter);
  }

  /**
   * Items whose picture text holds at least {@link TextGrams#minimumMatch} of the trigrams of
   * {@code text}, scored by the grams they hold; null when {@code text} is too short for grams.
   */
  static Query substring(String text, Filter filter) {
    List<String> grams = TextGrams.query(text);
    if (grams.isEmpty()) {
      return null;
    }
    BooleanQuery.Builder any = new BooleanQuery.Builder();
    grams.forEach(g -> any.add(new TermQuery(new Term(ItemDocument.OCR_GRAMS, g)), Occur.SHOULD));
    any.setMinimumNumberShouldMatch(TextGrams.minimumMatch(grams.size()));
    return filtered(any.build(), filter);
  }

  /** Items holding any of the targets' keys, scored by {@link TargetCloseness}. */
  static Query closest(List<NumberTarget> targets, Filter filter) {
    BooleanQuery.Builder any = new BooleanQuery.Builder();
    targets.stream().map(t -> NUMBER + t.key()).distinct().forEach(f -> any.add(new FieldExistsQuery(f), Occur.SHOULD));
    return new FunctionScoreQuery(filtered(any.build(), filter), new TargetCloseness(targets, NUMBER));
  }

  /** The live document of one item. */
  static Query byId(String id) {
    return new TermQuery(new Term(ID, id));
  }

  /** {@code query} restricted to items passing {@code filter} (which does not score). */
  private static Query filtered(Query query, Filter filter) {
    Query f = filter(filter);
    return f == null ? query : new BooleanQuery.Builder().add(query, Occur.MUST).add(f, Occur.FILTER).build();
  }

  /** The filter as a non-scoring query, or null for none. */
  static Query filter(Filter filter) {
    if (filter == null || filter.isEmpty()) {
      return null;
    }
    BooleanQuery.Builder b = new BooleanQuery.Builder();
    filter.anyOf().forEach((key, values) ->
        b.add(new TermInSetQuery(META + key, values.stream().map(BytesRef::new).toList()), Occur.FILTER));
    filter.ranges().forEach((key, range) ->
        b.add(DoubleField.newRangeQuery(NUMBER + key, range.lower(), range.upper()), Occur.FILTER));
    if (filter.near() != null) {
      Filter.Near near = filter.near();
      b.add(LatLonPoint.newDistanceQuery(GEO, near.latitude(), near.longitude(), near.radiusMetres()), Occur.FILTER);
    }
    if (filter.anyOf().isEmpty() && filter.ranges().isEmpty() && filter.near() == null) {
      b.add(new MatchAllDocsQuery(), Occur.FILTER);
    }
    if (!filter.excludeIds().isEmpty()) {
      b.add(new TermInSetQuery(ID, filter.excludeIds().stream().map(BytesRef::new).toList()), Occur.MUST_NOT);
    }
    return b.build();
  }
}
