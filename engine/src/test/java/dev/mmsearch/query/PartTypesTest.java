package dev.mmsearch.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmsearch.encode.EncoderInput;
import dev.mmsearch.encode.Modality;
import dev.mmsearch.media.Medium;
import java.awt.image.BufferedImage;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The part-type registry on its own: every registered type reads its JSON sample and, where it
 * declares form fields, its form sample (a type without a sample here fails the test), and the
 * shape rules and their messages are the registry's, not each type's.
 */
class PartTypesTest {

  /** A medium that decodes anything into a 1×1 picture. */
  private static final Medium IMAGE = new Medium() {
    @Override
    public Modality modality() {
      return Modality.IMAGE;
    }

    @Override
    public Map<String, String> servedTypes() {
      return Map.of("png", "image/png");
    }

    @Override
    public String expected() {
      return "an image (PNG)";
    }

    @Override
    public long maxBytes() {
      return 1000;
    }

    @Override
    public EncoderInput decode(byte[] bytes) {
      return new EncoderInput.Image(new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB));
    }
  };

  private static final PartTypes TYPES = PartTypes.of(List.of(IMAGE));

  private static final Map<String, Map<String, Object>> JSON = Map.of(
      "text", Map.of("text", "a red circle"),
      "image", Map.of("data", "data:image/png;base64,AAAA"),
      "item", Map.of("id", "a.png"),
      "palette", Map.of("colours", List.of("#ff0000"), "route", "direct"),
      "metadata", Map.of("describe", "bright", "targets", Map.of("width", target(100.0, null, null, 10.0))));

  private static final Map<String, Map<String, String>> FORM = Map.of(
      "text", Map.of("q", "a red circle", "textWeight", "2"),
      "palette", Map.of("colours", "#ff0000,#00ff00", "proportions", "1, 3"),
      "metadata", Map.of("look", "bright", "lookRoute", "direct"));

  private static PartInput.Target target(Double value, Double min, Double max, Double scale) {
    return new PartInput.Target() {
      public Double value() {
        return value;
      }

      public Double min() {
        return min;
      }

      public Double max() {
        return max;
      }

      public Double scale() {
        return scale;
      }
    };
  }

  private static PartInput in(String type, Map<String, Object> given) {
    return new PartInput(3, type, 0.5, given);
  }

  /** The registry's check of a part, without a catalog (palette and metadata need none; media are checked elsewhere). */
  private static PartType check(PartInput in) {
    return TYPES.check(in, null);
  }

  @Test
  void typesComeInOrderWithOnePerMedium() {
    assertEquals(List.of("text", "image", "item", "palette", "metadata"), TYPES.names());
  }

  @Test
  void everyRegisteredTypeReadsItsJsonSample() throws Exception {
    assertEquals(Set.copyOf(TYPES.names()), JSON.keySet(), "a JSON sample for each registered part type");
    for (PartType t : TYPES.all()) {
      PartInput in = in(t.name(), JSON.get(t.name()));
      if (t.upload().isEmpty()) {
        assertEquals(t, check(in));
      }
      QueryPart part = t.parse(in);
      assertEquals(0.5, part.weight(), t.name());
      assertTrue(PartTypes.KINDS.stream().anyMatch(k -> k.partClass().isInstance(part)), "a kind plans " + t.name());
    }
  }

  @Test
  void everyFormTypeReadsItsFormSample() {
    for (PartType t : TYPES.all()) {
      boolean reads = !t.queryFields().isEmpty();
      assertEquals(reads, FORM.containsKey(t.name()), "a form sample exactly for form part types: " + t.name());
      if (reads) {
        Map<String, String> fields = FORM.get(t.name());
        assertTrue(t.queryFields().containsAll(fields.keySet()), t.name());
        QueryPart part = t.fromForm(fields::get).orElseThrow();
        assertEquals(part.getClass(), TYPES.fromForm(fields::get).getFirst().getClass());
      }
    }
    assertEquals(2.0, TYPES.fromForm(FORM.get("text")::get).getFirst().weight());
    assertInstanceOf(QueryPart.Colours.class, TYPES.fromForm(FORM.get("palette")::get).getFirst());
    assertEquals(List.of(), TYPES.fromForm(name -> null));
  }

  @Test
  void formFieldsAndQueryParameters() {
    assertEquals(Set.of("text", "textWeight", "image", "imageWeight", "colours", "proportions", "coloursWeight",
        "coloursRoute", "look", "lookWeight", "lookRoute"), TYPES.formFields());
    assertEquals(Set.of("text", "textWeight", "q", "colours", "proportions", "coloursWeight", "coloursRoute", "look",
        "lookWeight", "lookRoute"), TYPES.queryFields());
    assertEquals(TYPES.queryFields(), PartTypes.of(List.of()).queryFields(), "GET parameters do not depend on the media");
  }

  @Test
  void shapeMessagesNameThePartTheRuleAndTheKeys() {
    assertEquals("part 3 needs a \"type\": text, image, item, palette, metadata",
        assertThrows(IllegalArgumentException.class, () -> check(in(null, Map.of()))).getMessage());
    assertEquals("part 3 has unknown type 'video' (known: text, image, item, palette, metadata)",
        assertThrows(IllegalArgumentException.class, () -> check(in("video", Map.of()))).getMessage());
    assertEquals("part 3 (metadata) needs \"targets\" or \"describe\"",
        assertThrows(IllegalArgumentException.class, () -> check(in("metadata", Map.of("route", "direct")))).getMessage());
    assertEquals("part 3 (text) takes \"text\", not [\"id\", \"route\"]", assertThrows(IllegalArgumentException.class,
        () -> check(in("text", Map.of("text", "x", "route", "direct", "id", "a")))).getMessage());
    assertEquals("part 3 (palette) takes \"colours\", not [\"describe\"]", assertThrows(IllegalArgumentException.class,
        () -> check(in("palette", Map.of("colours", List.of("#ffffff"), "proportions", List.of(1.0), "describe", "x"))))
        .getMessage());
    assertEquals("part 3: \"colours\" takes 1 to 16 colours, got 0", assertThrows(IllegalArgumentException.class,
        () -> check(in("palette", Map.of("colours", List.of())))).getMessage());
    Map<String, Object> nullTarget = new HashMap<>();
    nullTarget.put("width", null);
    assertTrue(assertThrows(IllegalArgumentException.class, () -> check(in("metadata", Map.of("targets", nullTarget))))
        .getMessage().startsWith("part 3: target of 'width' is null"));
    assertEquals("\"proportions\" needs \"colours\"", assertThrows(IllegalArgumentException.class,
        () -> TYPES.fromForm(Map.of("proportions", "1")::get)).getMessage());
  }

  @Test
  void metadataTargetsAreNumberKeysTheIndexMustKnow() {
    PartType metadata = TYPES.named("metadata").orElseThrow();
    assertEquals(Set.of("width"), metadata.numberKeys(in("metadata", JSON.get("metadata"))));
    assertEquals(Set.of(), TYPES.named("text").orElseThrow().numberKeys(in("text", JSON.get("text"))));
  }

  @Test
  void listsOutsideTheCatalogAreSelectableByField() {
    assertEquals(Set.of("text", "ocr", "substring.ocr", "metadata"), PartTypes.ownFields());
  }
}
