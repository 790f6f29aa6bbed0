package dev.mmsearch.api;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
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

  static final Path PINNED = Path.of("src/test/openapi-lint");
  static final Path WORK = Path.of("target/openapi-lint");
  static boolean available;

  @BeforeAll
  static void install() throws Exception {
    boolean ci = "true".equalsIgnoreCase(System.getenv("CI"));
    if (!onPath("npm")) {
      if (ci) {
        throw new IllegalStateException("CI needs npm for the OpenAPI linters (.ci/run installs Node.js)");
      }
      return;
    }
    Files.createDirectories(WORK);
    for (String f : List.of("package.json", "package-lock.json", ".spectral.yaml", "redocly.yaml")) {
      Files.copy(PINNED.resolve(f), WORK.resolve(f), StandardCopyOption.REPLACE_EXISTING);
    }
    if (!Files.isExecutable(WORK.resolve("node_modules/.bin/redocly"))) {
      Result r = run(List.of("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"), 300);
      if (r.code() != 0) {
        throw new IllegalStateException("npm ci failed: " + r.output());
      }
    }
    available = true;
  }

  private static boolean onPath(String tool) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
      if (Files.isExecutable(Path.of(dir, tool))) {
        return true;
      }
    }
    return false;
  }

  record Result(int code, String output) {}

  private static Result run(List<String> cmd, int seconds) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).directory(WORK.toFile()).redirectErrorStream(true).start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException("timed out: " + cmd);
    }
    return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
  }

  private static Path servedDocument() throws IOException {
    Path doc = WORK.resolve("openapi.json");
    Files.writeString(doc, given().queryParam("format", "json").get("/q/openapi").then().statusCode(200).extract().asString());
    return doc;
  }

  @Test
  void redoclyRecommendedReportsNothing() throws Exception {
    assumeTrue(available, "npm is not installed; the linters run under CI");
    servedDocument();
    Result r = run(List.of("node_modules/.bin/redocly", "lint", "openapi.json", "--config", "redocly.yaml", "--format", "json"), 120);
    JsonNode report = new ObjectMapper().readTree(r.output().substring(r.output().indexOf('{')));
    assertEquals(0, report.path("totals").path("errors").asInt(-1), r.output());
    assertEquals(0, report.path("totals").path("warnings").asInt(-1), r.output());
    assertEquals(0, r.code(), r.output());
  }

  @Test
  void spectralOasReportsNothing() throws Exception {
    assumeTrue(available, "npm is not installed; the linters run under CI");
    servedDocument();
    Result r = run(List.of("node_modules/.bin/spectral", "lint", "openapi.json", "--ruleset", ".spectral.yaml", "--format", "json",
        "--fail-severity", "hint", "--quiet"), 120);
    JsonNode results = new ObjectMapper().readTree(r.output().substring(r.output().indexOf('[')));
    assertEquals(0, results.size(), r.output());
    assertEquals(0, r.code(), r.output());
  }
}
