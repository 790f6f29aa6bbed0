package dev.mmsearch.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What a careless client sends that used to pass silently: numbers with spaces, control
 * characters or nothing in them, explicit nulls, matrix parameters, unknown sort keys and targets,
 * and inputs echoed whole in errors. Over raw sockets, so nothing is cleaned up on the way.
 */
@QuarkusTest
@QuarkusTestResource(value = TestIndex.class, restrictToAnnotatedClass = false)
class StrictRequestsTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TestHTTPResource("/")
  URL base;

  @Test
  void numbersInQueryParametersAreStrict() throws Exception {
    assertEquals(200, get("/api/search?q=red&k=5").status());
    for (String k : List.of("%205", "5%20", "5%00", "%095", "", "5x", "0x5", "5.0", "%2B%205")) {
      RawHttp.Reply reply = get("/api/search?q=red&k=" + k);
      assertProblem(400, reply, "'k'");
    }
    assertProblem(400, get("/api/search?q=red&facets="), "'facets'");
    assertProblem(400, get("/api/search?q=red&facets=%20true"), "'facets'");
    assertProblem(400, get("/api/search?q=red&textWeight=1%00"), "'textWeight'");
    assertProblem(400, get("/api/search?q=red&textWeight=1d"), "'textWeight'");
  }

  @Test
  void anExplicitNullIsNotALeftOutKey() throws Exception {
    assertEquals(200, post("{\"parts\": [{\"type\": \"text\", \"text\": \"red\"}]}").status());
    for (String key : List.of("k", "offset", "window", "facets")) {
      RawHttp.Reply reply = post("{\"parts\": [{\"type\": \"text\", \"text\": \"red\"}], \"" + key + "\": null}");
      assertProblem(400, reply, "\"" + key + "\"");
    }
  }

  @Test
  void matrixParametersAreRefused() throws Exception {
    assertEquals(200, get("/api/items/photo.png").status());
    for (String path : List.of("/api/items/photo.png;y=1", "/api/similar/photo.png;y=1", "/api/thumbnails/photo.png;x",
        "/api;v=2/stats", "/api/search;a=b?q=red")) {
      assertProblem(400, get(path), "matrix parameters");
    }
  }

  @Test
  void unknownSortKeysAndTargetsAreRefused() throws Exception {
    assertEquals(200, post("{\"parts\": [{\"type\": \"text\", \"text\": \"red\"}], \"sort\": {\"by\": \"width\"}}").status());
    assertProblem(400, post("{\"parts\": [{\"type\": \"text\", \"text\": \"red\"}], \"sort\": {\"by\": \"widht\"}}"),
        "'widht' is not a numeric metadata key");
    assertEquals(200, post("{\"parts\": [{\"type\": \"metadata\", \"targets\": {\"width\": {\"value\": 100, \"scale\": 50}}}]}")
        .status());
    RawHttp.Reply unknown = post("{\"parts\": [{\"type\": \"metadata\", \"targets\": {\"hieght\": {\"value\": 100, \"scale\": 50}}}]}");
    assertProblem(400, unknown, "'hieght' is not a numeric metadata key");
    assertTrue(JSON.readTree(unknown.body()).path("detail").asText().contains("width"), "names the keys there are");
  }

  @Test
  void errorsDoNotEchoHugeInputs() throws Exception {
    String word = "x".repeat(1 << 20);
    RawHttp.Reply reply = post("{\"parts\": [{\"type\": \"metadata\", \"describe\": \"" + word + "\"}]}");
    assertProblem(400, reply, "unknown look word");
    assertTrue(reply.body().length < 2048, "a 1 MB word makes a " + reply.body().length + "-byte answer");
    RawHttp.Reply type = post("{\"parts\": [{\"type\": \"" + word + "\", \"text\": \"x\"}]}");
    assertTrue(type.status() == 400 && type.body().length < 2048, type.status() + ", " + type.body().length + " bytes");
    // A 1 MB key is over the parser's name limit (413) or unknown (400): either way a short answer.
    RawHttp.Reply key = post("{\"parts\": [{\"type\": \"text\", \"text\": \"x\"}], \"" + word + "\": 1}");
    assertTrue((key.status() == 400 || key.status() == 413) && key.body().length < 2048, key.status() + ", " + key.body().length
        + " bytes");
  }

  private RawHttp.Reply get(String target) throws Exception {
    return RawHttp.send(base, RawHttp.request("GET", target, Map.of(), null));
  }

  private RawHttp.Reply post(String json) throws Exception {
    return RawHttp.send(base, RawHttp.request("POST", "/api/search", Map.of("Content-Type", "application/json"),
        json.getBytes(StandardCharsets.UTF_8)));
  }

  private static void assertProblem(int status, RawHttp.Reply reply, String inDetail) throws Exception {
    String where = reply.status() + " " + RawHttp.abbreviated(reply.text());
    assertEquals(status, reply.status(), where);
    assertEquals(Problems.PROBLEM_JSON, reply.headers().get("content-type"), where);
    JsonNode problem = JSON.readTree(reply.body());
    assertTrue(problem.path("detail").asText().contains(inDetail), "detail names " + inDetail + ": " + where);
  }
}
