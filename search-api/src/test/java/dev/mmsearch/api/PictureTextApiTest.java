package dev.mmsearch.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Text inside pictures through the API (a catalog that reads pictures, {@link VideoIndex}): an
 * item's lines with their boxes, hits that say which words matched and where, the {@code ocr}
 * field choice, the has-text facet and filter, sub-string matches of a code. The collection's six
 * items are too few to calibrate and the tiny test models' text vectors are near chance, so the
 * default ranking is not judged here: that is {@code PictureTextSearchTest}'s, with the starter
 * bundle; here only lists over the picture text ({@code fields: ["ocr"]}) are ranked.
 */
@QuarkusTest
@TestProfile(VideoIndex.Profile.class)
class PictureTextApiTest {

  private static JsonPath search(Map<String, Object> body) {
    return given().contentType(ContentType.JSON).body(body).when().post("/api/search").then().statusCode(200)
        .extract().jsonPath();
  }

  @Test
  void anItemListsTheLinesReadInItsPictureWithTheirBoxes() {
    JsonPath sign = given().when().get("/api/items/sign.png").then().statusCode(200).extract().jsonPath();
    assertEquals(List.of("NO PARKING", "Monday to Friday"), sign.getList("pictureText.text"));
    assertEquals(8, sign.getList("pictureText[0].box").size());
    // The truth box of "NO PARKING" is (89,47)-(370,77) in the picture's pixels.
    List<Float> box = sign.getList("pictureText[0].box", Float.class);
    assertTrue(Math.abs(box.get(0) - 89) < 12 && Math.abs(box.get(5) - 77) < 10, box.toString());
    assertTrue(sign.getFloat("pictureText[0].confidence") > 0.8f);
    assertEquals(List.of("yes"), sign.getList("metadata.text_in_picture"));
    // A picture read without text, and a sound never read.
    given().when().get("/api/items/photo.png").then().statusCode(200).body("pictureText", hasSize(0))
        .body("metadata.text_in_picture", equalTo(List.of("no")));
    given().when().get("/api/items/chord.ogg").then().statusCode(200).body("pictureText", nullValue());
  }

  @Test
  void aHitSaysWhichWordsOfThePictureMatched() {
    JsonPath r = search(Map.of("parts", List.of(Map.of("type", "text", "text", "parking"))));
    int sign = r.getList("hits.item.id").indexOf("sign.png");
    assertTrue(sign >= 0, r.getList("hits.item.id").toString());
    String hit = "hits[" + sign + "]";
    assertEquals(0, r.getInt(hit + ".pictureTextMatches[0].line"));
    assertEquals("NO PARKING", r.getString(hit + ".pictureTextMatches[0].text"));
    assertEquals(List.of(List.of(3, 10)), r.getList(hit + ".pictureTextMatches[0].matches"));
    assertEquals(8, r.getList(hit + ".pictureTextMatches[0].box").size());
    assertEquals(1, r.getList(hit + ".pictureTextMatches").size(), "the second line does not match");
    List<String> fields = r.getList(hit + ".explanation.field");
    assertTrue(fields.contains("ocr") && fields.contains("substring.ocr") && fields.contains("clip.ocr"), fields.toString());
    // Hits the query's words are not in carry no matches.
    for (int i = 0; i < r.getList("hits").size(); i++) {
      if (i != sign) {
        assertTrue(r.get("hits[" + i + "].pictureTextMatches") == null, r.getString("hits[" + i + "].item.id"));
      }
    }
  }

  @Test
  void aCodeMatchesAsASubStringWhateverItsSpacing() {
    for (String q : List.of("7XK 4B2", "7xk4b2", "XK-4B")) {
      JsonPath r = search(Map.of("parts", List.of(Map.of("type", "text", "text", q)), "fields", List.of("ocr")));
      assertEquals("plate.png", r.getString("hits[0].item.id"), q);
      assertEquals("7XK 4B2", r.getString("hits[0].pictureTextMatches[0].text"), q);
      assertTrue(r.getList("hits[0].explanation.field").contains("substring.ocr"), q);
    }
  }

  @Test
  void theOcrFieldRestrictsAQueryToTextInPictures() {
    JsonPath r = search(Map.of("parts", List.of(Map.of("type", "text", "text", "friday")), "fields", List.of("ocr")));
    // Only items whose picture has text: through the words, and the embeddings of every such text.
    assertEquals(List.of("sign.png", "plate.png"), r.getList("hits.item.id"));
    for (int i = 0; i < 2; i++) {
      assertTrue(r.getList("hits[" + i + "].explanation.field", String.class).stream().allMatch(f -> f.endsWith("ocr")));
    }
    given().contentType(ContentType.JSON).body(Map.of("parts", List.of(Map.of("type", "text", "text", "friday")),
        "fields", List.of("orc"))).when().post("/api/search").then().statusCode(400)
        .contentType("application/problem+json");
  }

  @Test
  void hasTextIsAFacetAndAFilter() {
    JsonPath r = search(Map.of("parts", List.of(Map.of("type", "text", "text", "a picture")), "facets", true));
    List<Map<String, Object>> values = r.getList("facets.keywords.text_in_picture.values");
    assertTrue(values.contains(Map.of("value", "yes", "count", 2)), values.toString());
    JsonPath withText = search(Map.of("parts", List.of(Map.of("type", "text", "text", "a picture")),
        "filter", Map.of("text_in_picture", List.of("yes"))));
    assertEquals(List.of("plate.png", "sign.png"), withText.getList("hits.item.id", String.class).stream().sorted().toList());
  }
}
