package dev.mmsearch.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Duplicates through the API on {@link DuplicatesIndex}: pages of groups per level, an item's
 * groups, collapsed search results paged without overlap and with right totals, and every bad
 * request refused with a problem.
 */
@QuarkusTest
@TestProfile(DuplicatesIndex.Profile.class)
class DuplicatesApiTest {

  private static void problem(io.restassured.response.ValidatableResponse r, int status, String detail) {
    r.statusCode(status).contentType("application/problem+json").body("status", equalTo(status))
        .body("detail", containsString(detail));
  }

  @Test
  void nearGroupsHoldEveryCopyAndNoHardNegative() {
    JsonPath page = given().get("/api/duplicates?level=near").then().statusCode(200).extract().jsonPath();
    assertEquals("near", page.getString("level.level"));
    assertFalse(page.getBoolean("level.stale"));
    assertEquals(2, page.getInt("level.groups"), page.prettify());
    Set<String> photoGroup = new HashSet<>(page.getList("groups[0].members.id"));
    Set<String> expected = new HashSet<>(DuplicatesIndex.PHOTO_COPIES);
    expected.add("photo.png");
    assertEquals(expected, photoGroup, "the photo and each of its copies, no other picture");
    assertEquals(Set.of("chord.wav", "chord-copy.ogg"), new HashSet<>(page.getList("groups[1].members.id")));
    // The cropped and halved copies have fewer pixels: the suggestion is among the full-size ones, and says so first.
    String keep = page.getString("groups[0].keep");
    assertFalse(Set.of("photo-half.png", "photo-crop.png").contains(keep), keep);
    assertTrue(page.getString("groups[0].reason").startsWith("largest: 320 × 240 px (next: 304 × 228 px)"),
        page.getString("groups[0].reason"));
    assertNotNull(page.getString("groups[0].members[0].thumbnail"));
  }

  @Test
  void exactGroupsAreTheSamePixels() {
    given().get("/api/duplicates?level=exact").then().statusCode(200)
        .body("level.groups", equalTo(1))
        .body("groups[0].members.id", equalTo(List.of("photo-exact.bmp", "photo.png")));
    List<Map<String, Object>> levels = given().get("/api/duplicates/levels").then().statusCode(200).extract().jsonPath().getList("");
    assertEquals(List.of("exact", "near"), levels.stream().map(l -> l.get("level")).toList());
  }

  @Test
  void pagesOfGroupsFollowOffsetAndLimit() {
    given().get("/api/duplicates?level=near&limit=1&offset=1").then().statusCode(200)
        .body("groups.size()", equalTo(1)).body("groups[0].group", equalTo(2)).body("offset", equalTo(1)).body("limit", equalTo(1));
    given().get("/api/duplicates?level=near&offset=5").then().statusCode(200).body("groups.size()", equalTo(0));
  }

  @Test
  void anItemListsItsGroups() {
    JsonPath item = given().get("/api/items/photo-q40.jpg").then().statusCode(200).extract().jsonPath();
    assertEquals(DuplicatesIndex.PHOTO_COPIES.size() + 1, item.getInt("duplicates.near.size"));
    assertTrue(item.getList("duplicates.near.others").contains("photo.png"));
    assertFalse(item.getList("duplicates.near.others").contains("photo-q40.jpg"));
    assertNull(item.get("duplicates.exact"), "a JPEG copy has other pixels");
    given().get("/api/items/small.png").then().statusCode(200).body("duplicates", org.hamcrest.Matchers.nullValue());
  }

  @Test
  void collapsedPagesNeverOverlapAndTotalsCountGroups() {
    Map<String, Object> query = Map.of("type", "text", "text", "a red circle and a blue square");
    JsonPath all = given().contentType(ContentType.JSON).body(Map.of("parts", List.of(query), "k", 100))
        .post("/api/search").then().statusCode(200).extract().jsonPath();
    List<String> ranking = all.getList("hits.item.id");
    long photos = ranking.stream().filter(id -> id.startsWith("photo")).count();
    long chords = ranking.stream().filter(id -> id.startsWith("chord")).count();
    int expectedTotal = all.getInt("total") - (int) Math.max(0, photos - 1) - (int) Math.max(0, chords - 1);
    List<String> seen = new ArrayList<>();
    for (int offset = 0; offset < expectedTotal; offset += 3) {
      JsonPath page = given().contentType(ContentType.JSON)
          .body(Map.of("parts", List.of(query), "k", 3, "offset", offset, "collapse", "near"))
          .post("/api/search").then().statusCode(200).extract().jsonPath();
      assertEquals(expectedTotal, page.getInt("total"), "every page reports the collapsed total");
      for (String id : page.<String>getList("hits.item.id")) {
        assertFalse(seen.contains(id), id + " on two pages");
        seen.add(id);
      }
    }
    assertEquals(expectedTotal, seen.size());
    assertEquals(1, seen.stream().filter(id -> id.startsWith("photo")).count(), "one photo stands for its copies: " + seen);
    String photo = seen.stream().filter(id -> id.startsWith("photo")).findFirst().orElseThrow();
    assertEquals(ranking.stream().filter(id -> id.startsWith("photo")).findFirst().orElseThrow(), photo, "the best-ranked copy");
    JsonPath first = given().get("/api/search?q=a+red+circle+and+a+blue+square&collapse=near&k=100").then().statusCode(200)
        .extract().jsonPath();
    int at = first.<String>getList("hits.item.id").indexOf(photo);
    assertEquals(DuplicatesIndex.PHOTO_COPIES.size() + 1, first.getInt("hits[" + at + "].collapsed.size"));
    assertEquals("near", first.getString("hits[" + at + "].collapsed.level"));
    assertNull(first.get("hits[" + first.<String>getList("hits.item.id").indexOf("small.png") + "].collapsed"));
    // Without collapse, hits carry no group.
    assertNull(all.get("hits[0].collapsed"));
  }

  @Test
  void badRequestsAreProblems() {
    problem(given().get("/api/duplicates?level=nearly").then(), 400, "level must be one of [exact, near, similar], got: nearly");
    problem(given().get("/api/duplicates?limit=0").then(), 400, "limit must be in 1..100, got: 0");
    problem(given().get("/api/duplicates?offset=-1").then(), 400, "offset must be at least 0, got: -1");
    problem(given().get("/api/duplicates?page=2").then(), 400, "page");
    problem(given().get("/api/duplicates?level=similar").then(), 409, "run `mmsearch duplicates --index");
    problem(given().contentType(ContentType.JSON).body(Map.of("parts", List.of(Map.of("type", "text", "text", "x")),
        "collapse", "similar")).post("/api/search").then(), 400, "collapse must be \"exact\", \"near\" or \"none\", got: similar");
    problem(given().get("/api/search?q=x&collapse=all").then(), 400, "collapse must be \"exact\", \"near\" or \"none\", got: all");
    given().get("/api/search?q=x&collapse=none").then().statusCode(200);
  }
}
