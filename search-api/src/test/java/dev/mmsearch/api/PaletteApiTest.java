package dev.mmsearch.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmsearch.derive.Palette;
import dev.mmsearch.derive.PaletteExtractor;
import dev.mmsearch.extract.ImageDecoder;
import dev.mmsearch.extract.ImageLimits;
import dev.mmsearch.testing.TestModels;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Palette parts through the API: named colours alone and with text, and every malformed palette part refused with a 400. */
@QuarkusTest
@QuarkusTestResource(value = TestIndex.class, restrictToAnnotatedClass = false)
class PaletteApiTest {

  private static void problem(io.restassured.response.ValidatableResponse r, String detail) {
    r.statusCode(400).contentType("application/problem+json").body("status", equalTo(400)).body("detail", containsString(detail));
  }

  private static io.restassured.response.ValidatableResponse search(Object... parts) {
    return given().contentType(ContentType.JSON).body(Map.of("parts", List.of(parts), "k", 10)).post("/api/search").then();
  }

  @Test
  void aPicturesOwnPaletteNamedAsColoursFindsItFirst() throws Exception {
    // small.png's palette as the extractor sees it (colours rounded to #rrggbb, with their shares), named in a query.
    Palette own = new PaletteExtractor().extract(new ImageDecoder(ImageLimits.DEFAULTS).decode(TestModels.reference("small.png")));
    List<Double> shares = own.swatches().stream().map(Palette.Swatch::proportion).toList();
    List<String> ids = given().contentType(ContentType.JSON)
        .body(Map.of("parts", List.of(Map.of("type", "palette", "colours", own.hexColours(), "proportions", shares)),
            "fields", List.of("palette.image"), "k", 10))
        .post("/api/search").then().statusCode(200)
        .body("hits.explanation.flatten().field", everyItem(equalTo("palette.image")))
        .extract().path("hits.item.id");
    // "outsider" is indexed from a copy of small.png: the two share the top.
    assertEquals(java.util.Set.of("small.png", "outsider"), java.util.Set.copyOf(ids.subList(0, 2)), own.hexColours() + " → " + ids);
  }

  @Test
  void textAndColoursInOneQueryBothCount() {
    List<Integer> parts = search(Map.of("type", "text", "text", "a red circle and a blue square"),
        Map.of("type", "palette", "colours", List.of("#ff0000", "#0000ff"), "proportions", List.of(1, 1), "weight", 0.5))
        .statusCode(200)
        .body("hits.size()", greaterThan(0))
        .body("hits[0].explanation.field", hasItem("palette.image"))
        .extract().path("hits[0].explanation.part");
    assertTrue(parts.contains(0) && parts.contains(1), "both parts explain the top hit: " + parts);
  }

  @Test
  void malformedPalettePartsAreClientErrors() {
    problem(search(Map.of("type", "palette")), "part 0 (palette) needs \"colours\"");
    problem(search(Map.of("type", "palette", "colours", List.of("red"))), "colours are written #rrggbb, got: red");
    problem(search(Map.of("type", "palette", "colours", List.of("#ff0000"), "proportions", List.of(1, 2))),
        "give one proportion per colour");
    problem(search(Map.of("type", "palette", "colours", List.of("#ff0000"), "proportions", List.of(0))),
        "colour proportions must be positive");
    problem(search(Map.of("type", "palette", "colours", List.of())), "\"colours\" takes 1 to 16 colours");
    problem(search(Map.of("type", "palette", "colours", java.util.Collections.nCopies(17, "#ffffff"))), "\"colours\" takes 1 to 16 colours");
    problem(search(Map.of("type", "text", "text", "x", "proportions", List.of(1))), "takes \"text\", not [\"proportions\"]");
    problem(search(Map.of("type", "text", "text", "x", "colours", List.of("#ffffff"))), "takes \"text\", not [\"colours\"]");
    problem(search(Map.of("type", "palette", "colours", List.of("#ff0000"), "weight", 0)), "weight must be finite, non-zero");
    String nullColour = "{\"parts\": [{\"type\": \"palette\", \"colours\": [null]}]}";
    problem(given().contentType(ContentType.JSON).body(nullColour).post("/api/search").then(), "not null");
    String wrongType = "{\"parts\": [{\"type\": \"palette\", \"colours\": \"#ff0000\"}]}";
    assertEquals(400, given().contentType(ContentType.JSON).body(wrongType).post("/api/search").statusCode());
  }
}
