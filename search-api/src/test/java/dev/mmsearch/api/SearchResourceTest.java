package dev.mmsearch.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmsearch.testing.BadImages;
import dev.mmsearch.testing.TestModels;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.nio.file.Files;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = TestIndex.class, restrictToAnnotatedClass = false)
class SearchResourceTest {

  static String base64(String referenceFile) throws Exception {
    return Base64.getEncoder().encodeToString(Files.readAllBytes(TestModels.reference(referenceFile)));
  }

  @Test
  void textSearchOverGet() {
    given().queryParam("q", "a red circle").queryParam("k", 3)
        .when().get("/api/search")
        .then().statusCode(200)
        .body("total", equalTo(TestIndex.TEXT_REACHABLE))
        .body("hits", hasSize(3))
        .body("hits[0].explanation.field", hasItem("text"))
        .body("hits.explanation.flatten().space", hasItem("clip"))
        .body("hits[0].item.thumbnail", containsString("/api/thumbnails/"))
        .body("timingsMs.encode", greaterThan(0f));
  }

  @Test
  void bm25AndBothSpacesExplainTheTopHit() {
    given().contentType(ContentType.JSON)
        .body(Map.of("parts", List.of(Map.of("type", "text", "text", "green block purple egg")), "k", 1))
        .when().post("/api/search")
        .then().statusCode(200)
        .body("hits[0].item.id", equalTo("tall-alpha.png"))
        .body("hits[0].explanation.field", hasItem("text"))
        .body("hits[0].explanation.field", hasItem("clip.text"))
        .body("hits[0].explanation.field", hasItem("text.text"));
  }

  @Test
  void imageQueryFindsTheSamePicture() throws Exception {
    given().contentType(ContentType.JSON)
        .body(Map.of("parts", List.of(Map.of("type", "image", "data", base64("photo.png"))), "k", 2))
        .when().post("/api/search")
        .then().statusCode(200)
        .body("hits.item.id", hasItem("photo.png"))
        .body("hits[0].explanation.field", hasItem("dino.image"))
        .body("hits[0].explanation.find { it.field == 'dino.image' }.score", greaterThan(0.999f));
  }

  @Test
  void multipartTextAndImage() throws Exception {
    given().multiPart("text", "a red circle").multiPart("image", "q.png", Files.readAllBytes(TestModels.reference("photo.png")), "image/png")
        .multiPart("imageWeight", "2").multiPart("k", "4").multiPart("fusion", "score")
        .when().post("/api/search")
        .then().statusCode(200)
        .body("hits", hasSize(4))
        .body("hits[0].explanation.part", hasItem(1));
  }

  /** Rank of photo.png for its own caption plus the same picture (another file) as an item part of {@code weight}. */
  private static int rankOfPhoto(double weight) {
    List<String> ids = given().contentType(ContentType.JSON)
        .body(Map.of("parts", List.of(Map.of("type", "text", "text", "a red circle and a blue square"),
            Map.of("type", "item", "id", "sub dir/same photo.webp", "weight", weight)), "k", 10))
        .when().post("/api/search")
        .then().statusCode(200)
        .extract().jsonPath().getList("hits.item.id");
    return ids.indexOf("photo.png");
  }

  @Test
  void negativeItemPartPushesLookalikesDown() {
    // photo.png matches the caption best, and is the same picture as the item part.
    assertEquals(0, rankOfPhoto(1), "+1: the picture pulls it up");
    int pushed = rankOfPhoto(-1);
    assertTrue(pushed > 0 || pushed == -1, "-1 pushes the same picture down from first, got rank " + pushed);
  }

  /** "modalities" keeps the items holding one of the kinds named; it is checked like any other field. */
  @Test
  void modalitiesKeepOnlyItemsHoldingThem() {
    List<String> sounds = given().contentType(ContentType.JSON)
        .body(Map.of("parts", List.of(Map.of("type", "text", "text", "a sound")), "modalities", List.of("audio")))
        .when().post("/api/search").then().statusCode(200)
        .body("hits.item.metadata.modality", everyItem(hasItem("audio")))
        .extract().jsonPath().getList("hits.item.id");
    assertEquals(Set.of("speech.wav", "small.png"), Set.copyOf(sounds), "the sound alone and the picture with a sound");
    given().contentType(ContentType.JSON)
        .body(Map.of("parts", List.of(Map.of("type", "text", "text", "a sound")), "modalities", List.of("image", "audio")))
        .when().post("/api/search").then().statusCode(200).body("total", equalTo(TestIndex.ITEMS));
    for (Object[] bad : new Object[][] {{List.of("smell"), "known: [text, image, audio, video]"}, {List.of(), "at least one"},
        {Arrays.asList("image", null), "\"modalities\"[1] is null"}}) {
      given().contentType(ContentType.JSON)
          .body(Map.of("parts", List.of(Map.of("type", "text", "text", "x")), "modalities", bad[0]))
          .when().post("/api/search").then().statusCode(400).body("detail", containsString((String) bad[1]));
    }
    given().contentType(ContentType.JSON)
        .body(Map.of("parts", List.of(Map.of("type", "text", "text", "x")), "modalities", List.of("image"),
            "filter", Map.of("modality", List.of("audio"))))
        .when().post("/api/search").then().statusCode(400).body("detail", containsString("not both"));
  }

  @Test
  void filtersApply() {
    given().contentType(ContentType.JSON)
        .body(Map.of("parts", List.of(Map.of("type", "text", "text", "a block")), "filter", Map.of("shop", List.of("south"))))
        .when().post("/api/search")
        .then().statusCode(200)
        .body("total", equalTo(1))
        .body("hits[0].item.id", equalTo("tall-alpha.png"));
  }

  /** Facets count the whole ranking whatever the page, follow the filter, and are absent unless asked for. */
  @Test
  void facetsCountTheWholeRanking() {
    var onePage = given().queryParam("q", "photo").queryParam("k", 1).queryParam("facets", "true").get("/api/search")
        .then().statusCode(200)
        .body("hits", hasSize(1))
        .body("facets.size", equalTo(TestIndex.TEXT_REACHABLE))
        .body("facets.keywords.shop.values.value", containsInAnyOrder("north", "south"))
        .body("facets.keywords.shop.values.count", contains(1, 1))
        .body("facets.keywords.shop.distinct", equalTo(2))
        .body("facets.numbers.width.min", equalTo(64.0f))
        .body("facets.numbers.width.max", equalTo(320.0f))
        .extract().jsonPath();
    assertEquals(onePage.getMap("facets"), given().queryParam("q", "photo").queryParam("k", 2).queryParam("offset", 2)
        .queryParam("facets", "true").get("/api/search").then().statusCode(200).extract().jsonPath().getMap("facets"),
        "another page of the same query has the same facets");
    given().contentType(ContentType.JSON)
        .body(Map.of("parts", List.of(Map.of("type", "text", "text", "photo")), "filter", Map.of("shop", List.of("south")),
            "facets", true))
        .post("/api/search").then().statusCode(200)
        .body("facets.size", equalTo(1))
        .body("facets.keywords.shop.values.value", contains("south"));
    given().queryParam("q", "photo").get("/api/search").then().statusCode(200).body("$", not(hasKey("facets")));
    problem(given().queryParam("q", "photo").queryParam("facets", "yes").get("/api/search").then(), 400,
        "'facets' must be true or false, got: 'yes'");
  }

  @Test
  void pagingAndCutoff() {
    List<String> all = given().queryParam("q", "photo").queryParam("k", 6).get("/api/search").then().statusCode(200)
        .extract().jsonPath().getList("hits.item.id");
    List<String> paged = new java.util.ArrayList<>();
    for (int offset = 0; offset < 6; offset += 2) {
      paged.addAll(given().queryParam("q", "photo").queryParam("k", 2).queryParam("offset", offset)
          .get("/api/search").then().statusCode(200)
          .body("total", equalTo(TestIndex.TEXT_REACHABLE)).body("window", equalTo(100)).body("offset", equalTo(offset)).body("k", equalTo(2))
          .extract().jsonPath().getList("hits.item.id"));
    }
    assertEquals(all, paged, "pages of 2 concatenate to the page of 6: no overlap, no gap");
    given().queryParam("q", "photo").queryParam("k", 2).queryParam("offset", 100).get("/api/search").then().statusCode(200)
        .body("hits", empty());
    problem(given().queryParam("q", "photo").queryParam("offset", 101).get("/api/search").then(), 400,
        "offset must be in 0..100 (the ranking window; ask for a larger \"window\", up to 1000, to page deeper), got: 101");
    given().queryParam("q", "photo").queryParam("offset", 1000).queryParam("window", 1000).get("/api/search").then()
        .statusCode(200).body("hits", empty());
    given().contentType(ContentType.JSON)
        .body(Map.of("parts", List.of(Map.of("type", "text", "text", "photo")), "minScore", 10))
        .post("/api/search").then().statusCode(200).body("hits", empty()).body("total", equalTo(0));
  }

  @Test
  void similarExcludesTheItemItself() {
    given().queryParam("k", 3).get("/api/similar/photo.png")
        .then().statusCode(200)
        .body("hits", hasSize(3))
        .body("hits.item.id", not(hasItem("photo.png")));
    // Which look-alike ranks first is the models' business: with the tiny random test models and
    // 7 items nothing stands out from chance; BundleSearchTest checks near copies come first.
  }

  private static void problem(io.restassured.response.ValidatableResponse r, int status, String detail) {
    r.statusCode(status).contentType("application/problem+json").body("status", equalTo(status)).body("detail", containsString(detail));
  }

  @Test
  void clientErrorsAreProblemsWithPreciseStatus() throws Exception {
    problem(given().contentType(ContentType.JSON).body("{\"parts\": []}").post("/api/search").then(), 400, "at least one part");
    problem(given().contentType(ContentType.JSON).body("{}").post("/api/search").then(), 400, "at least one part");
    problem(given().get("/api/search").then(), 400, "query is empty");
    problem(given().contentType(ContentType.JSON).body("{\"parts\": [{\"type\": \"smell\"}]}").post("/api/search").then(), 400,
        "part 0 has unknown type 'smell'");
    problem(given().contentType(ContentType.JSON).body("{\"parts\": [{\"type\": \"text\", \"text\": \"x\", \"weight\": 0}]}")
        .post("/api/search").then(), 400, "weight must be finite, non-zero");
    problem(given().contentType(ContentType.JSON).body("{\"parts\": [{\"type\": \"text\", \"text\": \"x\", \"weight\": -1}]}")
        .post("/api/search").then(), 400, "at least one part with a positive weight");
    problem(given().queryParam("q", "x").queryParam("k", 0).get("/api/search").then(), 400, "k must be in 1..1000, got: 0");
    problem(given().queryParam("q", "x").queryParam("k", 5000).get("/api/search").then(), 400, "k must be in 1..1000, got: 5000");
    problem(given().queryParam("q", "x").queryParam("offset", -1).get("/api/search").then(), 400, "offset must be in");
    problem(given().queryParam("q", "x").queryParam("fusion", "borda").get("/api/search").then(), 400, "Unknown fusion 'borda'");
    problem(given().contentType(ContentType.JSON).body("{\"parts\": [{\"type\": \"text\"").post("/api/search").then(), 400, "malformed JSON");
    problem(given().contentType(ContentType.JSON).body("{\"parts\": [{\"type\": \"image\", \"data\": \"%%%\"}]}")
        .post("/api/search").then(), 400, "is not base64");
    problem(given().contentType(ContentType.JSON).body("{\"parts\": [{\"type\": \"item\", \"id\": \"nope\"}]}")
        .post("/api/search").then(), 404, "no item with id 'nope'");
    problem(given().contentType(ContentType.TEXT).body("red").post("/api/search").then(), 415, "");
    problem(given().contentType(ContentType.JSON).body("{\"parts\": [{\"type\": \"text\", \"text\": \"x\"}], \"spaces\": [\"nope\"]}")
        .post("/api/search").then(), 400, "unknown space 'nope' (known: [clip, dino, text, clap, palette])");
    problem(given().contentType(ContentType.JSON).body("{\"parts\": [{\"type\": \"text\", \"text\": \"x\"}], \"fields\": [\"clip.audio\"]}")
        .post("/api/search").then(), 400, "unknown field 'clip.audio' (searchable: [clap.audio, clip.image, clip.name, clip.text, dino.image, metadata, palette.image, text, "
        + "text.name, text.text])");
    problem(given().contentType(ContentType.JSON).body("{\"parts\": [{\"type\": \"text\", \"text\": \"x\"}], \"fields\": [\"dino.image\"]}")
        .post("/api/search").then(), 400, "cannot answer these parts");
    problem(given().multiPart("image", "x.txt", "not an image".getBytes(), "text/plain").post("/api/search").then(), 415,
        "image part has content type 'text/plain'");
    problem(given().multiPart("image", "x.png", "not an image".getBytes(), "image/png").post("/api/search").then(), 415,
        "not a supported image format");
    problem(given().multiPart("image", "t.png", BadImages.truncatedPng(), "image/png").post("/api/search").then(), 422,
        "image cannot be decoded");
    problem(given().multiPart("image", "bomb.png", BadImages.pngDeclaring(40000, 40000), "image/png").post("/api/search").then(), 413,
        "40000x40000");
    problem(given().contentType(ContentType.JSON).body("{\"parts\": [{\"type\": \"text\", \"text\": \"x\"}], \"k\": \"five\"}")
        .post("/api/search").then(), 400, "\"k\" must be an integer");
    problem(given().contentType(ContentType.JSON).body("{\"parts\": {}}").post("/api/search").then(), 400, "\"parts\" must be an array");
    problem(given().contentType(ContentType.JSON).body("{\"parts\": [{\"type\": \"text\", \"text\": \"x\"}], \"filters\": {}}")
        .post("/api/search").then(), 400, "unknown key \"filters\" in the request (known: [collapse, facets, fields, filter, fusion, k, minScore, modalities, near, offset, parts, ranges, sort, spaces, window])");
    problem(given().contentType(ContentType.JSON).body("{\"parts\": [{\"type\": \"text\", \"text\": \"x\", \"data\": \"x\"}]}")
        .post("/api/search").then(), 400, "part 0 (text) takes \"text\", not [\"data\"]");
    problem(given().contentType(ContentType.JSON).body("{\"parts\": [{\"type\": \"text\", \"text\": \"x\"}], \"spaces\": [null]}")
        .post("/api/search").then(), 400, "\"spaces\"[0] is null");
    problem(given().contentType(ContentType.JSON).body("{\"parts\": [{\"type\": \"text\", \"text\": \"x\"}], \"filter\": {\"shop\": [null]}}")
        .post("/api/search").then(), 400, "filter on 'shop' has a null value");
    problem(given().queryParam("q", "x").queryParam("k", "five").get("/api/search").then(), 400, "'k' must be an integer, got: 'five'");
    problem(given().queryParam("k", "abc").get("/api/similar/photo.png").then(), 400, "'k' must be an integer, got: 'abc'");
    problem(given().queryParam("q", "x").queryParam("kk", "1").get("/api/search").then(), 400, "unknown query parameter 'kk'");
    problem(given().queryParam("q", "x y ".repeat(600)).get("/api/search").then(), 400, "more than the limit of 2048");
    problem(given().body("x").post("/api/search").then(), 415, "send application/json or multipart/form-data");
    problem(given().queryParam("q", "a".repeat(9000)).get("/api/search").then(), 414, "more than the limit of 8192");
    problem(given().header("X-Big", "b".repeat(20_000)).get("/api/stats").then(), 431, "more than the limit of 16384");
    problem(given().delete("/api/search").then().header("Allow", "GET, HEAD, OPTIONS, POST"), 405,
        "DELETE is not allowed on /api/search (allowed: GET, HEAD, OPTIONS, POST)");
    StringBuilder terms = new StringBuilder();
    for (int i = 0; i < 1500; i++) {
      terms.append(Integer.toString(i, 36)).append(' ');
    }
    given().contentType(ContentType.JSON).body(Map.of("parts", List.of(Map.of("type", "text", "text", terms.substring(0, 2000)))))
        .post("/api/search").then().statusCode(200);
    byte[] big = new byte[1_200_000];
    System.arraycopy(Files.readAllBytes(TestModels.reference("photo.png")), 0, big, 0, 1000);
    problem(given().multiPart("image", "big.png", big, "image/png").post("/api/search").then(), 413,
        "more than the limit of 1000000 bytes");
  }

  @Test
  void spacesAndFieldsRestrictTheSearch() {
    given().contentType(ContentType.JSON)
        .body(Map.of("parts", List.of(Map.of("type", "text", "text", "a green block")), "fields", List.of("clip.image")))
        .when().post("/api/search")
        .then().statusCode(200)
        .body("hits.explanation.flatten().field", everyItem(equalTo("clip.image")));
    given().contentType(ContentType.JSON)
        .body(Map.of("parts", List.of(Map.of("type", "text", "text", "a green block")), "spaces", List.of("text")))
        .when().post("/api/search")
        .then().statusCode(200)
        .body("hits.explanation.flatten().space", everyItem(org.hamcrest.Matchers.oneOf("text", "bm25")));
  }

  @Test
  void everyHitCarriesAnExplanation() {
    given().queryParam("q", "noise").queryParam("k", 6).get("/api/search")
        .then().statusCode(200)
        .body("hits.explanation", everyItem(not(empty())));
  }
}
