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
}
