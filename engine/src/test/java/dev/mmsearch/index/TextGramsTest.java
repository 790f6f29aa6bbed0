package dev.mmsearch.index;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TextGramsTest {

  @Test
  void spacesDashesAndCaseNeverDecideAMatch() {
    List<String> grams = List.of("7xk", "xk4", "k4b", "4b2");
    assertEquals(grams, TextGrams.query("7XK 4B2"));
    assertEquals(grams, TextGrams.query("7xk-4b2"));
    assertEquals(grams, TextGrams.query(" 7XK4B2. "));
    assertEquals(Set.copyOf(grams), TextGrams.ofLines(List.of("7XK 4B2")));
  }

  @Test
  void gramsNeverSpanTwoLinesAndShortLinesAreOneGram() {
    assertEquals(Set.of("abc", "bcd", "xy"), TextGrams.ofLines(List.of("ab-cd", "XY", " - ")));
  }

  @Test
  void tooShortQueriesHaveNoGrams() {
    assertEquals(List.of(), TextGrams.query("7X"));
    assertEquals(List.of(), TextGrams.query("- -"));
    assertEquals(List.of("abc"), TextGrams.query("a b c"));
  }

  @Test
  void compatibleFormsFoldAlike() {
    // Full-width letters and digits (NFKC) and upper case.
    assertEquals(TextGrams.query("ab12"), TextGrams.query("ＡＢ１２"));
  }

  @Test
  void halfOfAQuerysGramsMustMatch() {
    assertEquals(1, TextGrams.minimumMatch(1));
    assertEquals(1, TextGrams.minimumMatch(2));
    assertEquals(3, TextGrams.minimumMatch(6));
    assertEquals(4, TextGrams.minimumMatch(7));
  }

  @Test
  void aLongTextKeepsAtMostTheCap() {
    java.util.Random r = new java.util.Random(27);
    String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
    String line = r.ints(40_000, 0, alphabet.length()).mapToObj(i -> String.valueOf(alphabet.charAt(i)))
        .collect(java.util.stream.Collectors.joining());
    assertEquals(TextGrams.MAX_GRAMS, TextGrams.ofLines(List.of(line)).size());
  }
}
