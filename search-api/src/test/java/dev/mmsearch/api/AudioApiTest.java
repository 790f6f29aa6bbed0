package dev.mmsearch.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.mmsearch.testing.TestModels;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.nio.file.Files;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * Sounds through the API: audio parts in JSON (base64) and in the multipart form, mixed with text,
 * every way a sound can be refused, and the originals of sounds.
 */
@QuarkusTest
@QuarkusTestResource(value = TestIndex.class, restrictToAnnotatedClass = false)
class AudioApiTest {

  private static String base64(String file) throws Exception {
    return Base64.getEncoder().encodeToString(Files.readAllBytes(TestModels.reference(file)));
  }

  @Test
  void aJsonAudioPartFindsTheSameSoundFirst() throws Exception {
    given().contentType(ContentType.JSON)
        .body(Map.of("parts", List.of(Map.of("type", "audio", "data", base64("audio/speech.wav"))), "k", 3))
        .when().post("/api/search")
        .then().statusCode(200)
        .body("hits[0].item.id", equalTo("speech.wav"))
        .body("hits[0].explanation.field", hasItem("clap.audio"))
        .body("hits[0].item.thumbnail", nullValue())
        .body("hits[0].item.media.audio", equalTo("/api/originals/speech.wav?modality=audio"));
  }

  @Test
  void aMultipartSoundWithTextAndWeights() throws Exception {
    given().multiPart("audio", "small.ogg", Files.readAllBytes(TestModels.reference("audio/chord.ogg")), "audio/ogg")
        .multiPart("audioWeight", "2").multiPart("text", "colourful noise").multiPart("textWeight", "0.5")
        .multiPart("k", "3")
        .when().post("/api/search")
        .then().statusCode(200)
        .body("hits[0].item.id", equalTo("small.png"))
        .body("hits[0].explanation.findAll { it.part == 1 }.field", hasItem("clap.audio"))
        .body("hits[0].explanation.findAll { it.part == 0 }.field", hasItem("text"))
        .body("hits[0].item.media.image", startsWith("/api/originals/small.png"))
        .body("hits[0].item.media.audio", equalTo("/api/originals/small.png?modality=audio"));
  }

  /** Every class of bad sound gets its own status, as problem+json, with the medium named. */
  @ParameterizedTest
  @CsvSource({
    "audio/chord-corrupt.ogg, 422, audio cannot be decoded",
    "audio/chord-truncated.flac, 422, audio cannot be decoded",
    "audio/chord-truncated.mp3, 422, audio cannot be decoded",
    "audio/chord-corrupt.wav, 422, audio cannot be decoded",
    "audio/picture.wav, 415, not a supported sound format",
    "audio/vorbis-in.wav, 415, WAV holds codec 0x674f",
    "audio/long.wav, 413, longer than the limit of 2 s"
  })
  void badSoundsAreRefusedPrecisely(String file, int status, String detail) throws Exception {
    given().contentType(ContentType.JSON)
        .body(Map.of("parts", List.of(Map.of("type", "text", "text", "x"), Map.of("type", "audio", "data", base64(file)))))
        .when().post("/api/search")
        .then().statusCode(status)
        .contentType("application/problem+json")
        .body("detail", containsString(detail))
        .body("detail", startsWith(status == 422 ? "audio cannot be decoded: part 1: " : "part 1: "));
    given().multiPart("audio", "upload", Files.readAllBytes(TestModels.reference(file)), "application/octet-stream")
        .when().post("/api/search")
        .then().statusCode(status)
        .contentType("application/problem+json")
        .body("detail", containsString(detail));
  }

  @Test
  void oversizedAndMistypedSoundsAreRefusedBeforeDecoding() {
    // Just over the sound limit: refused from the base64 length, before decoding.
    given().contentType(ContentType.JSON)
        .body(Map.of("parts", List.of(Map.of("type", "audio", "data", Base64.getEncoder().encodeToString(new byte[1_000_200])))))
        .when().post("/api/search")
        .then().statusCode(413).body("detail", equalTo("part 0: audio is about 1000200 bytes, more than the limit of 1000000 bytes"));
    // Further over: the JSON parser's string limit (sized to the largest medium) stops it first.
    byte[] big = new byte[1_100_000];
    given().contentType(ContentType.JSON)
        .body(Map.of("parts", List.of(Map.of("type", "audio", "data", Base64.getEncoder().encodeToString(big)))))
        .when().post("/api/search")
        .then().statusCode(413).body("detail", startsWith("JSON body exceeds a size limit"));
    given().multiPart("audio", "big.wav", big, "audio/wav")
        .when().post("/api/search")
        .then().statusCode(413).body("detail", containsString("audio is 1100000 bytes"));
    given().multiPart("audio", "notes.txt", "hello".getBytes(), "text/plain")
        .when().post("/api/search")
        .then().statusCode(415).body("detail", containsString("audio part has content type 'text/plain'"));
    given().multiPart("audio", "x").when().post("/api/search")
        .then().statusCode(400).body("detail", containsString("must be a file part"));
    given().contentType(ContentType.JSON)
        .body(Map.of("parts", List.of(Map.of("type", "audio", "text", "moo"))))
        .when().post("/api/search")
        .then().statusCode(400).body("detail", equalTo("part 0 (audio) needs \"data\""));
    given().contentType(ContentType.JSON)
        .body(Map.of("parts", List.of(Map.of("type", "sound", "data", "AAAA"))))
        .when().post("/api/search")
        .then().statusCode(400).body("detail", equalTo("part 0 has unknown type 'sound' (known: text, image, audio, video, item, palette, metadata)"));
  }

  @Test
  void originalsOfSoundsAreServedWithTheirType() throws Exception {
    byte[] served = given().queryParam("modality", "audio").when().get("/api/originals/small.png")
        .then().statusCode(200).contentType("audio/ogg").extract().asByteArray();
    assertArrayEquals(Files.readAllBytes(TestModels.reference("audio/chord.ogg")), served);
    given().when().get("/api/originals/speech.wav").then().statusCode(200).contentType("audio/wav");
    given().queryParam("modality", "image").when().get("/api/originals/speech.wav")
        .then().statusCode(404).body("detail", equalTo("item 'speech.wav' has no image file (has: [audio])"));
    given().queryParam("modality", "smell").when().get("/api/originals/speech.wav")
        .then().statusCode(400).body("detail", containsString("unknown modality 'smell'"));
    given().when().get("/api/thumbnails/speech.wav").then().statusCode(404);
    given().when().get("/api/items/small.png").then().statusCode(200)
        .body("media.image", equalTo("/api/originals/small.png?modality=image"))
        .body("media.audio", equalTo("/api/originals/small.png?modality=audio"));
  }
}
