package dev.mmsearch.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The packaged server over a catalog that names a list model nobody fetched: it starts, stays
 * live but not ready, and readiness and every search say which model is missing and the command
 * that installs it.
 */
class MissingModelIT {

  @Test
  void readinessAndSearchesNameTheMissingModelAndTheFetchCommand() throws Exception {
    Path dir = Files.createTempDirectory("mmsearch-missing-model");
    Path catalog = Files.writeString(dir.resolve("catalog.json"), "{\"spaces\": {\"clip\": {\"model\": \"clip-vit-base-patch32\"}}}");
    try (PackagedServer s = new PackagedServer(List.of(), Map.of("MMSEARCH_CATALOG", catalog.toString()), false)) {
      var ready = s.get("/q/health/ready");
      assertEquals(503, ready.statusCode(), ready.body());
      assertTrue(ready.body().contains("model 'clip-vit-base-patch32' is not installed")
          && ready.body().contains("mmsearch models fetch clip-vit-base-patch32"), ready.body());
      assertEquals(200, s.get("/q/health/live").statusCode());
      var search = s.get("/api/search?q=red");
      assertEquals(503, search.statusCode());
      assertEquals(Problems.PROBLEM_JSON, search.headers().firstValue("Content-Type").orElse(""));
      assertTrue(search.body().contains("mmsearch models fetch clip-vit-base-patch32"), search.body());
      assertEquals(503, s.get("/api/stats").statusCode());
    }
  }
}
