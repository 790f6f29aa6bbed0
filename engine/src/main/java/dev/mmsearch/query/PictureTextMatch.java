package dev.mmsearch.query;

import dev.mmsearch.derive.ocr.PictureText;
import dev.mmsearch.derive.ocr.TextLine;
import dev.mmsearch.index.TextGrams;
import dev.mmsearch.index.TextTerms;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A line of text read in a hit's picture that the query's text matched, with where: what the
 * explanation highlights and the detail view draws over the picture.
 *
 * @param line 0-based position of the line among the picture's lines
 * @param text the line as read
 * @param box the line's corners in the picture's pixels ({@link TextLine#box()})
 * @param matches character ranges of {@code text} the query matched, {@code [start, end)}, in
 *     order, not overlapping
 */
public record PictureTextMatch(int line, String text, float[] box, List<int[]> matches) {

  /** Words as the BM25 analyser cuts them: letters and digits, with inner apostrophes, dots and dashes. */
  private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+(?:['’.][\\p{L}\\p{N}]+)*");

  public PictureTextMatch {
    box = box.clone();
    matches = List.copyOf(matches);
  }

  /**
   * The lines of {@code read} that {@code queries} match, in reading order: a line matches where
   * it holds one of a query's BM25 terms as a word, or a whole query as a sub-string once both are
   * reduced to lower-case letters and digits (the sub-string field's rule, {@link
   * dev.mmsearch.index.TextGrams}). Misread characters that the sub-string search tolerates are
   * not highlighted.
   */
  public static List<PictureTextMatch> of(PictureText read, List<String> queries) {
    if (read == null || read.isEmpty() || queries.isEmpty()) {
      return List.of();
    }
    Set<String> terms = new java.util.HashSet<>();
    List<String> folded = new ArrayList<>();
    for (String q : queries) {
      terms.addAll(TextTerms.of(q));
      String f = fold(q).text();
      if (f.codePointCount(0, f.length()) >= TextGrams.LENGTH) { // the sub-string list's rule for a query
        folded.add(f);
      }
    }
    List<PictureTextMatch> out = new ArrayList<>();
    for (int i = 0; i < read.lines().size(); i++) {
      TextLine line = read.lines().get(i);
      List<int[]> ranges = new ArrayList<>();
      Matcher m = WORD.matcher(line.text());
      while (m.find()) {
        if (terms.contains(m.group().toLowerCase(Locale.ROOT))) {
          ranges.add(new int[] {m.start(), m.end()});
        }
      }
      Folded f = fold(line.text());
      for (String q : folded) {
        for (int at = f.text().indexOf(q); at >= 0; at = f.text().indexOf(q, at + 1)) {
          ranges.add(new int[] {f.start(at), f.end(at + q.length() - 1)});
        }
      }
      if (!ranges.isEmpty()) {
        out.add(new PictureTextMatch(i, line.text(), line.box(), merged(ranges)));
      }
    }
    return out;
  }

  /** Ranges sorted and joined where they overlap or touch. */
  private static List<int[]> merged(List<int[]> ranges) {
    ranges.sort(Comparator.comparingInt((int[] r) -> r[0]));
    List<int[]> out = new ArrayList<>();
    for (int[] r : ranges) {
      int[] last = out.isEmpty() ? null : out.getLast();
      if (last != null && r[0] <= last[1]) {
        last[1] = Math.max(last[1], r[1]);
      } else {
        out.add(r.clone());
      }
    }
    return out;
  }

  /**
   * Text reduced to lower-case letters and digits, with where each kept character came from in the
   * original (per UTF-16 unit of the folded text: the original char range it stands in).
   */
  private record Folded(String text, int[] starts, int[] ends) {
    int start(int at) {
      return starts[at];
    }

    int end(int at) {
      return ends[at];
    }
  }

  private static Folded fold(String text) {
    StringBuilder b = new StringBuilder(text.length());
    List<Integer> starts = new ArrayList<>();
    List<Integer> ends = new ArrayList<>();
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      int next = i + Character.charCount(cp);
      if (Character.isLetterOrDigit(cp)) {
        String f = Normalizer.normalize(new String(Character.toChars(cp)), Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
        for (int k = 0; k < f.length(); k++) {
          b.append(f.charAt(k));
          starts.add(i);
          ends.add(next);
        }
      }
      i = next;
    }
    return new Folded(b.toString(), starts.stream().mapToInt(Integer::intValue).toArray(),
        ends.stream().mapToInt(Integer::intValue).toArray());
  }

  @Override
  public float[] box() {
    return box.clone();
  }

  @Override
  public List<int[]> matches() {
    return matches.stream().map(int[]::clone).toList();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PictureTextMatch p && line == p.line && text.equals(p.text) && java.util.Arrays.equals(box, p.box)
        && matches.size() == p.matches.size() && java.util.stream.IntStream.range(0, matches.size())
            .allMatch(i -> java.util.Arrays.equals(matches.get(i), p.matches.get(i)));
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(line, text);
  }

  @Override
  public String toString() {
    return "PictureTextMatch[" + line + ": " + text + ", " + matches.stream().map(java.util.Arrays::toString).toList() + "]";
  }
}
