package dev.mmsearch.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mmsearch.testing.TestModels;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** Numeric metadata through the API: shown on items, and "ranges" filters applied to searches. */
@QuarkusTest
@QuarkusTestResource(value = TestIndex.class, restrictToAnnotatedClass = false)
class MetadataApiTest {

  @Test
  void itemsShowThePictureNumbersComputedAtIndexTime() throws Exception {
    BufferedImage small = ImageIO.read(TestModels.reference("small.png").toFile());
    given().get("/api/items/small.png").then().statusCode(200)
        .body("numbers.width", equalTo((float) small.getWidth()))
        .body("numbers.height", equalTo((float) small.getHeight()))
        .body("numbers.keySet()", hasItem("colourfulness"));
  }

  @Test
  void rangesKeepOnlyItemsInsideTheInterval() throws Exception {
    int width = ImageIO.read(TestModels.reference("small.png").toFile()).getWidth();
    List<String> ids = given().contentType(ContentType.JSON)
        .body(Map.of("parts", List.of(Map.of("type", "text", "text", "colourful noise")), "k", 20,
            "ranges", Map.of("width", Map.of("min", width, "max", width))))
        .post("/api/search").then().statusCode(200)
        .body("hits.item.numbers.width", everyItem(equalTo((float) width)))
        .extract().path("hits.item.id");
    assertEquals(true, ids.contains("small.png"), ids.toString());
    // No picture is a million pixels wide: nothing passes, and that is an empty page, not an error.
    given().contentType(ContentType.JSON)
        .body(Map.of("parts", List.of(Map.of("type", "text", "text", "colourful noise")),
            "ranges", Map.of("width", Map.of("min", 1_000_000))))
        .post("/api/search").then().statusCode(200).body("hits.size()", equalTo(0));
  }

  @Test
  void malformedRangesAreClientErrors() {
    for (Object[] c : new Object[][] {
        {"{\"width\": {}}", "a range needs at least one bound"},
        {"{\"width\": {\"min\": 5, \"max\": 1}}", "range is empty"},
        {"{\"width\": null}", "is null"},
        {"{\"width\": {\"from\": 1}}", "from"},
        {"{\"width\": {\"min\": \"wide\"}}", "min"}}) {
      given().contentType(ContentType.JSON)
          .body("{\"parts\": [{\"type\": \"text\", \"text\": \"x\"}], \"ranges\": " + c[0] + "}")
          .post("/api/search").then().statusCode(400).contentType("application/problem+json")
          .body("detail", containsString((String) c[1]));
    }
  }

  @Test
  void aMetadataPartRanksByClosenessToItsTargets() {
    float brightness = given().get("/api/items/small.png").then().statusCode(200).extract().path("numbers.brightness");
    given().contentType(ContentType.JSON)
        .body(Map.of("parts", List.of(Map.of("type", "metadata", "targets",
            Map.of("brightness", Map.of("value", brightness, "scale", 0.0001))))))
        .post("/api/search").then().statusCode(200)
        // The list's own score is the closeness (1 on target); the fused score is its evidence, softplus(6 * (1 - 0.5)).
        .body("hits.findAll { it.explanation[0].score == 1.0 }.item.id", hasItem("small.png")) // another test picture is a copy of it
        .body("hits.findAll { it.explanation[0].score == 1.0 }.item.numbers.brightness", everyItem(equalTo(brightness)))
        .body("hits.findAll { it.explanation[0].score < 1.0 }.item.numbers.brightness",
            everyItem(org.hamcrest.Matchers.not(equalTo(brightness))))
        .body("hits.findAll { it.explanation[0].score == 1.0 }.score",
            everyItem(org.hamcrest.Matchers.both(org.hamcrest.Matchers.greaterThan(3.0485f)).and(org.hamcrest.Matchers.lessThan(3.0487f))))
        .body("hits[0].explanation[0].space", equalTo("metadata"));
    // Words and targets together, combined with text; the words' targets use their own scales.
    given().contentType(ContentType.JSON)
        .body(Map.of("parts", List.of(Map.of("type", "text", "text", "noise"),
            Map.of("type", "metadata", "describe", "bright, square", "targets", Map.of("width", Map.of("min", 10)), "weight", 0.5))))
        .post("/api/search").then().statusCode(200);
  }

  @Test
  void badMetadataPartsAreClientErrorsThatSayWhatIsKnown() {
    for (Object[] c : new Object[][] {
        {Map.of("type", "metadata", "describe", "sparkly"), "known: big"},
        {Map.of("type", "metadata"), "needs \"targets\" or \"describe\""},
        {Map.of("type", "metadata", "targets", Map.of("file_bytes", Map.of("value", 5))), "needs a \"scale\""},
        {Map.of("type", "metadata", "targets", Map.of("width", Map.of("value", 5, "min", 3))), "exactly one of"},
        {Map.of("type", "metadata", "targets", Map.of("width", Map.of("value", 5, "scale", -1))), "positive"},
        {Map.of("type", "metadata", "targets", Map.of()), "1 to 16 keys"},
        {Map.of("type", "text", "text", "x", "describe", "bright"), "not [\"describe\"]"},
        {Map.of("type", "metadata", "describe", "bright", "route", "sideways"), "direct, predicted or both"},
        {Map.of("type", "palette", "colours", List.of("#ff0000"), "route", "predicted"), "mmsearch train-predictor"},
        {Map.of("type", "metadata", "describe", "dark", "route", "both"), "mmsearch train-predictor"},
        {Map.of("type", "text", "text", "x", "route", "direct"), "not [\"route\"]"}}) {
      given().contentType(ContentType.JSON).body(Map.of("parts", List.of(c[0])))
          .post("/api/search").then().statusCode(400).contentType("application/problem+json")
          .body("detail", containsString((String) c[1]));
    }
  }

  @Test
  void sortOrdersMatchesByANumberAndNearFiltersByPosition() {
    List<Float> widths = given().contentType(ContentType.JSON)
        .body(Map.of("parts", List.of(Map.of("type", "text", "text", "colourful noise")), "k", 50,
            "sort", Map.of("by", "width", "order", "desc")))
        .post("/api/search").then().statusCode(200).extract().path("hits.item.numbers.width");
    assertEquals(true, widths.size() > 1, widths.toString());
    for (int i = 1; i < widths.size(); i++) {
      if (widths.get(i) != null) {
        assertEquals(true, widths.get(i - 1) != null && widths.get(i - 1) >= widths.get(i), widths.toString());
      }
    }
    // The test pictures carry no GPS: a circle anywhere keeps nothing, and that is an empty page.
    given().contentType(ContentType.JSON)
        .body(Map.of("parts", List.of(Map.of("type", "text", "text", "noise")),
            "near", Map.of("latitude", 40.4, "longitude", -3.7, "radius", 50_000)))
        .post("/api/search").then().statusCode(200).body("hits.size()", equalTo(0));
    for (Object[] c : new Object[][] {
        {"\"near\": {\"latitude\": 95, \"longitude\": 0, \"radius\": 10}", "latitude in -90..90"},
        {"\"near\": {\"latitude\": 40, \"longitude\": 0}", "needs \"latitude\", \"longitude\" and \"radius\""},
        {"\"sort\": {\"order\": \"desc\"}", "needs \"by\""},
        {"\"sort\": {\"by\": \"width\", \"order\": \"up\"}", "\"asc\" or \"desc\""}}) {
      given().contentType(ContentType.JSON)
          .body("{\"parts\": [{\"type\": \"text\", \"text\": \"x\"}], " + c[0] + "}")
          .post("/api/search").then().statusCode(400).contentType("application/problem+json")
          .body("detail", containsString((String) c[1]));
    }
  }

  @Test
  void linksAndFormsTakeColoursAndLookWords() {
    given().queryParam("look", "bright, square").get("/api/search").then().statusCode(200)
        .body("hits.explanation.flatten().space", everyItem(equalTo("metadata")));
    given().queryParam("q", "noise").queryParam("look", "colourful").queryParam("lookWeight", "0.5").get("/api/search")
        .then().statusCode(200);
    given().queryParam("look", "sparkly").get("/api/search").then().statusCode(400).body("detail", containsString("sparkly"));
    given().queryParam("proportions", "1").get("/api/search").then().statusCode(400).body("detail", containsString("needs \"colours\""));
    given().multiPart("look", "dark").multiPart("text", "noise").post("/api/search").then().statusCode(200);
    given().queryParam("colours", " #ff0000, #0000ff ").queryParam("proportions", " 0.7, 0.3").get("/api/search").then().statusCode(200)
        .body("hits[0].explanation[0].field", equalTo("palette.image"));
  }
}
