package dev.mmsearch.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mmsearch.testing.TestModels;
import io.quarkus.test.junit.QuarkusTest;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ItemResourceTest {

  @Test
  void itemById() {
    given().get("/api/items/photo.png").then().statusCode(200)
        .body("id", equalTo("photo.png"))
        .body("fields.caption", equalTo("a red circle and a blue square"))
        .body("metadata.shop", hasItem("north"))
        .body("original", equalTo("/api/originals/photo.png"));
    given().get("/api/items/sub dir/same photo.webp").then().statusCode(200)
        .body("thumbnail", equalTo("/api/thumbnails/sub%20dir/same%20photo.webp"));
  }

  @Test
  void originalIsTheIndexedFile() throws Exception {
    byte[] body = given().get("/api/originals/photo.png").then().statusCode(200).contentType("image/png")
        .extract().asByteArray();
    assertArrayEquals(Files.readAllBytes(TestModels.reference("photo.png")), body);
  }

  @Test
  void thumbnailIsASmallJpeg() throws Exception {
    byte[] body = given().get("/api/thumbnails/tall-alpha.png").then().statusCode(200).contentType("image/jpeg")
        .header("ETag", containsString("")).extract().asByteArray();
    BufferedImage img = ImageIO.read(new ByteArrayInputStream(body));
    assertEquals(256, img.getHeight(), "400 px tall original scaled to the 256 px limit");
    assertEquals(96, img.getWidth());
  }

  @Test
  void noPathTraversal() {
    // Dot segments are refused before routing (400), so no spelling of a path is read two ways (RequestPath).
    given().urlEncodingEnabled(false).get("/api/originals/../../../etc/passwd").then().statusCode(400)
        .contentType("application/problem+json").body("detail", containsString("'..' segment"));
    given().urlEncodingEnabled(false).get("/api/originals/%2e%2e/%2e%2e/etc/passwd").then().statusCode(400)
        .contentType("application/problem+json");
    given().get("/api/items/nope").then().statusCode(404).contentType("application/problem+json");
  }

  @Test
  void aManifestItemsFileIsServedWhereverTheManifestPutItUntilItIsReplaced() throws Exception {
    // Indexed through a manifest whose image lies outside the manifest's folder: the file the
    // manifest named is the item's, and is served as long as it is the file the indexer read.
    Path file = TestIndex.root.resolve("outside.png");
    byte[] original = Files.readAllBytes(file);
    assertArrayEquals(original, given().get("/api/originals/outsider").then().statusCode(200).contentType("image/png")
        .extract().asByteArray());
    Path kept = TestIndex.root.resolve("outside.png.kept");
    Path elsewhere = Files.createTempDirectory("mmsearch-elsewhere").resolve("secret.png");
    Files.write(elsewhere, Files.readAllBytes(TestModels.reference("photo.png")));
    try {
      // The path now a hard link to a file elsewhere: same path, another file. Not served.
      Files.move(file, kept);
      Files.createLink(file, elsewhere);
      given().get("/api/originals/outsider").then().statusCode(403).contentType("application/problem+json")
          .body("detail", containsString("not the file that was indexed"));
      // A symbolic link instead: the same.
      Files.delete(file);
      Files.createSymbolicLink(file, elsewhere);
      given().get("/api/originals/outsider").then().statusCode(403);
      // Deleted: the original is gone and so is its preview (index data, but of a file no longer there).
      Files.delete(file);
      given().get("/api/originals/outsider").then().statusCode(404);
      given().get("/api/thumbnails/outsider").then().statusCode(404).contentType("application/problem+json")
          .body("detail", containsString("was deleted"));
    } finally {
      Files.deleteIfExists(file);
      Files.move(kept, file); // a rename keeps the file itself: served again
      Files.delete(elsewhere);
    }
    given().get("/api/originals/outsider").then().statusCode(200);
    given().get("/api/thumbnails/outsider").then().statusCode(200).contentType("image/jpeg");
  }

  @Test
  void statsHealthOpenapiMetrics() {
    given().get("/api/stats").then().statusCode(200)
        .body("items", equalTo(TestIndex.ITEMS))
        .body("spaces.name", hasItem("dino"))
        .body("fields.find { it.field == 'dino.image' }.format", equalTo("int8"))
        .body("fields.find { it.field == 'clip.image' }.vectors", equalTo(6))
        .body("fields.find { it.field == 'clip.text' }.model", equalTo("clip-tiny"))
        // The job that loaded the collection recorded its end: every listed item finished, none failed.
        .body("indexing.running", equalTo(false))
        .body("indexing.listed", equalTo(TestIndex.ITEMS))
        .body("indexing.finished", equalTo(TestIndex.ITEMS))
        .body("indexing.failed", equalTo(0))
        .body("indexing.sinceCommitSeconds", greaterThanOrEqualTo(0));
    given().get("/q/health/ready").then().statusCode(200).body("checks[0].data.items", equalTo(TestIndex.ITEMS));
    given().get("/q/health/live").then().statusCode(200);
    given().get("/q/openapi").then().statusCode(200).body(containsString("/api/search"));
    given().queryParam("q", "x").get("/api/search").then().statusCode(200);
    given().get("/q/metrics").then().statusCode(200)
        .body(containsString("mmsearch_search_stage_seconds_bucket{stage=\"knn\""))
        .body(containsString("mmsearch_search_stage_seconds_bucket{stage=\"encode\""));
  }

  /** A repeated query skips its encoders (encode.EmbeddingCache) and answers exactly as the first time. */
  @Test
  void aRepeatedQueryIsAnsweredFromTheEmbeddingCache() {
    double before = metric("mmsearch_query_embeddings_hits_total");
    String q = "a striped zebra " + System.nanoTime();
    java.util.List<Object> first = given().queryParam("q", q).get("/api/search").then().statusCode(200)
        .extract().path("hits.collect { it.item.id + ' ' + it.score }");
    double between = metric("mmsearch_query_embeddings_hits_total");
    java.util.List<Object> second = given().queryParam("q", q).get("/api/search").then().statusCode(200)
        .extract().path("hits.collect { it.item.id + ' ' + it.score }");
    double after = metric("mmsearch_query_embeddings_hits_total");
    org.junit.jupiter.api.Assertions.assertEquals(before, between, "a new text is encoded, not found");
    org.junit.jupiter.api.Assertions.assertTrue(after > between, "the repeated text was found in the cache");
    org.junit.jupiter.api.Assertions.assertEquals(first, second);
  }

  private static double metric(String name) {
    for (String line : given().get("/q/metrics").then().statusCode(200).extract().asString().split("\n")) {
      if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
        return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    throw new AssertionError(name + " is not among the metrics");
  }

  @Test
  void webPageIsServed() {
    given().get("/").then().statusCode(200).body(containsString("<title>mmsearch</title>"));
    given().get("/js/api.js").then().statusCode(200).body(containsString("/api/search"));
    given().get("/js/main.js").then().statusCode(200).body(containsString("import"));
    given().get("/mmsearch.css").then().statusCode(200);
    given().get("/q/swagger-ui/").then().statusCode(200);
    given().get("/api/stats").then().body("version", greaterThan(0));
  }
}
