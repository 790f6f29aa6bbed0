package dev.mmsearch.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The packaged server with an API key (as {@code mmsearch serve --api-key} starts it): everything
 * but health and the page needs the key, in any of its three forms. Its idle timeout is set to
 * 1 s, to show that a client that stops sending is dropped.
 */
class ApiKeyIT {

  @Test
  void keyRequiredForTheApiNotForHealthOrThePageAndSlowClientsAreDropped() throws Exception {
    try (PackagedServer s = new PackagedServer(List.of("-Dquarkus.http.idle-timeout=1s"), Map.of("MMSEARCH_API_KEY", "s3cret-key"))) {
      var denied = s.get("/api/stats");
      assertEquals(401, denied.statusCode());
      assertEquals(Problems.PROBLEM_JSON, denied.headers().firstValue("Content-Type").orElse(""));
      assertTrue(denied.headers().firstValue("WWW-Authenticate").orElse("").contains("Bearer"));
      assertTrue(denied.body().contains("requires an API key"), denied.body());
      assertEquals(401, s.get("/api/search?q=x", "X-API-Key", "wrong").statusCode());
      assertEquals(401, s.get("/q/openapi").statusCode());
      assertEquals(401, s.get("/q/metrics").statusCode());
      assertEquals(200, s.get("/api/stats", "X-API-Key", "s3cret-key").statusCode());
      assertEquals(200, s.get("/api/search?q=red", "Authorization", "Bearer s3cret-key").statusCode());
      assertEquals(200, s.get("/api/thumbnails/photo.png", "Cookie", "mmsearch-api-key=s3cret-key").statusCode());
      assertEquals(200, s.get("/q/health/ready").statusCode());
      var page = s.get("/");
      assertEquals(200, page.statusCode());
      assertEquals("no-cache", page.headers().firstValue("Cache-Control").orElse(""));
      assertEquals("nosniff", page.headers().firstValue("X-Content-Type-Options").orElse(""));

      URI base = URI.create(s.base);
      try (Socket slow = new Socket(base.getHost(), base.getPort())) {
        slow.setSoTimeout(10_000);
        slow.getOutputStream().write("GET /api/stats HTTP/1.1\r\nHost: localhost\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
        slow.getOutputStream().flush();
        long start = System.nanoTime();
        assertEquals(-1, slow.getInputStream().read(), "the server closes the connection");
        long seconds = (System.nanoTime() - start) / 1_000_000_000L;
        assertTrue(seconds < 5, "within the 1 s idle timeout (took " + seconds + " s)");
      }
    }
  }
}
