package dev.mmsearch.api;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mmsearch.testing.TestModels;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The API's answers to a fixed set of requests over the test collection ({@link TestIndex}:
 * captioned and uncaptioned pictures, sounds, a manifest item), compared byte for byte with
 * {@code golden/api-responses.json}, minus timings; on another machine, floats may differ in their
 * last digits (1e-5 relative) and nothing else. The packaged server runs over an index of its
 * own, so no other test's writes reach it (the in-process tests share one index, and
 * ConcurrencyTest writes to it). It pins behaviour across refactorings that
 * must not change it: every part type, fusion method, filter, facet, paging, sort, item view,
 * thumbnail and original bytes, stats, the OpenAPI document and the problem answers.
 *
 * <p>After a change that is meant to alter an answer, regenerate with
 * {@code ./mvnw -pl search-api -am verify -Dit.test=GoldenApiIT -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false
 * -Dgolden.update=true} and say in the commit which answers changed and why.
 */
class GoldenApiIT {

  /** The limits the in-process tests run with ({@link TestIndex#start}), under which the answers were recorded. */
  private static final List<String> LIMITS = List.of("-Dmmsearch.limits.max-image-bytes=1000000",
      "-Dmmsearch.limits.max-pixels=4000000", "-Dmmsearch.limits.max-audio-bytes=1000000",
      "-Dmmsearch.limits.max-audio-seconds=2");

  private static final Path GOLDEN = Path.of("src/test/resources/golden/api-responses.json");
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final Map<String, Function<RequestSpecification, Response>> requests = new LinkedHashMap<>();

  private static String base64(String referenceFile) throws Exception {
    return Base64.getEncoder().encodeToString(Files.readAllBytes(TestModels.reference(referenceFile)));
  }

  private void json(String name, Object body) {
    requests.put(name, r -> r.contentType(ContentType.JSON).body(body).post("/api/search"));
  }

  private void get(String name, String path, Map<String, ?> params) {
    requests.put(name, r -> r.queryParams(params).get(path));
  }

  private static Map<String, Object> text(String text) {
    return Map.of("type", "text", "text", text);
  }

  private void define() throws Exception {
    String photo = base64("photo.png");
    String speech = base64("audio/speech.wav");
    String chord = base64("audio/chord.flac");
    for (String q : List.of("a red circle", "green block purple egg", "speech", "colourful noise", "escaped file", "photo")) {
      get("GET q=" + q, "/api/search", Map.of("q", q, "k", 10));
      get("GET rrf q=" + q, "/api/search", Map.of("q", q, "k", 10, "fusion", "rrf"));
    }
    get("GET facets", "/api/search", Map.of("q", "photo", "k", 2, "offset", 1, "facets", "true"));
    get("GET colours", "/api/search", Map.of("colours", "#ff0000,#0000ff", "proportions", "0.7,0.3"));
    get("GET look", "/api/search", Map.of("look", "bright, square"));
    get("GET text+look", "/api/search", Map.of("q", "noise", "look", "colourful", "lookWeight", "0.5"));
    get("GET window", "/api/search", Map.of("q", "a block", "window", 3, "k", 2));
    json("POST image", Map.of("parts", List.of(Map.of("type", "image", "data", photo)), "k", 10));
    json("POST audio wav", Map.of("parts", List.of(Map.of("type", "audio", "data", speech)), "k", 10));
    json("POST audio flac", Map.of("parts", List.of(Map.of("type", "audio", "data", chord)), "k", 10));
    json("POST item", Map.of("parts", List.of(Map.of("type", "item", "id", "photo.png")), "k", 10));
    json("POST text+item negative", Map.of("parts", List.of(text("a red circle and a blue square"),
        Map.of("type", "item", "id", "sub dir/same photo.webp", "weight", -0.5)), "k", 10));
    json("POST text+image", Map.of("parts", List.of(text("a red circle"), Map.of("type", "image", "data", photo, "weight", 2)),
        "k", 10, "fusion", "score"));
    json("POST palette", Map.of("parts", List.of(Map.of("type", "palette", "colours", List.of("#ff0000", "#0000ff"),
        "proportions", List.of(1, 1))), "k", 10));
    json("POST metadata targets", Map.of("parts", List.of(Map.of("type", "metadata", "targets",
        Map.of("width", Map.of("min", 10)))), "k", 10));
    json("POST metadata describe+text", Map.of("parts", List.of(text("noise"),
        Map.of("type", "metadata", "describe", "bright, square", "targets", Map.of("width", Map.of("min", 10)), "weight", 0.5))));
    json("POST modalities audio", Map.of("parts", List.of(text("a sound")), "modalities", List.of("audio")));
    json("POST filter", Map.of("parts", List.of(text("a block")), "filter", Map.of("shop", List.of("south")), "facets", true));
    json("POST sort", Map.of("parts", List.of(text("photo")), "sort", Map.of("by", "width", "order", "desc")));
    json("POST minScore", Map.of("parts", List.of(text("a red circle")), "minScore", 0.5));
    json("POST paging", Map.of("parts", List.of(text("photo")), "k", 2, "offset", 2));
    byte[] photoBytes = Files.readAllBytes(TestModels.reference("photo.png"));
    requests.put("multipart text+image", r -> r.multiPart("text", "a red circle")
        .multiPart("image", "q.png", photoBytes, "image/png")
        .multiPart("imageWeight", "2").multiPart("k", "4").post("/api/search"));
    for (String id : List.of("photo.png", "speech.wav", "small.png", "sub dir/same photo.webp", "outsider")) {
      get("item " + id, "/api/items/" + id, Map.of());
      get("similar " + id, "/api/similar/" + id, Map.of());
      get("thumbnail " + id, "/api/thumbnails/" + id, Map.of());
      get("original " + id, "/api/originals/" + id, Map.of());
    }
    get("stats", "/api/stats", Map.of());
    get("openapi", "/q/openapi", Map.of("format", "json"));
    // Problems: one per class the API distinguishes.
    get("problem no part", "/api/search", Map.of());
    get("problem k", "/api/search", Map.of("q", "x", "k", "0"));
    get("problem look word", "/api/search", Map.of("look", "sparkly"));
    json("problem part type", Map.of("parts", List.of(Map.of("type", "sound", "data", "AAAA"))));
    json("problem palette", Map.of("parts", List.of(Map.of("type", "palette", "colours", List.of("red")))));
    json("problem corrupt image", Map.of("parts", List.of(Map.of("type", "image", "data", "AAAAAAAA"))));
    json("filter on an unknown key", Map.of("parts", List.of(text("x")), "filter", Map.of("nope", List.of("y"))));
    get("problem unknown item", "/api/items/nothing-here", Map.of());
  }

  @Test
  void everyAnswerIsTheRecordedOne() throws Exception {
    define();
    ObjectNode answers = JSON.createObjectNode();
    try (PackagedServer server = new PackagedServer(LIMITS, Map.of())) {
      record(server.base, answers);
    }
    compare(answers);
  }

  private void record(String base, ObjectNode answers) throws Exception {
    for (var e : requests.entrySet()) {
      Response r = e.getValue().apply(given().baseUri(base).urlEncodingEnabled(true));
      ObjectNode answer = answers.putObject(e.getKey());
      answer.put("status", r.statusCode());
      String type = r.contentType() == null ? "" : r.contentType();
      answer.put("type", type);
      byte[] body = r.asByteArray();
      if (type.contains("json")) {
        answer.set("body", withoutTimings(JSON.readTree(body)));
      } else {
        answer.put("sha256", HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body)));
        answer.put("bytes", body.length);
      }
    }
  }

  private static void compare(ObjectNode answers) throws Exception {
    String now = JSON.writeValueAsString(answers) + "\n";
    if (Boolean.getBoolean("golden.update")) {
      Files.createDirectories(GOLDEN.getParent());
      Files.writeString(GOLDEN, now);
    }
    assertTrue(Files.exists(GOLDEN), "no recording at " + GOLDEN.toAbsolutePath() + "; run with -Dgolden.update=true");
    String recorded = Files.readString(GOLDEN, StandardCharsets.UTF_8);
    if (recorded.equals(now)) {
      return; // byte for byte: the case on the machine that recorded it
    }
    // Another CPU may round a float differently (SIMD widths in ONNX Runtime and Lucene): such
    // last-digit differences are not behaviour. Anything else — an id, an order, a status, a
    // message, a number beyond rounding — is.
    JsonNode before = JSON.readTree(recorded);
    List<String> differ = new ArrayList<>();
    answers.fieldNames().forEachRemaining(k -> differences(k, before.get(k), answers.get(k), differ));
    before.fieldNames().forEachRemaining(k -> {
      if (!answers.has(k)) {
        differ.add(k + ": gone");
      }
    });
    if (!differ.isEmpty()) {
      Path actual = Path.of("target/golden-api-responses.actual.json");
      Files.writeString(actual, now);
      assertEquals(recorded, now, "answers differ from the recording (now in " + actual + "):\n  "
          + String.join("\n  ", differ.subList(0, Math.min(differ.size(), 40))));
    }
  }

  /** Where {@code now} differs from {@code before} beyond float rounding, as paths. */
  private static void differences(String path, JsonNode before, JsonNode now, List<String> out) {
    if (before == null) {
      out.add(path + ": new");
    } else if (before.isNumber() && now.isNumber() && before.isFloatingPointNumber() && now.isFloatingPointNumber()) {
      double a = before.doubleValue();
      double b = now.doubleValue();
      if (Math.abs(a - b) > 1e-6 + 1e-5 * Math.max(Math.abs(a), Math.abs(b))) {
        out.add(path + ": " + a + " → " + b);
      }
    } else if (before.isObject() && now.isObject()) {
      List<String> keysBefore = new ArrayList<>();
      List<String> keysNow = new ArrayList<>();
      before.fieldNames().forEachRemaining(keysBefore::add);
      now.fieldNames().forEachRemaining(keysNow::add);
      if (!keysBefore.equals(keysNow)) {
        out.add(path + ": keys " + keysBefore + " → " + keysNow);
        return;
      }
      keysNow.forEach(k -> differences(path + "." + k, before.get(k), now.get(k), out));
    } else if (before.isArray() && now.isArray() && before.size() == now.size()) {
      for (int i = 0; i < now.size(); i++) {
        differences(path + "[" + i + "]", before.get(i), now.get(i), out);
      }
    } else if (!before.equals(now)) {
      out.add(path + ": " + abbreviate(before) + " → " + abbreviate(now));
    }
  }

  private static String abbreviate(JsonNode n) {
    String s = n.toString();
    return s.length() > 120 ? s.substring(0, 120) + "…" : s;
  }

  /** Timings and the indexing job's clock times differ from run to run; everything else must not. */
  private static JsonNode withoutTimings(JsonNode node) {
    if (node.isObject()) {
      ((ObjectNode) node).remove("timingsMs");
      if (node.get("indexing") instanceof ObjectNode indexing) {
        indexing.remove(List.of("started", "committed", "sinceCommitSeconds"));
      }
      for (Iterator<JsonNode> it = node.elements(); it.hasNext(); ) {
        withoutTimings(it.next());
      }
    } else if (node.isArray()) {
      node.forEach(GoldenApiIT::withoutTimings);
    }
    return node;
  }
}
