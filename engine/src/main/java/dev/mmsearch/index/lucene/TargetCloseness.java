package dev.mmsearch.index.lucene;

import dev.mmsearch.index.NumberTarget;
import java.io.IOException;
import java.util.List;
import java.util.Objects;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.SortedNumericDocValues;
import org.apache.lucene.search.DoubleValues;
import org.apache.lucene.search.DoubleValuesSource;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.util.NumericUtils;

/**
 * Scores a document by how close its numeric metadata lies to soft targets: the mean of each
 * target's {@link NumberTarget#closeness}, a missing value counting 0. Reads the numbers' doc values
 * ({@code DoubleField}), so it costs one doc-values read per target per matching document; the
 * query it scores is a full scan of the documents passing the filter, which is why metadata parts
 * are bounded to {@value dev.mmsearch.index.ItemReader#MAX_TARGETS} targets.
 */
final class TargetCloseness extends DoubleValuesSource {

  private final List<NumberTarget> targets;
  private final String prefix;

  TargetCloseness(List<NumberTarget> targets, String prefix) {
    this.targets = List.copyOf(targets);
    this.prefix = prefix;
  }

  @Override
  public DoubleValues getValues(LeafReaderContext ctx, DoubleValues scores) throws IOException {
    SortedNumericDocValues[] values = new SortedNumericDocValues[targets.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = DocValues.getSortedNumeric(ctx.reader(), prefix + targets.get(i).key());
    }
    return new DoubleValues() {
      double current;

      @Override
      public double doubleValue() {
        return current;
      }

      @Override
      public boolean advanceExact(int doc) throws IOException {
        double sum = 0;
        for (int i = 0; i < values.length; i++) {
          if (values[i].advanceExact(doc)) {
            sum += targets.get(i).closeness(NumericUtils.sortableLongToDouble(values[i].nextValue()));
          }
        }
        current = sum / values.length;
        return true;
      }
    };
  }

  @Override
  public boolean needsScores() {
    return false;
  }

  @Override
  public DoubleValuesSource rewrite(IndexSearcher searcher) {
    return this;
  }

  @Override
  public boolean isCacheable(LeafReaderContext ctx) {
    return DocValues.isCacheable(ctx, targets.stream().map(t -> prefix + t.key()).toArray(String[]::new));
  }

  @Override
  public int hashCode() {
    return Objects.hash(targets, prefix);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TargetCloseness t && t.targets.equals(targets) && t.prefix.equals(prefix);
  }

  @Override
  public String toString() {
    return "closeness" + targets;
  }
}
