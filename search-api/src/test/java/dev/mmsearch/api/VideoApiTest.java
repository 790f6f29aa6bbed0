package dev.mmsearch.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmsearch.testing.TestModels;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Videos through the API: hits that name their best moments, items that list their moments with
 * previews, video query parts (JSON and multipart) and every way one is refused, and originals
 * served in byte ranges so a player can seek.
 */
@QuarkusTest
@TestProfile(VideoIndex.Profile.class)
class VideoApiTest {

  private static byte[] video(String name) throws Exception {
    return Files.readAllBytes(TestModels.reference("video/" + name));
  }

  @Test
  void aVideoItemListsItsMomentsWithPreviews() {
    JsonPath item = given().when().get("/api/items/walk.mp4").then().statusCode(200).extract().jsonPath();
    assertEquals(3, item.getList("moments").size());
    assertEquals(0.0, item.getDouble("moments[0].start"), 1e-9);
    assertEquals(12.0, item.getDouble("moments[2].end"), 0.6);
    assertEquals("/api/thumbnails/walk.mp4?moment=1", item.getString("moments[1].thumbnail"));
    assertEquals("/api/originals/walk.mp4?modality=video", item.getString("media.video"));
    assertEquals("a walk by the sea", item.getString("text"));
    byte[] jpeg = given().when().get("/api/thumbnails/walk.mp4?moment=1").then().statusCode(200)
        .contentType("image/jpeg").extract().asByteArray();
    assertEquals((byte) 0xFF, jpeg[0]);
    given().when().get("/api/thumbnails/walk.mp4").then().statusCode(200).contentType("image/jpeg");
    given().when().get("/api/thumbnails/walk.mp4?moment=3").then().statusCode(400)
        .contentType("application/problem+json").body("detail", containsString("moment must be in 0..2"));
    given().when().get("/api/thumbnails/walk.mp4?moment=one").then().statusCode(400).contentType("application/problem+json");
    given().when().get("/api/thumbnails/photo.png?moment=0").then().statusCode(404)
        .body("detail", containsString("has no moments"));
    given().when().get("/api/items/photo.png").then().statusCode(200).body("moments", nullValue());
  }

  @Test
  void hitsNameTheirBestMoments() {
    JsonPath r = given().contentType(ContentType.JSON)
        .body(Map.of("parts", List.of(Map.of("type", "text", "text", "a walk by the sea")), "k", 10))
        .when().post("/api/search").then().statusCode(200).extract().jsonPath();
    List<Map<String, Object>> hits = r.getList("hits");
    int videos = 0;
    for (int i = 0; i < hits.size(); i++) {
      String id = r.getString("hits[" + i + "].item.id");
      List<Map<String, Object>> moments = r.getList("hits[" + i + "].moments");
      if (id.endsWith(".mp4")) {
        videos++;
        assertTrue(moments != null && !moments.isEmpty() && moments.size() <= 3, id + ": " + moments);
        double best = ((Number) moments.getFirst().get("score")).doubleValue();
        for (Map<String, Object> m : moments) {
          assertTrue(((Number) m.get("score")).doubleValue() <= best, "best first: " + moments);
          assertTrue(((String) m.get("thumbnail")).startsWith("/api/thumbnails/" + id + "?moment="));
        }
        List<Map<String, Object>> named = r.getList("hits[" + i + "].explanation.findAll { it.moment != null }");
        assertTrue(!named.isEmpty(), "a contribution names the moment its list matched: " + r.getList("hits[" + i + "].explanation"));
      } else {
        assertEquals(null, moments, id);
      }
    }
    assertEquals(2, videos);
  }

  /**
   * A video query is embedded as the index embeds videos, so the same video comes first in the
   * picture field (the tiny test models are random: their cross-modal fields say nothing, and the
   * bundle's end-to-end test covers those).
   */
  @Test
  void aVideoPartFindsTheSameVideoFirst() throws Exception {
    String data = Base64.getEncoder().encodeToString(video("music.mp4"));
    given().contentType(ContentType.JSON)
        .body(Map.of("parts", List.of(Map.of("type", "video", "data", data)), "fields", List.of("clip.image")))
        .when().post("/api/search").then().log().ifValidationFails().statusCode(200)
        .body("hits[0].item.id", equalTo("music.mp4"))
        .body("hits[0].explanation[0].score", org.hamcrest.Matchers.greaterThan(0.99f))
        .body("hits[0].moments", hasSize(lessThanOrEqualTo(3)));
    given().multiPart("video", "clip.mp4", video("walk.mp4"), "video/mp4").multiPart("text", "a walk")
        .when().post("/api/search").then().log().ifValidationFails().statusCode(200)
        .body("hits.item.id", org.hamcrest.Matchers.hasItem("walk.mp4"));
  }

  @Test
  void badVideosAreRefusedPrecisely() throws Exception {
    byte[] walk = video("walk.mp4");
    // Cut inside its header; frames gone (zeroed) after a whole header.
    byte[] truncated = Arrays.copyOf(walk, 2000);
    byte[] noFrames = walk.clone();
    Arrays.fill(noFrames, 2000, noFrames.length, (byte) 0);
    for (byte[] bad : List.of(truncated, noFrames)) {
      given().multiPart("video", "bad.mp4", bad, "video/mp4").when().post("/api/search")
          .then().statusCode(422).contentType("application/problem+json").body("detail", startsWith("video cannot be decoded"));
    }
    // Cut in half: what is there is searched.
    given().multiPart("video", "half.mp4", Arrays.copyOf(walk, walk.length / 2), "video/mp4").when().post("/api/search")
        .then().statusCode(200);
    byte[] garbage = new byte[50_000];
    new java.util.Random(1).nextBytes(garbage);
    given().multiPart("video", "noise.mp4", garbage, "video/mp4").when().post("/api/search")
        .then().statusCode(415).contentType("application/problem+json").body("detail", containsString("MP4/MOV, WebM and MKV"));
    given().multiPart("video", "photo.png", Files.readAllBytes(TestModels.reference("photo.png")), "video/mp4")
        .when().post("/api/search").then().statusCode(415).contentType("application/problem+json");
    given().multiPart("video", "big.mp4", new byte[VideoIndex.MAX_VIDEO_BYTES + 10], "video/mp4")
        .when().post("/api/search").then().statusCode(413).body("detail", containsString("video is " + (VideoIndex.MAX_VIDEO_BYTES + 10) + " bytes"));
    given().multiPart("video", "notes.txt", "hello".getBytes(), "text/plain")
        .when().post("/api/search").then().statusCode(415).body("detail", containsString("video part has content type 'text/plain'"));
    given().multiPart("video", "empty.mp4", new byte[0], "video/mp4").when().post("/api/search")
        .then().statusCode(422).contentType("application/problem+json");
  }

  @Test
  void originalsAreServedInRangesForSeeking() throws Exception {
    byte[] file = Files.readAllBytes(VideoIndex.folder().resolve("walk.mp4"));
    byte[] whole = given().queryParam("modality", "video").when().get("/api/originals/walk.mp4")
        .then().statusCode(200).contentType("video/mp4").header("Accept-Ranges", "bytes").extract().asByteArray();
    assertArrayEquals(file, whole);
    byte[] part = given().header("Range", "bytes=100-1099").queryParam("modality", "video").when().get("/api/originals/walk.mp4")
        .then().statusCode(206).contentType("video/mp4")
        .header("Content-Range", "bytes 100-1099/" + file.length).header("Content-Length", "1000")
        .extract().asByteArray();
    assertArrayEquals(Arrays.copyOfRange(file, 100, 1100), part);
    byte[] tail = given().header("Range", "bytes=-10").when().get("/api/originals/walk.mp4")
        .then().statusCode(206).extract().asByteArray();
    assertArrayEquals(Arrays.copyOfRange(file, file.length - 10, file.length), tail);
    byte[] open = given().header("Range", "bytes=" + (file.length - 5) + "-").when().get("/api/originals/walk.mp4")
        .then().statusCode(206).header("Content-Range", "bytes " + (file.length - 5) + "-" + (file.length - 1) + "/" + file.length)
        .extract().asByteArray();
    assertEquals(5, open.length);
    given().header("Range", "bytes=" + file.length + "-").when().get("/api/originals/walk.mp4")
        .then().statusCode(416).header("Content-Range", "bytes */" + file.length).contentType("application/problem+json");
    // Several ranges, another unit, nonsense: the whole file, as the RFC allows.
    for (String ignored : List.of("bytes=0-1,5-6", "items=0-1", "bytes=x-y", "bytes=9-3")) {
      given().header("Range", ignored).when().get("/api/originals/walk.mp4").then().statusCode(200)
          .header("Content-Length", String.valueOf(file.length));
    }
  }
}
