package dev.mmsearch.query;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mmsearch.derive.ocr.PictureText;
import dev.mmsearch.derive.ocr.TextLine;
import java.util.List;
import org.junit.jupiter.api.Test;

class PictureTextMatchTest {

  private static PictureText read(String... lines) {
    return new PictureText(java.util.Arrays.stream(lines).map(l -> new TextLine(l, 0.9f, new float[8])).toList());
  }

  @Test
  void wordsOfTheQueryAreMatchedWholeAndCaseBlind() {
    List<PictureTextMatch> m = PictureTextMatch.of(read("NO PARKING", "Monday to Friday"), List.of("friday parking"));
    assertEquals(2, m.size());
    assertArrayEquals(new int[] {3, 10}, m.get(0).matches().getFirst());
    assertEquals(1, m.get(1).line());
    assertArrayEquals(new int[] {10, 16}, m.get(1).matches().getFirst());
    // "park" is not a word of the line, and too short a sub-string of it to count.
    assertEquals(List.of(), PictureTextMatch.of(read("NO PARKING"), List.of("pa")));
  }

  @Test
  void aQueryMatchedAsASubStringIsMarkedOverTheOriginalCharacters() {
    List<PictureTextMatch> m = PictureTextMatch.of(read("Serial: SN-4471-ZQ ok"), List.of("4471 zq"));
    assertEquals(1, m.size());
    assertArrayEquals(new int[] {11, 18}, m.getFirst().matches().getFirst()); // "4471-ZQ"
    List<PictureTextMatch> plate = PictureTextMatch.of(read("plate 7XK 4B2"), List.of("7xk4b2"));
    assertArrayEquals(new int[] {6, 13}, plate.getFirst().matches().getFirst());
  }

  @Test
  void overlappingMatchesAreJoined() {
    List<PictureTextMatch> m = PictureTextMatch.of(read("Fresh bread daily"), List.of("fresh bread", "bread"));
    assertEquals(1, m.getFirst().matches().size());
    assertArrayEquals(new int[] {0, 11}, m.getFirst().matches().getFirst());
  }

  @Test
  void nothingWithoutTextOrQueries() {
    assertEquals(List.of(), PictureTextMatch.of(null, List.of("bread")));
    assertEquals(List.of(), PictureTextMatch.of(PictureText.NONE, List.of("bread")));
    assertEquals(List.of(), PictureTextMatch.of(read("bread"), List.of()));
  }
}
