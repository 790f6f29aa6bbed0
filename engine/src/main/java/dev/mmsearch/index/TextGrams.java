package dev.mmsearch.index;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Character trigrams for sub-string matches in text read from pictures: a code ("7XK 4B2"), part
 * of a serial number ("4471-ZQ" in "SN-4471-ZQ") or of a word the reader glued to its neighbour
 * matches though BM25's whole words do not. Text is folded first (NFKC, lower case) and reduced to
 * its letters and digits, so spaces, dashes and dots never decide a match: "7XK 4B2", "7xk-4b2"
 * and "7XK4B2" give the same grams. Every backend indexes and queries these same grams.
 */
public final class TextGrams {

  /** Gram length, in code points. */
  public static final int LENGTH = 3;

  /** Most distinct grams kept per item (the reader's character budget gives fewer). */
  public static final int MAX_GRAMS = 8192;

  /**
   * Share of a query's grams an item must hold to match: a reader's error in one character
   * breaks up to three grams, so a long code read with one mistake still matches.
   */
  public static final double MIN_SHARE = 0.5;

  private TextGrams() {}

  /** The distinct grams of each line (grams never span two lines); a line shorter than a gram is one gram. */
  public static Set<String> ofLines(List<String> lines) {
    Set<String> out = new LinkedHashSet<>();
    for (String line : lines) {
      if (out.size() >= MAX_GRAMS) {
        break;
      }
      addGrams(fold(line), out);
    }
    return out;
  }

  /**
   * The distinct grams a query asks for: empty when it has fewer than {@value #LENGTH} letters
   * and digits (too short to mean a sub-string; BM25 still matches it as a word).
   */
  public static List<String> query(String text) {
    String folded = fold(text);
    if (folded.codePointCount(0, folded.length()) < LENGTH) {
      return List.of();
    }
    Set<String> out = new LinkedHashSet<>();
    addGrams(folded, out);
    return new ArrayList<>(out).subList(0, Math.min(out.size(), TextTerms.MAX_TERMS));
  }

  /** How many of a query's {@code grams} an item must hold. */
  public static int minimumMatch(int grams) {
    return Math.max(1, (int) Math.ceil(grams * MIN_SHARE));
  }

  /** {@code text} in NFKC, lower case, letters and digits only. */
  static String fold(String text) {
    String n = Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(java.util.Locale.ROOT);
    StringBuilder b = new StringBuilder(n.length());
    n.codePoints().filter(Character::isLetterOrDigit).forEach(b::appendCodePoint);
    return b.toString();
  }

  private static void addGrams(String folded, Set<String> out) {
    int[] cps = folded.codePoints().toArray();
    if (cps.length == 0) {
      return;
    }
    if (cps.length < LENGTH) {
      out.add(folded);
      return;
    }
    for (int i = 0; i + LENGTH <= cps.length && out.size() < MAX_GRAMS; i++) {
      out.add(new String(cps, i, LENGTH));
    }
  }
}
