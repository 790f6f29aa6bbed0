package dev.mmsearch.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * With an API key configured, everything but health and the page needs it, in any of its three
 * forms. The profile also shortens the idle timeout, to show a slow client is dropped.
 */
@QuarkusTest
@TestProfile(ApiKeyTest.WithKey.class)
class ApiKeyTest {

  public static final class WithKey implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("mmsearch.api-key", "s3cret-key", "quarkus.http.idle-timeout", "1s");
    }
  }

  @Test
  void keyRequiredForTheApiNotForHealthOrThePage() {
    given().get("/api/stats").then().statusCode(401).contentType(Problems.PROBLEM_JSON)
        .header("WWW-Authenticate", containsString("Bearer"))
        .body("detail", containsString("requires an API key"));
    given().header("X-API-Key", "wrong").get("/api/search?q=x").then().statusCode(401);
    given().get("/q/openapi").then().statusCode(401);
    given().get("/q/metrics").then().statusCode(401);
    given().header("X-API-Key", "s3cret-key").get("/api/stats").then().statusCode(200).body("items", equalTo(6));
    given().header("Authorization", "Bearer s3cret-key").get("/api/search?q=red").then().statusCode(200);
    given().cookie("mmsearch-api-key", "s3cret-key").get("/api/thumbnails/photo.png").then().statusCode(200);
    given().get("/q/health/ready").then().statusCode(200);
    given().get("/").then().statusCode(200).header("Cache-Control", "no-cache");
  }

  @io.quarkus.test.common.http.TestHTTPResource("/")
  java.net.URL base;

  @Test
  void aClientThatStopsSendingIsDropped() throws Exception {
    try (java.net.Socket s = new java.net.Socket(base.getHost(), base.getPort())) {
      s.setSoTimeout(10_000);
      s.getOutputStream().write("GET /api/stats HTTP/1.1\r\nHost: localhost\r\nX-Slow: ".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      s.getOutputStream().flush();
      long start = System.nanoTime();
      int read = s.getInputStream().read();
      long seconds = (System.nanoTime() - start) / 1_000_000_000L;
      org.junit.jupiter.api.Assertions.assertEquals(-1, read, "the server closes the connection");
      org.junit.jupiter.api.Assertions.assertTrue(seconds < 5, "within the 1 s idle timeout (took " + seconds + " s)");
    }
  }
}
