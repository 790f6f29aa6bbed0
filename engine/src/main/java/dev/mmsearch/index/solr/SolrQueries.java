package dev.mmsearch.index.solr;

import dev.mmsearch.index.Filter;
import dev.mmsearch.index.ItemDocument;
import dev.mmsearch.index.TextGrams;
import dev.mmsearch.index.NumberTarget;
import java.util.ArrayList;
import java.util.List;

/**
 * The Solr requests of the three searches, built from the same pieces as embedded: the same
 * candidate count per graph (Solr's {@code topK}, per shard), filters as {@code fq} pre-filters
 * ({@link SolrFilters}), the same analysed terms as a disjunction of term queries for BM25 (with
 * collection-wide statistics, {@code ExactStatsCache}), and {@link NumberTarget#closeness} written
 * as a function query. Values are parameters of their own, never spliced into query syntax.
 *
 * <p>Round trips: a search is one request to a node, which asks each shard. With
 * {@code ExactStatsCache} the node first asks every shard for its term statistics, a second
 * round; only BM25 scores use them, so kNN and closeness searches skip it
 * ({@code distrib.statsCache=false}): per 2-shard kNN list, 2 shard requests instead of 4
 * (measured with Solr's request metrics, {@code ClusterRoundTripsTest}). Stateless.
 */
final class SolrQueries {
  private SolrQueries() {}

  /**
   * Whether the node gathers the shards' term statistics first (a round of its own); off for
   * searches whose scores use none.
   */
  private static final String STATISTICS_ROUND = "distrib.statsCache";

  /** The {@code k} nearest among {@code candidates} per shard in {@code field}. */
  static SolrParams knn(String field, float[] vector, int candidates, int k, Filter filter) {
    StringBuilder q = new StringBuilder(vector.length * 12 + 64);
    q.append("{!knn f=").append(SolrNames.vector(field)).append(" topK=").append(candidates).append("}[");
    for (int i = 0; i < vector.length; i++) {
      q.append(i == 0 ? "" : ",").append(vector[i]);
    }
    q.append(']');
    return hits(new SolrParams().add("q", q.toString()).add(STATISTICS_ROUND, "false"), k, filter);
  }

  /** BM25 over item text for {@code terms} (already analysed, at least one). */
  static SolrParams bm25(List<String> terms, int k, Filter filter) {
    return bm25(SolrNames.TEXT, terms, k, filter);
  }

  /** BM25 over {@code field} for {@code terms} (already analysed, at least one). */
  static SolrParams bm25(String field, List<String> terms, int k, Filter filter) {
    return hits(should(field, terms, 1), k, filter);
  }

  /**
   * Items holding at least {@link TextGrams#minimumMatch} of {@code grams} (at least one) in
   * {@value ItemDocument#OCR_GRAMS}, scored by those they hold.
   */
  static SolrParams substring(List<String> grams, int k, Filter filter) {
    return hits(should(ItemDocument.OCR_GRAMS, grams, TextGrams.minimumMatch(grams.size())), k, filter);
  }

  /** A boolean query of one term query per value of {@code field}, at least {@code mm} matching; values passed as parameters. */
  private static SolrParams should(String field, List<String> values, int mm) {
    StringBuilder q = new StringBuilder("{!bool");
    if (mm > 1) {
      q.append(" mm=").append(mm);
    }
    SolrParams p = new SolrParams();
    for (int i = 0; i < values.size(); i++) {
      q.append(" should=$t").append(i);
      p.add("t" + i, "{!term f=" + field + " v=$tv" + i + "}").add("tv" + i, values.get(i));
    }
    return p.add("q", q.append('}').toString());
  }

  /** Items holding any of the targets' keys, scored by the mean closeness. */
  static SolrParams closest(List<NumberTarget> targets, int k, Filter filter) {
    List<String> terms = new ArrayList<>();
    List<String> exists = new ArrayList<>();
    for (NumberTarget t : targets) {
      terms.add("if(exists(" + field(t) + ")," + closeness(t) + ",0)");
      String has = SolrNames.number(t.key()) + ":[* TO *]";
      if (!exists.contains(has)) {
        exists.add(has);
      }
    }
    String mean = terms.size() == 1 ? terms.getFirst() : "div(sum(" + String.join(",", terms) + ")," + terms.size() + ")";
    return hits(new SolrParams().add("q", "{!func}" + mean).add("fq", String.join(" OR ", exists)).add(STATISTICS_ROUND, "false"),
        k, filter);
  }

  private static String field(NumberTarget t) {
    return "field(" + SolrNames.number(t.key()) + ")";
  }

  /** {@link NumberTarget#closeness} as a function of the item's value. */
  private static String closeness(NumberTarget t) {
    String f = field(t);
    String v = SolrFilters.plain(t.value());
    String d = switch (t.side()) {
      case NEAR -> "sub(" + f + "," + v + ")";
      case AT_LEAST -> "max(0,sub(" + v + "," + f + "))";
      case AT_MOST -> "max(0,sub(" + f + "," + v + "))";
    };
    String scale = SolrFilters.plain(t.scale());
    String near = "exp(product(-0.5,pow(div(" + d + "," + scale + "),2)))";
    // NumberTarget.closeness: a one-sided target also ranks the items inside its bound.
    String inside = switch (t.side()) {
      case NEAR -> null;
      case AT_LEAST -> "max(0,sub(" + f + "," + v + "))";
      case AT_MOST -> "max(0,sub(" + v + "," + f + "))";
    };
    return inside == null ? near : "product(" + near + ",sub(1,product(" + SolrFilters.plain(NumberTarget.INSIDE_SHARE)
        + ",exp(product(-1,div(" + inside + "," + scale + "))))))";
  }

  /** The fields and count of a search's hits, and its filter. */
  private static SolrParams hits(SolrParams p, int k, Filter filter) {
    p.add("fl", SolrDocuments.HIT_FIELDS).add("rows", k);
    SolrFilters.add(filter, p);
    return p;
  }
}
