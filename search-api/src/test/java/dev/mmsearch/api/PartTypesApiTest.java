package dev.mmsearch.api;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmsearch.query.PartType;
import dev.mmsearch.query.PartTypes;
import dev.mmsearch.testing.TestModels;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The part-type registry ({@link PartTypes}) against the API, exhaustively: every registered part
 * type has a sample here (a new type fails {@link #everyRegisteredTypeHasASample} until it gets
 * one), parses from JSON, from the multipart form and from a GET where it declares those shapes,
 * and is listed by {@code /api/stats}; and the OpenAPI document, written by annotations and
 * {@code META-INF/openapi.yaml}, names what the registry reads.
 */
@QuarkusTest
@QuarkusTestResource(value = TestIndex.class, restrictToAnnotatedClass = false)
class PartTypesApiTest {

  /** One part of each type as JSON (besides its type). */
  private static final Map<String, Map<String, Object>> JSON = Map.of(
      "text", Map.of("text", "a red circle"),
      "image", Map.of("data", file("photo.png")),
      "audio", Map.of("data", file("audio/speech.wav")),
      "video", Map.of("data", file("video/walk.mp4")),
      "item", Map.of("id", "small.png"),
      "palette", Map.of("colours", List.of("#ff0000", "#0000ff"), "proportions", List.of(1, 1)),
      "metadata", Map.of("describe", "bright", "targets", Map.of("width", Map.of("min", 10))));

  /** Text fields giving one part of each type that a flat form (GET, multipart) reads. */
  private static final Map<String, Map<String, String>> FORM = Map.of(
      "text", Map.of("text", "a red circle", "textWeight", "0.5"),
      "palette", Map.of("colours", "#ff0000, #0000ff", "proportions", "1, 1", "coloursWeight", "2"),
      "metadata", Map.of("look", "bright", "lookWeight", "0.5"));

  /** A file to upload for each type the multipart form uploads. */
  private static final Map<String, List<String>> UPLOAD = Map.of(
      "image", List.of("photo.png", "image/png"),
      "audio", List.of("audio/speech.wav", "audio/wav"),
      "video", List.of("video/walk.mp4", "video/mp4"));

  @Inject
  SearchService service;

  @Inject
  SearchForms forms;

  private static String file(String name) {
    try {
      return java.util.Base64.getEncoder().encodeToString(Files.readAllBytes(TestModels.reference(name)));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void everyRegisteredTypeHasASample() {
    for (PartType t : service.partTypes().all()) {
      assertTrue(JSON.containsKey(t.name()), "no JSON sample for part type " + t.name());
      assertEquals(!t.queryFields().isEmpty() || (!t.formFields().isEmpty() && t.upload().isEmpty()),
          FORM.containsKey(t.name()), "a form sample exactly for the form part types: " + t.name());
      assertEquals(t.upload().isPresent(), UPLOAD.containsKey(t.name()), "an upload sample exactly for uploads: " + t.name());
    }
    assertEquals(new HashSet<>(service.partTypes().names()), JSON.keySet(), "samples of unregistered part types");
  }

  @Test
  void statsListEveryRegisteredType() {
    // The test catalog answers every type: a text and image space with audio, and a palette space.
    List<String> listed = given().get("/api/stats").then().statusCode(200).extract().path("partTypes");
    assertEquals(service.partTypes().names(), listed);
  }

  @Test
  void everyTypeParsesFromJson() {
    for (PartType t : service.partTypes().all()) {
      Map<String, Object> part = new LinkedHashMap<>(JSON.get(t.name()));
      part.put("type", t.name());
      given().contentType(ContentType.JSON).body(Map.of("parts", List.of(part), "k", 2)).post("/api/search")
          .then().statusCode(200);
    }
  }

  @Test
  void everyFormTypeParsesFromGetAndMultipart() {
    for (PartType t : service.partTypes().all()) {
      Map<String, String> fields = FORM.get(t.name());
      if (!t.queryFields().isEmpty()) {
        RequestSpecification get = given().queryParam("k", 2);
        fields.forEach(get::queryParam);
        get.get("/api/search").then().statusCode(200);
      }
      if (t.formFields().isEmpty()) {
        continue;
      }
      RequestSpecification form = given().multiPart("k", "2");
      if (t.upload().isPresent()) {
        List<String> upload = UPLOAD.get(t.name());
        form.multiPart(t.name(), "upload", bytes(upload.getFirst()), upload.get(1)).multiPart(PartType.weightField(t.name()), "2");
      } else {
        fields.forEach(form::multiPart);
      }
      form.post("/api/search").then().statusCode(200);
    }
  }

  private static byte[] bytes(String name) {
    try {
      return Files.readAllBytes(TestModels.reference(name));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /**
   * The OpenAPI document keeps its annotations (its text is pinned by {@link GoldenApiIT}); this
   * checks they say what the registry reads: the JSON part's types and keys, the GET parameters,
   * and the multipart form's fields.
   */
  @Test
  void openApiDocumentAgreesWithTheRegistry() {
    PartTypes types = service.partTypes();
    var doc = given().queryParam("format", "json").get("/q/openapi").then().statusCode(200).extract().jsonPath();
    assertEquals(types.names(), doc.getList("components.schemas.Part.properties.type.enum"), "Part.type's enum");
    Set<String> keys = new TreeSet<>(Set.of("type", "weight"));
    types.all().forEach(t -> {
      keys.addAll(t.keys());
      keys.addAll(t.companions());
    });
    assertEquals(keys, new TreeSet<>(doc.<String, Object>getMap("components.schemas.Part.properties").keySet()), "Part's keys");
    List<String> parameters = doc.getList("paths.'/api/search'.get.parameters.name");
    assertEquals(new TreeSet<>(SearchResource.GET_PARAMS), new TreeSet<>(parameters), "GET /api/search parameters");
    Set<String> documented = doc.<String, Object>getMap("components.schemas.SearchForm.properties").keySet();
    Set<String> fields = forms.fields(types);
    assertTrue(fields.containsAll(documented), "SearchForm documents fields the form refuses: " + documented + " vs " + fields);
  }
}
