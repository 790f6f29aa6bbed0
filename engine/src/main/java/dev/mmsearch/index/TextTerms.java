package dev.mmsearch.index;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;

/**
 * The terms a BM25 text query matches: Lucene's {@link StandardAnalyzer} (standard tokens,
 * lower-cased, no stop words), each distinct term once, at most {@value #MAX_TERMS}. Every backend
 * builds its query from these terms, so one text gives the same BM25 query embedded and in a
 * cluster whose text field analyses the same way.
 */
public final class TextTerms {

  /**
   * Most distinct terms of one text matched by BM25; later terms are ignored. Keeps every text
   * query far below Lucene's clause limit (1024) whatever its length.
   */
  public static final int MAX_TERMS = 256;

  /** Field name the analyzer is asked for; StandardAnalyzer treats every field alike. */
  private static final String FIELD = "text";
  private static final Analyzer ANALYZER = new StandardAnalyzer();

  private TextTerms() {}

  /** The distinct terms of {@code text} in order of first appearance. */
  public static List<String> of(String text) {
    Set<String> terms = new LinkedHashSet<>();
    try (TokenStream ts = ANALYZER.tokenStream(FIELD, text)) {
      CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
      ts.reset();
      while (terms.size() < MAX_TERMS && ts.incrementToken()) {
        terms.add(term.toString());
      }
      ts.end();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new ArrayList<>(terms);
  }
}
