package dev.mmsearch.derive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmsearch.index.NumberTarget;
import java.util.List;
import org.junit.jupiter.api.Test;

class LookWordsTest {

  @Test
  void aDescriptionBecomesTheTargetsOfItsWordsAndPhrases() {
    List<NumberTarget> t = LookWords.targets("Bright, colourful  and landscape");
    assertEquals(List.of("brightness", "colourfulness", "aspect"), t.stream().map(NumberTarget::key).toList());
    assertEquals(NumberTarget.Side.AT_LEAST, t.get(0).side());
    assertEquals(List.of("saturation", "contrast"),
        LookWords.targets("black and white, high contrast").stream().map(NumberTarget::key).toList());
    assertEquals(LookWords.targets("colorful"), LookWords.targets("colourful"), "both spellings");
  }

  @Test
  void unknownWordsAndEmptyDescriptionsNameTheKnownWords() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LookWords.targets("bright, sparkly"));
    assertTrue(e.getMessage().contains("'sparkly'") && e.getMessage().contains("colourful"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> LookWords.targets(" , and "));
  }

  @Test
  void everyWordTargetsANumberTheIndexerDerives() {
    java.util.Set<String> derived = java.util.Set.of("width", "height", "aspect", "megapixels", "brightness", "contrast", "saturation",
        "colourfulness", "entropy", "sharpness", "duration");
    for (String word : LookWords.words()) {
      LookWords.targetsOf(word).forEach(t -> assertTrue(derived.contains(t.key()), word + " -> " + t));
    }
    derived.forEach(key -> assertTrue(LookWords.defaultScale(key) != null || key.equals("file_bytes"), key + " has a default scale"));
  }
}
