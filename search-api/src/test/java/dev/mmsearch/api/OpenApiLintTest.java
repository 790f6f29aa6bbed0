package dev.mmsearch.api;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Lints the OpenAPI document the running server serves with Redocly ({@code recommended}) and
 * Spectral ({@code spectral:oas}), at the versions pinned in {@code src/test/openapi-lint}: both
 * must report no error and no warning. Needs Node.js and npm (the linters install from the npm
 * registry on first run); under CI they are required, elsewhere the test is skipped without them.
 */
@QuarkusTest
class OpenApiLintTest {

  static Path work;

  @BeforeAll
  static void install() throws Exception {
    work = PinnedNpm.install("openapi-lint", ".bin/redocly", ".spectral.yaml", "redocly.yaml");
  }

  private static PinnedNpm.Result run(List<String> cmd, int seconds) throws IOException, InterruptedException {
    return PinnedNpm.run(work, cmd, seconds);
  }

  private static Path servedDocument() throws IOException {
    Path doc = work.resolve("openapi.json");
    Files.writeString(doc, given().queryParam("format", "json").get("/q/openapi").then().statusCode(200).extract().asString());
    return doc;
  }

  @Test
  void redoclyRecommendedReportsNothing() throws Exception {
    assumeTrue(work != null, "npm is not installed; the linters run under CI");
    servedDocument();
    PinnedNpm.Result r = run(List.of("node_modules/.bin/redocly", "lint", "openapi.json", "--config", "redocly.yaml", "--format", "json"), 120);
    JsonNode report = new ObjectMapper().readTree(r.output().substring(r.output().indexOf('{')));
    assertEquals(0, report.path("totals").path("errors").asInt(-1), r.output());
    assertEquals(0, report.path("totals").path("warnings").asInt(-1), r.output());
    assertEquals(0, r.code(), r.output());
  }

  @Test
  void spectralOasReportsNothing() throws Exception {
    assumeTrue(work != null, "npm is not installed; the linters run under CI");
    servedDocument();
    PinnedNpm.Result r = run(List.of("node_modules/.bin/spectral", "lint", "openapi.json", "--ruleset", ".spectral.yaml", "--format", "json",
        "--fail-severity", "hint", "--quiet"), 120);
    JsonNode results = new ObjectMapper().readTree(r.output().substring(r.output().indexOf('[')));
    assertEquals(0, results.size(), r.output());
    assertEquals(0, r.code(), r.output());
  }
}
